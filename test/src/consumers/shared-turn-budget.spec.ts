// Several projections catching up in a serving process (a start after a version change rebuilds
// them from position 0) share one turn budget: between two turns of the event loop their slices
// together take about the budget, not a slice each (measured at 3,000 accounts with a budget per
// runner: event-loop lag p99 0.29 s for 50 ms), and each of them moves on in turn.
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import { ConsumerRunner, RUNNER_DEFAULTS } from '../../../src/consumers/consumer-runner.js';
import { TurnGate } from '../../../src/consumers/turn-gate.js';
import type { Projection } from '../../../projections/projection.js';
import type { EventStore } from '../../../src/ports.js';
import { appendCounted, counterProjection, tempDir, type TempDir } from './projector/fixtures.js';
import { setUp, STORE_KINDS } from './projector/projector-setup.js';

let dir: TempDir | undefined;
let store: EventStore | undefined;

afterEach(async () => {
  await store?.close();
  dir?.remove();
});

const EVENTS = 1200;
const RUNNERS = 4;
const BUDGET_MS = 10;
/** What handling an event costs, on the fake clock: a slice of 50 events (the first) is 6.25 ms. */
const COST_MS = 0.125;

/** What ran between two turns of the event loop: the slices, by runner, and their cost. */
interface Turn {
  readonly slices: { readonly runner: number; readonly ms: number }[];
}

const turnMs = (turn: Turn): number => turn.slices.reduce((sum, slice) => sum + slice.ms, 0);

/**
 * RUNNERS runners catching up the same log together, each with the gate `gateOf` gives it, their
 * handler costing COST_MS an event on a fake clock the gates read; a setImmediate that comes
 * back every turn of the loop cuts what ran into turns.
 */
const catchUpTogether = async (
  gateOf: (clock: () => number) => (runner: number) => TurnGate,
): Promise<{ turns: Turn[]; handled: number[] }> => {
  dir = tempDir();
  store = createSqliteEventStore({ path: dir.path('kare.sqlite'), sync: 'normal' });
  await appendCounted(store, EVENTS);
  let now = 0;
  const gates = gateOf(() => now);
  const turns: Turn[] = [{ slices: [] }];
  const handled = Array.from({ length: RUNNERS }, () => 0);
  const runners = handled.map((_, runner) => {
    let saved: bigint | undefined;
    return new ConsumerRunner(
      store!,
      {
        name: `projection-${runner}`,
        checkpoint: { load: async () => saved, save: async (position) => void (saved = position) },
        handle: (events) => {
          now += events.length * COST_MS;
          handled[runner]! += events.length;
          turns.at(-1)!.slices.push({ runner, ms: events.length * COST_MS });
        },
      },
      { ...RUNNER_DEFAULTS, batchSize: 400, turnGate: gates(runner) },
    );
  });
  let done = false;
  const tick = (): void => {
    turns.push({ slices: [] });
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await Promise.all(runners.map((runner) => runner.catchUp()));
  } finally {
    done = true;
  }
  return { turns: turns.filter((turn) => turn.slices.length > 0), handled };
};

describe('one turn budget shared by the runners catching up', () => {
  it('lets their slices together take about the budget between two turns of the event loop', async () => {
    const { turns, handled } = await catchUpTogether((clock) => {
      const gate = new TurnGate(BUDGET_MS, clock);
      return () => gate;
    });
    expect(handled).toEqual(Array.from({ length: RUNNERS }, () => EVENTS));
    // Every turn within the budget: two slices of 6.25 ms don't fit in one.
    expect(Math.max(...turns.map(turnMs))).toBeLessThanOrEqual(BUDGET_MS);
    expect(Math.max(...turns.map((turn) => turn.slices.length))).toBe(1);
  });

  it('with a gate each (a budget per runner), a turn holds a slice of every runner', async () => {
    const { turns } = await catchUpTogether((clock) => () => new TurnGate(BUDGET_MS, clock));
    // The loop's turn waited for a slice of several runners: the lag the shared gate removes.
    expect(Math.max(...turns.map(turnMs))).toBeGreaterThanOrEqual(2 * BUDGET_MS);
    expect(Math.max(...turns.map((turn) => turn.slices.length))).toBeGreaterThanOrEqual(3);
  });

  it('moves every runner on in turn: between two slices of one, three of each other at most', async () => {
    const { turns } = await catchUpTogether((clock) => {
      const gate = new TurnGate(BUDGET_MS, clock);
      return () => gate;
    });
    const order = turns.flatMap((turn) => turn.slices.map((slice) => slice.runner));
    for (let runner = 0; runner < RUNNERS; runner += 1) {
      // From the start (-1): none waits for the others to be done before its first slice.
      const mine = [-1, ...order.flatMap((r, i) => (r === runner ? [i] : []))];
      const last = mine.at(-1)!;
      // First come, first served: the others take a slice each between two of its own; across
      // a page, one more each while it reads the next (a turn of its own) and one while it yields.
      const gaps = mine.slice(1).map((at, i) => at - mine[i]! - 1);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(3 * (RUNNERS - 1));
      expect(last).toBeGreaterThan(0);
    }
  });
});

describe('the projector in a serving process', () => {
  it('gives every projection it runs the one gate: pages of three, each within the budget, share a turn', async () => {
    const setup = setUp(STORE_KINDS[1]!);
    try {
      const head = await appendCounted(setup.store, 600);
      let now = 0;
      // A page of 40 events costs 5 ms on the fake clock: two fit the budget, not three.
      const costly = (name: string): Projection => {
        const counter = counterProjection(1, name);
        return {
          ...counter,
          apply: (event, context) => {
            now += COST_MS;
            counter.apply(event, context);
          },
        };
      };
      const { projector } = setup.projector(['counter-a', 'counter-b', 'counter-c'].map(costly), {
        batchSize: 40,
        turnGate: new TurnGate(BUDGET_MS, () => now),
      });
      const turns: number[] = [];
      let done = false;
      let last = 0;
      const tick = (): void => {
        turns.push(now - last);
        last = now;
        if (!done) setImmediate(tick);
      };
      setImmediate(tick);
      projector.start();
      try {
        expect(await projector.waitFor(head, 20_000)).toBe(true);
      } finally {
        done = true;
        await projector.stop();
      }
      expect(now).toBe(3 * 600 * COST_MS);
      // A gate each would let a turn hold a page of each: 15 ms.
      expect(Math.max(...turns)).toBeLessThanOrEqual(BUDGET_MS);
    } finally {
      await setup.close();
    }
  });
});
