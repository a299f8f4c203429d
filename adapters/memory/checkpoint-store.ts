// Checkpoints in memory: for tests and examples.
import type { CheckpointStore } from '../../src/ports.js';

export const createMemoryCheckpointStore = (): CheckpointStore => {
  const positions = new Map<string, bigint>();
  const issuers = new Map<string, string>();
  return {
    load: async (name) => positions.get(name),
    save: async (name, position, store) => {
      positions.set(name, position);
      if (store !== undefined) issuers.set(name, store);
    },
    issuer: async (name) => issuers.get(name),
  };
};
