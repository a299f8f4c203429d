// An EventStore that counts the events its stream reads hand out: a test can then tell a page
// read from a whole-stream read without timing anything.
import type { EventStore, SnapshotStore, StoredEvent } from '../../../src/ports.js';

export interface CountingStore {
  readonly store: EventStore;
  /** Events yielded by readStream since the last reset. */
  readonly streamEventsRead: () => number;
  /** The largest maxCount asked of readStream since the last reset (Infinity for a read without one). */
  readonly largestReadAsked: () => number;
  readonly reset: () => void;
}

export const countingStore = (inner: EventStore): CountingStore => {
  let read = 0;
  let largest = 0;
  const store: EventStore = {
    ...inner,
    readStream: (streamId, options) => ({
      async *[Symbol.asyncIterator]() {
        const asked = options?.maxCount === undefined ? Infinity : Number(options.maxCount);
        largest = Math.max(largest, asked);
        for await (const event of inner.readStream(streamId, options)) {
          read += 1;
          yield event;
        }
      },
    }),
  };
  return {
    store,
    streamEventsRead: () => read,
    largestReadAsked: () => largest,
    reset: () => {
      read = 0;
      largest = 0;
    },
  };
};

/** A snapshot store that records what is saved into it, and can be made to fail. */
export const recordingSnapshots = (inner: SnapshotStore, failSaves = false) => {
  const saved: { revision: bigint; recordedAt: string; state: unknown }[] = [];
  const snapshots: SnapshotStore = {
    latest: (streamId, query) => inner.latest(streamId, query),
    save: async (snapshot) => {
      if (failSaves) throw new Error('disk full');
      saved.push({ revision: snapshot.revision, recordedAt: snapshot.recordedAt, state: snapshot.state });
      await inner.save(snapshot);
    },
  };
  return { snapshots, saved };
};

export const eventsOf = async (store: EventStore, streamId: string): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of store.readStream(streamId)) out.push(event);
  return out;
};
