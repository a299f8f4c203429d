// Where a consumer stands in the global log, as its runner reads and moves it. A reactor or a
// webhook sender keeps it in a CheckpointStore; the SSE fan-out keeps it in memory (a restarted
// server has no clients to resume); the projector commits it with its rows, in one transaction.
import type { CheckpointStore } from '../ports.js';

export interface ConsumerCheckpoint {
  /** The position of the last event handled (undefined: none yet). Read at every (re)start. */
  load(): Promise<bigint | undefined> | bigint | undefined;
  /** After a batch is handled: the position of its last event, and the id of the store that issued it. */
  save(position: bigint, store?: string): Promise<void> | void;
  /** Optional: the id of the store that issued the loaded position (undefined: not recorded). */
  issuer?(): Promise<string | undefined> | string | undefined;
}

/** A checkpoint in a CheckpointStore under the consumer's name. */
export const storedCheckpoint = (store: CheckpointStore, name: string): ConsumerCheckpoint => ({
  load: () => store.load(name),
  save: (position, issuedBy) => store.save(name, position, issuedBy),
  ...(store.issuer === undefined ? {} : { issuer: () => store.issuer!(name) }),
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
