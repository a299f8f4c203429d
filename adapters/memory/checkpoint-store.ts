// Checkpoints in memory: for tests and examples.
import type { CheckpointStore } from '../../src/ports.js';

export const createMemoryCheckpointStore = (): CheckpointStore => {
  const positions = new Map<string, bigint>();
  return {
    load: async (name) => positions.get(name),
    save: async (name, position) => {
      positions.set(name, position);
    },
  };
};
