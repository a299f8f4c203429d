// What KARE reports of consumers on EventStoreDB (the stand-in): lags counted in events, never
// in bytes of the log; the store's identity that checkpoints record; and the connection of a
// live subscription in the status of the consumer runner and the projector.
import { v4 as uuid } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreDbStore } from '../../adapters/eventstoredb/event-store.js';
import { createSqliteProjectionStorage } from '../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { checkpointInMemory } from '../../src/consumers/consumer-checkpoint.js';
import { ConsumerRunner, RUNNER_DEFAULTS } from '../../src/consumers/consumer-runner.js';
import { createProjector } from '../../src/consumers/projector/projector.js';
import type { EventStore } from '../../src/ports.js';
import { EsdbStandIn } from '../support/esdb-stand-in.js';
import { newEvent } from '../contracts/event-store.contract.js';
import { counterProjection, eventually, tempDir } from '../src/consumers/projector/fixtures.js';

let standIn: EsdbStandIn;
const stores: EventStore[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  standIn = await EsdbStandIn.start();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await standIn.stop();
});

/** Reconnecting after a drop takes 200–400 ms here: long enough for a status to see it under load. */
const SLOW_RECONNECT = { initialMs: 400, maxMs: 400 };

const open = (on: EsdbStandIn = standIn, reconnect = { initialMs: 20, maxMs: 50 }): EventStore => {
  const store = createEventStoreDbStore({
    connectionString: on.connectionString,
    timeoutMs: 3_000,
    reconnect,
  });
  stores.push(store);
  return store;
};

const unique = (category: string): string => `${category}-${uuid().slice(0, 8)}`;

/** Appends `count` events, one append each (positions on the server are then far apart). */
const appendEach = async (store: EventStore, count: number): Promise<bigint> => {
  const id = unique('account');
  let position = 0n;
  for (let i = 0; i < count; i += 1)
    ({ position } = await store.append(id, [newEvent('Counted', { i })], { expectedRevision: 'any' }));
  return position;
};

/** KARE's events in the store, read one by one. */
const eventsIn = async (store: EventStore): Promise<bigint> => {
  let count = 0n;
  for await (const _ of store.readAll()) count += 1n;
  return count;
};

const runnerOn = (store: EventStore, from: bigint, lagCap?: bigint): ConsumerRunner =>
  new ConsumerRunner(
    store,
    { name: 'recorder', checkpoint: checkpointInMemory(from), handle: () => undefined },
    { ...RUNNER_DEFAULTS, idleCheckMs: 50, ...(lagCap === undefined ? {} : { lagCap }) },
  );

describe('a lag on EventStoreDB', () => {
  it('counts events, not the distance between commit positions', async () => {
    const store = open();
    const before = await appendEach(store, 1);
    const head = await appendEach(store, 5);
    // Positions are offsets in the log: five events are much more than five apart.
    expect(head - before).toBeGreaterThan(5n);
    expect(await store.countEvents!(before, head, 100n)).toEqual({ events: 5n, capped: false });
    const runner = runnerOn(store, before);
    expect(await runner.status()).toEqual({
      name: 'recorder',
      position: before,
      head,
      lag: 5n,
      state: 'stopped',
    });
    await runner.catchUp();
    expect(await runner.status()).toMatchObject({ position: head, lag: 0n });
  });

  it('stops counting at the cap and says so', async () => {
    const store = open();
    const before = await appendEach(store, 1);
    const head = await appendEach(store, 5);
    expect(await store.countEvents!(before, head, 3n)).toEqual({ events: 3n, capped: true });
    expect(await runnerOn(store, before, 3n).status()).toMatchObject({ lag: 3n, lagCapped: true });
  });

  it('of the projector counts events too', async () => {
    const store = open();
    const dir = tempDir();
    const db = openReadModelDatabase(dir.path('read.sqlite'));
    cleanups.push(() => dir.remove());
    cleanups.push(() => void db.close());
    const projector = createProjector({
      store,
      storage: createSqliteProjectionStorage(db),
      projections: [counterProjection()],
    });
    const head = await appendEach(store, 4);
    const [before] = await projector.status();
    // Everything on the server is still to apply: every event of the stand-in's log so far.
    const all = await eventsIn(store);
    expect(before).toMatchObject({ position: 0n, head, lag: all });
    await projector.catchUp();
    expect((await projector.status())[0]).toMatchObject({ position: head, lag: 0n });
  });
});

describe('the identity of an EventStoreDB store', () => {
  it('is written once and read the same by every client; another server has another', async () => {
    const a = await open().storeId!();
    expect(a).toMatch(/^esdb:[0-9a-f-]{36}$/);
    const [b, c] = await Promise.all([open().storeId!(), open().storeId!()]);
    expect([b, c]).toEqual([a, a]);
    const other = await EsdbStandIn.start();
    cleanups.push(() => other.stop());
    expect(await open(other).storeId!()).not.toBe(a);
  });

  it('is not an event KARE reads from $all', async () => {
    const store = open();
    await store.storeId!();
    const head = await appendEach(store, 1);
    const streams = new Set<string>();
    for await (const event of store.readAll()) streams.add(event.streamId);
    expect([...streams].some((s) => s.startsWith('kare:'))).toBe(false);
    expect(await store.countEvents!(0n, head, 100_000n)).toEqual({
      events: await eventsIn(store),
      capped: false,
    });
  });
});

describe('the connection of a live consumer', () => {
  it('shows in the runner’s status: connected, reconnecting after a drop (attempts, why), connected again', async () => {
    const store = open(standIn, SLOW_RECONNECT);
    const head = await appendEach(store, 1);
    const runner = runnerOn(store, head);
    cleanups.push(() => runner.stop());
    runner.start();
    await eventually(async () => (await runner.status()).connection?.state === 'connected');
    expect((await runner.status()).connection).toEqual({ state: 'connected', attempts: 0 });
    standIn.dropSubscriptions();
    await eventually(async () => (await runner.status()).connection?.state === 'reconnecting', 5_000);
    expect((await runner.status()).connection?.lastError).toMatch(/dropped|connection/);
    await appendEach(store, 1);
    await eventually(async () => (await runner.status()).connection?.state === 'connected', 5_000);
    await runner.stop();
    expect((await runner.status()).connection).toBeUndefined();
  });

  it('shows in the projector’s status', async () => {
    const store = open(standIn, SLOW_RECONNECT);
    const dir = tempDir();
    const db = openReadModelDatabase(dir.path('read.sqlite'));
    cleanups.push(() => dir.remove());
    cleanups.push(() => void db.close());
    const projector = createProjector({
      store,
      storage: createSqliteProjectionStorage(db),
      projections: [counterProjection()],
      idleCheckMs: 50,
    });
    expect((await projector.status())[0]!.connection).toBeUndefined();
    projector.start();
    cleanups.push(() => projector.stop());
    await eventually(async () => (await projector.status())[0]!.connection?.state === 'connected');
    standIn.dropSubscriptions();
    await eventually(async () => (await projector.status())[0]!.connection?.state === 'reconnecting', 5_000);
    await eventually(async () => (await projector.status())[0]!.connection?.state === 'connected', 5_000);
  });
});
