// The turn gate on its own, on a fake clock the slices move: what runs in one turn of the event
// loop, what waits for the next, in which order, and what frees it.
import { describe, expect, it } from 'vitest';
import { TurnGate } from '../../../src/consumers/turn-gate.js';

/** A gate on a fake clock; `slice(name, ms)` costs ms on it and records the turn it ran in. */
const fakeGate = (budgetMs: number) => {
  let now = 0;
  let turn = 0;
  let ticking = true;
  const tick = (): void => {
    turn += 1;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const ran: { name: string; turn: number }[] = [];
  const gate = new TurnGate(budgetMs, () => now);
  return {
    gate,
    ran,
    slice: (name: string, ms: number) => async () => {
      ran.push({ name, turn });
      now += ms;
    },
    stop: () => void (ticking = false),
  };
};

/** The names run, grouped by the turn they ran in. */
const byTurn = (ran: readonly { name: string; turn: number }[]): string[][] => {
  const turns = new Map<number, string[]>();
  for (const { name, turn } of ran) turns.set(turn, [...(turns.get(turn) ?? []), name]);
  return [...turns.values()];
};

describe('TurnGate', () => {
  it('runs slices while the turn has room for them, the others in later turns in the order they asked', async () => {
    const { gate, ran, slice, stop } = fakeGate(10);
    const took = await Promise.all([
      gate.run(slice('a', 4), 4),
      gate.run(slice('b', 4), 4),
      // 8 + 4 is over the budget: the next turn; d, though it would fit, waits behind it.
      gate.run(slice('c', 4), 4),
      gate.run(slice('d', 1), 1),
      // Its cost unknown: only the first of a turn.
      gate.run(slice('e', 4)),
      gate.run(slice('f', 4), 4),
    ]);
    stop();
    expect(took.map(({ ms }) => ms)).toEqual([4, 4, 4, 1, 4, 4]);
    expect(byTurn(ran)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('runs the first slice of a turn whatever it costs, and nothing more in that turn', async () => {
    const { gate, ran, slice, stop } = fakeGate(10);
    await Promise.all([gate.run(slice('big', 30), 30), gate.run(slice('small', 1), 1)]);
    await gate.run(slice('after', 1), 1);
    stop();
    expect(byTurn(ran)).toEqual([['big'], ['small', 'after']]);
  });

  it('lets the next slice in beside one that awaits across turns (I/O): the loop was not held', async () => {
    const gate = new TurnGate(10);
    const order: string[] = [];
    let answer: () => void = () => undefined;
    const io = gate.run(async () => {
      order.push('io started');
      await new Promise<void>((resolve) => (answer = resolve));
      order.push('io done');
    });
    await gate.run(async () => void order.push('next'));
    answer();
    await io;
    expect(order).toEqual(['io started', 'next', 'io done']);
  });

  it('is freed by a slice that throws: the error is its caller, the next slice runs', async () => {
    const { gate, ran, slice, stop } = fakeGate(10);
    const failing = gate.run(async () => {
      throw new Error('the batch failed');
    });
    const next = gate.run(slice('next', 1), 1);
    await expect(failing).rejects.toThrow('the batch failed');
    await next;
    stop();
    expect(ran.map((r) => r.name)).toEqual(['next']);
  });

  it('refuses a budget that is not positive', () => {
    expect(() => new TurnGate(0)).toThrow('A turn budget must be positive, not 0');
    expect(() => new TurnGate(Number.NaN)).toThrow('positive');
  });
});
