// A reactor on the runner: it acts on the events of its filter one by one, saves its
// checkpoint once per batch, and after a failed reaction takes the batch again from the
// checkpoint (which is why its actions must be idempotent).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../../adapters/memory/checkpoint-store.js';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createReactor } from '../../../src/consumers/reactor.js';
import type { CheckpointStore, EventStore } from '../../../src/ports.js';
import { event, eventually } from './projector/fixtures.js';

let store: EventStore;
let checkpoints: CheckpointStore;
let saves: bigint[];

beforeEach(() => {
  store = createMemoryEventStore({ initialPosition: 2n ** 53n });
  const inner = createMemoryCheckpointStore();
  saves = [];
  checkpoints = {
    load: (name) => inner.load(name),
    save: async (name, position) => {
      saves.push(position);
      await inner.save(name, position);
    },
  };
});
afterEach(async () => {
  await store.close();
});

/** Appends Counted events with an AccountLost at every index in `lost`; returns their positions. */
const appendWithLost = async (count: number, lost: readonly number[]): Promise<bigint[]> => {
  const positions: bigint[] = [];
  for (let i = 0; i < count; i += 1) {
    const type = lost.includes(i) ? 'AccountLost' : 'Counted';
    const { position } = await store.append(`account-${i}`, [event(type, { i })], {
      expectedRevision: 'any',
    });
    positions.push(position);
  }
  return positions;
};

describe('reactor', () => {
  it('acts on the events of its filter, one by one, and saves its checkpoint once per batch', async () => {
    const positions = await appendWithLost(10, [1, 2, 7]);
    const reacted: bigint[] = [];
    const reactor = createReactor({
      name: 'test:lost',
      store,
      checkpoints,
      filter: { types: ['AccountLost'] },
      react: async (e) => void reacted.push(e.globalPosition),
      runner: { batchSize: 4 },
    });
    await reactor.catchUp();
    expect(reacted).toEqual([positions[1], positions[2], positions[7]]);
    expect(saves).toEqual([positions[3], positions[7], positions[9]]);
  });

  it('takes a batch again from its checkpoint after a failed reaction, telling onError', async () => {
    const positions = await appendWithLost(4, [1, 2]);
    const reacted: bigint[] = [];
    const errors: string[] = [];
    let fail = true;
    const reactor = createReactor({
      name: 'test:lost',
      store,
      checkpoints,
      filter: { types: ['AccountLost'] },
      react: async (e) => {
        if (e.globalPosition === positions[2] && fail) {
          fail = false;
          throw new Error('the service is down');
        }
        reacted.push(e.globalPosition);
      },
      onError: (error, name) => errors.push(`${name}: ${(error as Error).message}`),
      runner: { backoff: { initialMs: 5, maxMs: 20 } },
    });
    reactor.start();
    try {
      await eventually(() => reacted.length === 3);
      expect(reacted).toEqual([positions[1], positions[1], positions[2]]);
      expect(errors).toEqual(['test:lost: the service is down']);
      await eventually(async () => (await checkpoints.load('test:lost')) === positions[3]);
    } finally {
      await reactor.stop();
    }
  });
});
