// A consumer catching up through a long log on a store in process (SQLite answers without a turn
// of the event loop) lets the loop turn between pages: a server rebuilding its read models at
// start still listens and answers meanwhile (found serving a 3,000-account book after an upgrade).
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import {
  ConsumerRunner,
  MIN_SLICE,
  nextSliceSize,
  RUNNER_DEFAULTS,
} from '../../../src/consumers/consumer-runner.js';
import { TurnGate } from '../../../src/consumers/turn-gate.js';
import type { EventStore } from '../../../src/ports.js';
import { loopTurnsDuring } from '../../support/loop-turns.js';
import { appendCounted, tempDir, type TempDir } from './projector/fixtures.js';

let dir: TempDir | undefined;
let store: EventStore | undefined;

afterEach(async () => {
  await store?.close();
  dir?.remove();
});

describe('catching up through a long log', () => {
  it('gives the event loop a turn after every page', async () => {
    dir = tempDir();
    store = createSqliteEventStore({ path: dir.path('kare.sqlite'), sync: 'normal' });
    await appendCounted(store, 2000);
    let saved: bigint | undefined;
    let handled = 0;
    const runner = new ConsumerRunner(
      store,
      {
        name: 'counter',
        checkpoint: { load: async () => saved, save: async (position) => void (saved = position) },
        handle: async (events) => {
          handled += events.length;
        },
      },
      { ...RUNNER_DEFAULTS, batchSize: 200 },
    );
    const { turns } = await loopTurnsDuring(() => runner.catchUp());
    expect(handled).toBe(2000);
    // Ten pages of 200: the loop turned between them (a timer or a request would have run).
    expect(turns).toBeGreaterThanOrEqual(9);
  });

  it('with a turn gate, handles a slow page in slices as small as they go, a turn between them, each event once', async () => {
    dir = tempDir();
    store = createSqliteEventStore({ path: dir.path('kare.sqlite'), sync: 'normal' });
    await appendCounted(store, 2000);
    let saved: bigint | undefined;
    const batches: bigint[][] = [];
    const saves: bigint[] = [];
    const runner = new ConsumerRunner(
      store,
      {
        name: 'slow',
        checkpoint: {
          load: async () => saved,
          save: async (position) => {
            saved = position;
            saves.push(position);
          },
        },
        // Synchronous work well over the budget, whatever the batch's size: the slices shrink.
        handle: (events) => {
          batches.push(events.map((e) => e.globalPosition));
          const until = performance.now() + 5;
          while (performance.now() < until);
        },
      },
      { ...RUNNER_DEFAULTS, batchSize: 1000, turnGate: new TurnGate(1) },
    );
    const { turns } = await loopTurnsDuring(() => runner.catchUp());
    const handled = batches.flat();
    expect(handled).toHaveLength(2000);
    expect(new Set(handled).size).toBe(2000);
    expect([...handled].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(handled);
    // The first slice's cost is unknown: the floor; 5 ms, over the budget, keeps it there.
    const sizes = batches.map((b) => b.length);
    expect(sizes).toEqual(Array.from({ length: 2000 / MIN_SLICE }, () => MIN_SLICE));
    // A checkpoint per slice, at its last event, and the loop turned between slices.
    expect(saves).toEqual(batches.map((b) => b.at(-1)));
    expect(turns).toBeGreaterThanOrEqual(batches.length - 1);
  });
});

describe('nextSliceSize', () => {
  it('scales a slice over the budget down to it, never below the floor, and doubles one well under it up to the page', () => {
    expect(nextSliceSize(2000, 200, 50, 2000)).toBe(500);
    expect(nextSliceSize(100, 1000, 50, 2000)).toBe(MIN_SLICE);
    expect(nextSliceSize(500, 10, 50, 2000)).toBe(1000);
    expect(nextSliceSize(1500, 10, 50, 2000)).toBe(2000);
    expect(nextSliceSize(500, 40, 50, 2000)).toBe(500);
  });
});
