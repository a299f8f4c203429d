// Catching up, every projection pages through the same log: a `kare rebuild all`, a start on
// new projection versions or a `kare project` worker has eight consumers read the same pages,
// one page a turn each (the runner yields a turn between pages), so they keep step. This
// EventStore over another reads each page once and hands the same events to every consumer
// that asks for it: a page being read is shared, and full pages (history, never to change) are
// kept in a cache bounded in bytes, oldest out first, and dropped once no page has been asked
// for a few seconds. The events are frozen: consumers share them. Everything but paged reads
// goes straight to the store.
import type { EventStore, ReadAllOptions, StoredEvent } from '../ports.js';
import { optionalMethodsOf } from '../store-delegation.js';
import { ByteBoundedCache } from '../byte-bounded-cache.js';

/** Every how many events one is measured to estimate a page's bytes. */
const SAMPLE_EVERY = 16;
/** Per event beyond its JSON: the object, its fields, ids and hash (UTF-16 strings). */
const EVENT_OVERHEAD_BYTES = 600;

/** Estimated bytes of a page: one event in SAMPLE_EVERY measured as JSON (2 bytes a character). */
export const estimatedBytes = (events: readonly StoredEvent[]): number => {
  if (events.length === 0) return 0;
  let sampled = 0;
  let count = 0;
  for (let i = 0; i < events.length; i += SAMPLE_EVERY) {
    const { data, metadata } = events[i]!;
    sampled += 2 * (JSON.stringify(data).length + JSON.stringify(metadata).length);
    count += 1;
  }
  return Math.ceil((sampled / count + EVENT_OVERHEAD_BYTES) * events.length);
};

const deepFreeze = (value: unknown): void => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) for (const item of value) deepFreeze(item);
  else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
};

const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
};

/** Pages are dropped once none has been asked for this long: the projections are live again. */
export const IDLE_DROP_MS = 5000;

export const sharedPages = (inner: EventStore, maxBytes: number, idleDropMs = IDLE_DROP_MS): EventStore => {
  const kept = new ByteBoundedCache<readonly StoredEvent[]>(maxBytes);
  const reading = new Map<string, Promise<readonly StoredEvent[]>>();
  let idle: NodeJS.Timeout | undefined;

  // A server keeps no pages once caught up: the timer holds no process open.
  const stillWanted = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => kept.clear(), idleDropMs);
    idle.unref();
  };

  const keep = (key: string, events: readonly StoredEvent[]): void => {
    const bytes = estimatedBytes(events);
    // A page that would crowd out all others is not worth keeping.
    if (bytes <= maxBytes / 2) kept.set(key, events, bytes);
  };

  const read = (
    key: string,
    options: ReadAllOptions,
    maxCount: number | bigint,
  ): Promise<readonly StoredEvent[]> => {
    const page = collect(inner.readAll(options)).then(
      (events) => {
        reading.delete(key);
        for (const event of events) deepFreeze(event);
        // A short page reached the head: the next read of it may find more.
        if (BigInt(events.length) === BigInt(maxCount)) keep(key, events);
        return events;
      },
      (error: unknown) => {
        reading.delete(key);
        throw error;
      },
    );
    reading.set(key, page);
    return page;
  };

  const pageOf = (options: ReadAllOptions, maxCount: number | bigint): Promise<readonly StoredEvent[]> => {
    stillWanted();
    const key = `${options.fromPosition ?? 0n}/${maxCount}`;
    const found = kept.get(key);
    if (found !== undefined) return Promise.resolve(found.value);
    return reading.get(key) ?? read(key, options, maxCount);
  };

  return {
    readAll: (options) => {
      const maxCount = options?.maxCount;
      if (options === undefined || maxCount === undefined) return inner.readAll(options);
      return {
        async *[Symbol.asyncIterator]() {
          yield* await pageOf(options, maxCount);
        },
      };
    },
    append: (streamId, events, options) => inner.append(streamId, events, options),
    readStream: (streamId, options) => inner.readStream(streamId, options),
    subscribe: (options) => inner.subscribe(options),
    verify: (streamId) => inner.verify(streamId),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
    ...optionalMethodsOf(inner),
  };
};
