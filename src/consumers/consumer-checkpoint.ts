// Where a consumer stands in the global log, as its runner reads and moves it. A reactor or a
// webhook sender keeps it in a CheckpointStore; the SSE fan-out keeps it in memory (a restarted
// server has no clients to resume); the projector commits it with its rows, in one transaction.
import type { CheckpointStore } from '../ports.js';

export interface ConsumerCheckpoint {
  /** The position of the last event handled (undefined: none yet). Read at every (re)start. */
  load(): Promise<bigint | undefined> | bigint | undefined;
  /** After a batch is handled: the position of its last event. */
  save(position: bigint): Promise<void> | void;
}

/** A checkpoint in a CheckpointStore under the consumer's name. */
export const storedCheckpoint = (store: CheckpointStore, name: string): ConsumerCheckpoint => ({
  load: () => store.load(name),
  save: (position) => store.save(name, position),
});

/** A checkpoint that lives as long as the process, starting at `from`. */
export const checkpointInMemory = (from: bigint): ConsumerCheckpoint => {
  let position = from;
  return {
    load: () => position,
    save: (to) => {
      position = to;
    },
  };
};
