// A store as someone who deleted rows behind it would leave it: the events `hidden` picks are gone
// from every read and from verification; streams may also be swapped for another store's copy.
import { verifyChain } from '../../../src/hash-chain.js';
import { StreamNotFound, type EventStore, type StoredEvent } from '../../../src/ports.js';

export const hiding = (
  store: EventStore,
  hidden: (event: StoredEvent) => boolean,
  swapped: ReadonlyMap<string, EventStore> = new Map(),
): EventStore => {
  const sourceOf = (streamId: string): EventStore => swapped.get(streamId) ?? store;
  const readStream: EventStore['readStream'] = (streamId, options) => ({
    async *[Symbol.asyncIterator]() {
      const { maxCount, ...rest } = options ?? {};
      const max = maxCount === undefined ? Infinity : Number(maxCount);
      let seen = 0;
      for await (const event of sourceOf(streamId).readStream(streamId, rest)) {
        if (hidden(event)) continue;
        if (seen >= max) return;
        seen += 1;
        yield event;
      }
      if (seen === 0 && options?.from === undefined) throw new StreamNotFound(streamId);
    },
  });
  const all = async (streamId: string): Promise<StoredEvent[]> => {
    const events: StoredEvent[] = [];
    try {
      for await (const event of sourceOf(streamId).readStream(streamId))
        if (!hidden(event)) events.push(event);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return events;
  };
  return Object.assign(Object.create(store) as EventStore, {
    readStream,
    readAll: (options?: Parameters<EventStore['readAll']>[0]) => ({
      async *[Symbol.asyncIterator]() {
        for await (const event of store.readAll(options)) if (!hidden(event)) yield event;
      },
    }),
    verify: async (streamId: string) => {
      const events = await all(streamId);
      if (events.length === 0) throw new StreamNotFound(streamId);
      return verifyChain(streamId, events);
    },
  });
};
