// Projections catching up together read each page of the log once: the second reader of a page
// gets the first one's events, a page still growing is read again, the pages kept stay within
// their bytes, and nothing but paged reads is touched.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { sharedPages, estimatedBytes } from '../../../src/consumers/shared-pages.js';
import type { EventStore, ReadAllOptions, StoredEvent } from '../../../src/ports.js';
import { appendCounted } from './projector/fixtures.js';

const MB = 1024 * 1024;

/** The store, counting the reads that reach it. */
const counted = (inner: EventStore): { store: EventStore; reads: () => number } => {
  let reads = 0;
  return {
    store: {
      ...inner,
      readAll: (options?: ReadAllOptions) => {
        reads += 1;
        return inner.readAll(options);
      },
    },
    reads: () => reads,
  };
};

const all = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
};

const positions = (events: readonly StoredEvent[]) => events.map((e) => e.globalPosition);

describe('shared pages of the log', () => {
  it('reads a full page once for every consumer asking for it, the same events in the same order', async () => {
    const memory = createMemoryEventStore();
    await appendCounted(memory, 30);
    const { store, reads } = counted(memory);
    const shared = sharedPages(store, 64 * MB);
    const page = { fromPosition: 10n, maxCount: 10 };
    // Two readers at once (one reading while the other asks) and one after.
    const [a, b] = await Promise.all([all(shared.readAll(page)), all(shared.readAll(page))]);
    const c = await all(shared.readAll(page));
    expect(reads()).toBe(1);
    expect(positions(a)).toEqual(positions(await all(memory.readAll(page))));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(c[0]).toBe(a[0]);
  });

  it('hands out frozen events: a consumer cannot change what another one reads', async () => {
    const memory = createMemoryEventStore();
    await appendCounted(memory, 5);
    const shared = sharedPages(memory, 64 * MB);
    const [first] = await all(shared.readAll({ maxCount: 5 }));
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first!.data)).toBe(true);
    expect(() => {
      (first!.data as Record<string, unknown>)['i'] = 99;
    }).toThrow(TypeError);
  });

  it('reads a page that reached the head again: the log has grown since', async () => {
    const memory = createMemoryEventStore();
    await appendCounted(memory, 5);
    const { store, reads } = counted(memory);
    const shared = sharedPages(store, 64 * MB);
    expect(await all(shared.readAll({ maxCount: 10 }))).toHaveLength(5);
    await appendCounted(memory, 3);
    expect(await all(shared.readAll({ maxCount: 10 }))).toHaveLength(8);
    expect(reads()).toBe(2);
  });

  it('keeps pages within its bytes, the oldest out first', async () => {
    const memory = createMemoryEventStore();
    await appendCounted(memory, 40);
    const page = estimatedBytes(await all(memory.readAll({ fromPosition: 20n, maxCount: 10 })));
    const { store, reads } = counted(memory);
    // Room for two pages of ten, not three.
    const shared = sharedPages(store, 2.5 * page);
    const pages = [0n, 10n, 20n].map((fromPosition) => ({ fromPosition, maxCount: 10 }));
    for (const options of pages) await all(shared.readAll(options));
    expect(reads()).toBe(3);
    await all(shared.readAll(pages[2]!));
    await all(shared.readAll(pages[1]!));
    expect(reads()).toBe(3);
    await all(shared.readAll(pages[0]!)); // dropped for the third
    expect(reads()).toBe(4);
  });

  it('drops its pages once none has been asked for a while: a server caught up keeps none', async () => {
    const memory = createMemoryEventStore();
    await appendCounted(memory, 20);
    const { store, reads } = counted(memory);
    const shared = sharedPages(store, 64 * MB, 30);
    const page = { fromPosition: 0n, maxCount: 10 };
    await all(shared.readAll(page));
    await all(shared.readAll(page));
    expect(reads()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await all(shared.readAll(page));
    expect(reads()).toBe(2);
  });

  it('passes a read with no page size, and a failed read, straight through (nothing kept)', async () => {
    const memory = createMemoryEventStore();
    await appendCounted(memory, 12);
    const { store, reads } = counted(memory);
    let fail = true;
    const failing: EventStore = {
      ...store,
      readAll: (options) => {
        if (!fail) return store.readAll(options);
        fail = false;
        return {
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('store down')) }),
        };
      },
    };
    const shared = sharedPages(failing, 64 * MB);
    await expect(all(shared.readAll({ maxCount: 4 }))).rejects.toThrow('store down');
    expect(await all(shared.readAll({ maxCount: 4 }))).toHaveLength(4);
    expect(await all(shared.readAll())).toHaveLength(12);
    expect(await all(shared.readAll())).toHaveLength(12);
    expect(reads()).toBe(3);
    expect(await shared.headPosition()).toBe(await memory.headPosition());
  });

  it('passes everything but paged reads to the store it wraps: appends, stream reads, subscriptions, verify, close', async () => {
    const memory = createMemoryEventStore();
    const shared = sharedPages(memory, 64 * MB);
    await appendCounted(shared, 6, 2);
    expect(await shared.headPosition()).toBe(6n);
    expect(await all(shared.readStream('account-0'))).toEqual(await all(memory.readStream('account-0')));
    expect((await shared.verify('account-1')).ok).toBe(true);
    const subscription = shared.subscribe({ fromPosition: 4n });
    const seen: bigint[] = [];
    for await (const event of subscription) {
      seen.push(event.globalPosition);
      if (seen.length === 2) break;
    }
    await subscription.close();
    expect(seen).toEqual([5n, 6n]);
    expect(shared.storeId === undefined).toBe(memory.storeId === undefined);
    await shared.close();
  });

  it('estimates a page’s bytes from what its events hold', async () => {
    const memory = createMemoryEventStore();
    await appendCounted(memory, 64);
    const events = await all(memory.readAll());
    const json = events.reduce(
      (sum, e) => sum + JSON.stringify(e.data).length + JSON.stringify(e.metadata).length,
      0,
    );
    expect(estimatedBytes(events)).toBeGreaterThan(2 * json);
    expect(estimatedBytes(events)).toBeLessThan(2 * json + 2000 * events.length);
    expect(estimatedBytes([])).toBe(0);
  });
});
