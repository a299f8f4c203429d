// The consumer runner on its own: catch-up in pages then live batches, a checkpoint per batch,
// filters, redelivery, retry with backoff from the last checkpoint, status and lag, stop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../../adapters/memory/checkpoint-store.js';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { storedCheckpoint } from '../../../src/consumers/consumer-checkpoint.js';
import {
  ConsumerRunner,
  RUNNER_DEFAULTS,
  type Consumer,
  type RunnerOptions,
} from '../../../src/consumers/consumer-runner.js';
import type {
  CheckpointStore,
  EventFilter,
  EventStore,
  ReadAllOptions,
  SubscribeOptions,
} from '../../../src/ports.js';
import { event, eventually } from './projector/fixtures.js';

/** Positions start above 2^53, so a stray Number() on a position shows. */
const FIRST_POSITION_AFTER = 2n ** 53n + 1001n;
const at = (n: number): bigint => FIRST_POSITION_AFTER + BigInt(n);

let store: EventStore;
let checkpoints: CheckpointStore;
const runners: ConsumerRunner[] = [];

beforeEach(() => {
  store = createMemoryEventStore({ initialPosition: FIRST_POSITION_AFTER });
  checkpoints = createMemoryCheckpointStore();
});
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  await store.close();
});

const append = async (count: number, type = 'Counted'): Promise<bigint> => {
  let position = 0n;
  for (let i = 0; i < count; i += 1)
    ({ position } = await store.append(`account-${i % 3}`, [event(type, { i })], {
      expectedRevision: 'any',
    }));
  return position;
};

interface Recorder {
  readonly batches: bigint[][];
  readonly saves: bigint[];
  handled(): bigint[];
}

/** A runner whose consumer records the batches it gets and the checkpoints it saves. */
const recording = (
  options: Partial<RunnerOptions> & {
    readonly on?: EventStore;
    readonly filter?: EventFilter;
    readonly handle?: Consumer['handle'];
  } = {},
): { runner: ConsumerRunner } & Recorder => {
  const batches: bigint[][] = [];
  const saves: bigint[] = [];
  const checkpoint = storedCheckpoint(checkpoints, 'recorder');
  const runner = new ConsumerRunner(
    options.on ?? store,
    {
      name: 'recorder',
      ...(options.filter === undefined ? {} : { filter: options.filter }),
      checkpoint: {
        load: () => checkpoint.load(),
        save: async (position) => {
          saves.push(position);
          await checkpoint.save(position);
        },
      },
      handle: async (events, signal, more) => {
        await options.handle?.(events, signal, more);
        batches.push(events.map((e) => e.globalPosition));
      },
    },
    { ...RUNNER_DEFAULTS, backoff: { initialMs: 5, maxMs: 20 }, ...options },
  );
  runners.push(runner);
  return { runner, batches, saves, handled: () => batches.flat() };
};

const range = (from: number, to: number): bigint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => at(from + i));

describe('consumer runner', () => {
  it('catches up from the start in pages of batchSize, checkpointing after each page', async () => {
    await append(25);
    const { runner, batches, saves } = recording({ batchSize: 10 });
    await runner.catchUp();
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(saves).toEqual([at(10), at(20), at(25)]);
    expect(await checkpoints.load('recorder')).toBe(at(25));
  });

  it('resumes after its saved checkpoint', async () => {
    await append(8);
    await checkpoints.save('recorder', at(5));
    const { runner, handled } = recording();
    await runner.catchUp();
    expect(handled()).toEqual(range(6, 8));
  });

  it('catches up, then follows live: every event once, in order', async () => {
    await append(12);
    const { runner, handled } = recording({ batchSize: 5 });
    runner.start();
    await eventually(() => runner.state === 'live');
    const head = await append(9);
    await eventually(() => handled().at(-1) === head);
    expect(handled()).toEqual(range(1, 21));
    expect(await checkpoints.load('recorder')).toBe(head);
  });

  it('takes a live burst in few batches, and saves the checkpoint once per batch', async () => {
    const { runner, batches, saves } = recording();
    runner.start();
    await eventually(() => runner.state === 'live');
    const burst = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.append(`account-${i % 5}`, [event('Counted')], { expectedRevision: 'any' }),
      ),
    );
    const head = burst.reduce((max, r) => (r.position > max ? r.position : max), 0n);
    await eventually(() => batches.flat().at(-1) === head);
    expect(batches.length).toBeLessThan(50);
    expect(saves).toEqual(batches.map((batch) => batch.at(-1)));
  });

  it('hands each live event over as it arrives when it does not gather bursts', async () => {
    const { runner, batches } = recording({ gatherBursts: false });
    runner.start();
    await eventually(() => runner.state === 'live');
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append(`account-${i % 5}`, [event('Counted')], { expectedRevision: 'any' }),
      ),
    );
    const head = burst.reduce((max, r) => (r.position > max ? r.position : max), 0n);
    await eventually(() => batches.flat().at(-1) === head);
    expect(batches.every((batch) => batch.length === 1)).toBe(true);
    expect(batches.flat()).toEqual(range(1, 20));
  });

  it('hands a filtered consumer only its events, yet moves its position past the others', async () => {
    await append(4, 'Counted');
    await append(2, 'AccountLost');
    const head = await append(3, 'Counted');
    const { runner, handled } = recording({ filter: { types: ['AccountLost'] } });
    await runner.catchUp();
    expect(handled()).toEqual([at(5), at(6)]);
    expect(await runner.status()).toMatchObject({ position: head, lag: 0n });
    expect(await checkpoints.load('recorder')).toBe(head);
  });

  it('drops events redelivered at or before its position', async () => {
    await append(10);
    // A store whose pages start again with the event before the one asked for.
    const stuttering: EventStore = {
      ...store,
      readAll: (options: ReadAllOptions = {}) => ({
        async *[Symbol.asyncIterator]() {
          const from = options.fromPosition ?? 0n;
          yield* store.readAll({ ...options, fromPosition: from > at(1) ? from - 1n : from });
        },
      }),
    };
    const { runner, handled } = recording({ on: stuttering, batchSize: 3 });
    await runner.catchUp();
    expect(handled()).toEqual(range(1, 10));
  });

  it('fails on a throwing handler, retries with a growing backoff from the last checkpoint, and recovers', async () => {
    await append(9);
    let failures = 3;
    const attempts: number[] = [];
    const seen: bigint[][] = [];
    const reported: unknown[] = [];
    const { runner, batches } = recording({
      batchSize: 3,
      backoff: { initialMs: 40, maxMs: 1000 },
      onFailure: (error) => reported.push(error),
      handle: (events) => {
        seen.push(events.map((e) => e.globalPosition));
        if (events.some((e) => e.globalPosition === at(5))) {
          attempts.push(Date.now());
          if (failures > 0) {
            failures -= 1;
            throw new Error('cannot handle the fifth');
          }
        }
      },
    });
    runner.start();
    await eventually(() => runner.state === 'failed');
    expect(runner.error).toBe('cannot handle the fifth');
    expect((await runner.status()).position).toBe(at(3));
    await eventually(() => batches.flat().at(-1) === at(9));
    // The failed page came again from the checkpoint after it, each time after a longer wait.
    expect(seen).toEqual([range(1, 3), range(4, 6), range(4, 6), range(4, 6), range(4, 6), range(7, 9)]);
    const waits = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(waits[0]).toBeGreaterThanOrEqual(35);
    expect(waits[1]).toBeGreaterThanOrEqual(75);
    expect(waits[2]).toBeGreaterThanOrEqual(155);
    expect(reported).toHaveLength(3);
    await eventually(() => runner.state === 'live');
    expect(runner.error).toBeUndefined();
  });

  it('restarts a subscription that ended, from its position', async () => {
    let subscriptions = 0;
    const ending: EventStore = {
      ...store,
      subscribe: (options?: SubscribeOptions) => {
        subscriptions += 1;
        const inner = store.subscribe(options);
        if (subscriptions === 1) void inner.close();
        return inner;
      },
    };
    const { runner, handled } = recording({ on: ending });
    runner.start();
    await eventually(() => subscriptions === 2 && runner.state === 'live');
    const head = await append(3);
    await eventually(() => handled().at(-1) === head);
    expect(handled()).toEqual(range(1, 3));
  });

  it('reports its position, the head and the lag as bigint, before and after catching up', async () => {
    const head = await append(6);
    await checkpoints.save('recorder', at(2));
    const { runner } = recording();
    expect(await runner.status()).toEqual({
      name: 'recorder',
      position: at(2),
      head,
      lag: 4n,
      state: 'stopped',
    });
    runner.start();
    await eventually(async () => (await runner.status()).state === 'live');
    expect(await runner.status()).toEqual({ name: 'recorder', position: head, head, lag: 0n, state: 'live' });
  });

  it('stops: a waiting handler is told, its batch is not checkpointed, and start resumes from the checkpoint', async () => {
    await append(3);
    let waiting = false;
    let abortedSeen = false;
    const { runner, handled } = recording({
      handle: async (events, signal) => {
        if (!events.some((e) => e.globalPosition === at(5))) return;
        waiting = true;
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        abortedSeen = signal.aborted;
      },
    });
    runner.start();
    await eventually(() => runner.state === 'live' && handled().length === 3);
    await append(2);
    await eventually(() => waiting);
    await runner.stop();
    expect(abortedSeen).toBe(true);
    expect(runner.state).toBe('stopped');
    expect(await checkpoints.load('recorder')).toBe(at(3));

    // Stopped: later appends wait for the next start, which takes them from the checkpoint.
    await append(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(handled().at(-1)).toBe(at(5));
    const again = recording();
    again.runner.start();
    await eventually(() => again.handled().at(-1) === at(6));
    expect(again.handled()).toEqual(range(4, 6));
  });

  it('refuses catchUp() while running, and start() while catching up', async () => {
    const { runner } = recording();
    runner.start();
    await expect(runner.catchUp()).rejects.toThrow(/is running/);
    await runner.stop();
    await append(3);
    const catchingUp = runner.catchUp();
    expect(() => runner.start()).toThrow(/is catching up/);
    await catchingUp;
  });
});
