// The history replays of the event streams: a page is read and serialised once for every replay
// at the same position, the log's end is never kept (it grows), and what is kept is bounded.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { HistoryReplays } from '../../../adapters/http/event-stream.js';
import type { EventStore, ReadAllOptions } from '../../../src/ports.js';

/** A memory store with `count` events, and how many events its readAll handed out. */
const storeOf = async (count: number) => {
  const store = createMemoryEventStore();
  for (let i = 0; i < count; i++)
    await store.append(
      'account-a',
      [{ eventId: randomUUID(), type: 'FeedbackRecorded', data: { n: i }, metadata: { schemaVersion: 1 } }],
      { expectedRevision: 'any' },
    );
  let read = 0;
  const counted: EventStore = Object.assign(Object.create(store) as EventStore, {
    readAll: (options?: ReadAllOptions) => ({
      async *[Symbol.asyncIterator]() {
        for await (const event of store.readAll(options)) {
          read += 1;
          yield event;
        }
      },
    }),
  });
  return { store: counted, read: () => read };
};

const positions = (page: readonly (readonly [{ globalPosition: bigint }, string])[]) =>
  page.map(([event]) => event.globalPosition);

describe('history replays', () => {
  it('read a page once for every replay at the same position, each event with its SSE message', async () => {
    const { store, read } = await storeOf(25);
    const replays = new HistoryReplays({ pageSize: 10 });
    const pages = await Promise.all(Array.from({ length: 5 }, () => replays.page(store, 0n)));
    expect(read()).toBe(10);
    for (const page of pages)
      expect(positions(page)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i + 1)));
    expect(pages[0]![0]![1]).toMatch(/^id: 1\nevent: FeedbackRecorded\ndata: \{/);
    expect(positions(await replays.page(store, 10n))).toHaveLength(10);
    expect(read()).toBe(20);
  });

  it('read the end of the log afresh: it grows', async () => {
    const { store, read } = await storeOf(15);
    const replays = new HistoryReplays({ pageSize: 10 });
    expect(positions(await replays.page(store, 10n))).toEqual([11n, 12n, 13n, 14n, 15n]);
    await store.append(
      'account-a',
      [{ eventId: randomUUID(), type: 'FeedbackRecorded', data: {}, metadata: { schemaVersion: 1 } }],
      { expectedRevision: 'any' },
    );
    expect(positions(await replays.page(store, 10n))).toEqual([11n, 12n, 13n, 14n, 15n, 16n]);
    expect(read()).toBe(11);
  });

  it('keep no more than their budget of bytes: the oldest pages go first', async () => {
    const { store, read } = await storeOf(40);
    const replays = new HistoryReplays({ pageSize: 10, sharedBytes: 1 });
    for (const after of [0n, 10n, 20n]) await replays.page(store, after);
    expect(read()).toBe(30);
    // Over budget, only the newest page is kept.
    await replays.page(store, 20n);
    expect(read()).toBe(30);
    await replays.page(store, 0n);
    expect(read()).toBe(40);
  });

  it('do not keep a page whose read failed', async () => {
    const { store } = await storeOf(20);
    let fail = true;
    const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
      readAll: (options?: ReadAllOptions) => {
        if (fail) throw new Error('store unavailable');
        return store.readAll(options);
      },
    });
    const replays = new HistoryReplays({ pageSize: 10 });
    await expect(replays.page(flaky, 0n)).rejects.toThrow('store unavailable');
    fail = false;
    expect(positions(await replays.page(flaky, 0n))).toHaveLength(10);
  });
});
