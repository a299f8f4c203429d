// What the contract can't show for the EventStoreDB adapter: exact positions above 2^53 as
// the server handed them out, a subscription resuming after the connection drops, bounded
// failure on an unreachable server, idempotency without an index of ids, and events KARE did not write.
// Always on the stand-in, whose hooks (dropping subscriptions, writing raw events) a real
// server does not offer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventStoreDbStore,
  type EventStoreDbOptions,
} from '../../adapters/eventstoredb/event-store.js';
import { createMemoryEventStore } from '../../adapters/memory/event-store.js';
import { importBook } from '../../src/app/cli/book-import.js';
import { toCloudEvent } from '../../src/cloud-events.js';
import { eventDefinition } from '../../src/commands/aggregates.js';
import { eventHash, GENESIS_HASH } from '../../src/hash-chain.js';
import type { DomainCommand } from '../../src/commands/aggregates.js';
import { createCommandHandler } from '../../src/commands/command-handler.js';
import {
  InvalidEventId,
  StoreUnavailable,
  WrongExpectedRevision,
  type EventStore,
  type StoredEvent,
  type Subscription,
} from '../../src/ports.js';
import { EsdbStandIn } from '../support/esdb-stand-in.js';
import { collect, newEvent, take } from '../contracts/event-store.contract.js';

let standIn: EsdbStandIn;
const stores: EventStore[] = [];

beforeAll(async () => {
  standIn = await EsdbStandIn.start();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await standIn.stop();
});

const open = (options: Partial<EventStoreDbOptions> = {}): EventStore => {
  const store = createEventStoreDbStore({ connectionString: standIn.connectionString, ...options });
  stores.push(store);
  return store;
};

const unique = (category: string): string => `${category}-${uuid().slice(0, 8)}`;

/** The next event if one arrives within `ms`, else undefined. */
const nextWithin = async (subscription: Subscription, ms: number): Promise<StoredEvent | undefined> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const next = subscription[Symbol.asyncIterator]()
    .next()
    .then((result) => (result.done === true ? undefined : result.value));
  const result = await Promise.race([next, timeout]);
  clearTimeout(timer);
  return result;
};

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('positions above 2^53', () => {
  it('are the exact bigints the server handed out, on every read path', async () => {
    const store = open();
    const id = unique('account');
    const before = await store.headPosition();
    const result = await store.append(id, [newEvent('A'), newEvent('B'), newEvent('C')], {
      expectedRevision: 'no_stream',
    });
    const onServer = standIn
      .positions()
      .filter((p) => p.streamId === id)
      .map((p) => p.position);
    expect(onServer).toHaveLength(3);
    // Not all of them survive a trip through a double: a stray Number() would show.
    expect(onServer.some((p) => BigInt(Number(p)) !== p)).toBe(true);
    expect((await collect(store.readStream(id))).map((e) => e.globalPosition)).toEqual(onServer);
    const fromAll = (await collect(store.readAll({ fromPosition: before }))).filter((e) => e.streamId === id);
    expect(fromAll.map((e) => e.globalPosition)).toEqual(onServer);
    expect(result.position).toBe(onServer[2]);
    expect(await store.headPosition()).toBe(onServer[2]);
  });
});

describe('reads longer than one server call', () => {
  it('page through streams and $all without losing or repeating an event', async () => {
    const store = open();
    const id = unique('supply');
    const before = await store.headPosition();
    for (let batch = 0; batch < 3; batch += 1) {
      const events = Array.from({ length: 200 }, (_, i) => newEvent('Counted', { n: batch * 200 + i }));
      await store.append(id, events, {
        expectedRevision: batch === 0 ? 'no_stream' : BigInt(batch * 200 - 1),
      });
      // Events of other writers in between, for $all to skip.
      standIn.appendRaw({ streamId: '$stats', type: '$statsCollected', data: { batch } });
    }
    const revisions = (await collect(store.readStream(id))).map((e) => e.revision);
    expect(revisions).toEqual(Array.from({ length: 600 }, (_, i) => BigInt(i)));
    const backwards = await collect(
      store.readStream(id, { direction: 'backwards', from: 550n, maxCount: 300 }),
    );
    expect(backwards.map((e) => e.revision)).toEqual(Array.from({ length: 300 }, (_, i) => BigInt(550 - i)));
    const all = await collect(store.readAll({ fromPosition: before }));
    expect(all.map((e) => e.data['n'])).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(await collect(store.readAll({ fromPosition: before, maxCount: 300 }))).toHaveLength(300);
    expect(await store.verify(id)).toMatchObject({ ok: true, events: 600n });
  });

  it('leave no server call open when the reader stops early', async () => {
    const store = createEventStoreDbStore({ connectionString: standIn.connectionString });
    const id = unique('supply');
    await store.append(
      id,
      Array.from({ length: 300 }, () => newEvent('E')),
      { expectedRevision: 'no_stream' },
    );
    for await (const event of store.readStream(id)) {
      expect(event.revision).toBe(0n);
      break;
    }
    for await (const event of store.readAll()) {
      expect(typeof event.globalPosition).toBe('bigint');
      break;
    }
    // Closing waits for every open call: it would hang on one left behind.
    const started = Date.now();
    await store.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('a subscription on a dropped connection', () => {
  it('resumes after the last delivered event: no gap, no duplicate', async () => {
    const store = open({ reconnect: { initialMs: 10, maxMs: 50 } });
    const id = unique('account');
    const before = await store.headPosition();
    await store.append(
      id,
      [1, 2, 3, 4, 5].map((i) => newEvent(`E${i}`)),
      { expectedRevision: 'no_stream' },
    );
    const subscription = store.subscribe({ fromPosition: before, filter: { categories: ['account'] } });
    const received = (await take(subscription, 3)).map((e) => e.type);
    expect(received).toEqual(['E1', 'E2', 'E3']);

    // Dropped in catch-up; more events arrive while it is away.
    expect(standIn.dropSubscriptions()).toBeGreaterThan(0);
    await store.append(id, [newEvent('E6'), newEvent('E7')], { expectedRevision: 4n });
    received.push(...(await take(subscription, 4)).map((e) => e.type));

    // Dropped again while live and idle, then once more right after an append.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(standIn.dropSubscriptions()).toBeGreaterThan(0);
    await store.append(id, [newEvent('E8')], { expectedRevision: 6n });
    standIn.dropSubscriptions();
    await store.append(id, [newEvent('E9')], { expectedRevision: 7n });
    received.push(...(await take(subscription, 2)).map((e) => e.type));

    expect(received).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9']);
    expect(await nextWithin(subscription, 300)).toBeUndefined();
    await subscription.close();
  });

  it('keeps positions strictly increasing across the resumption', async () => {
    const store = open({ reconnect: { initialMs: 10, maxMs: 50 } });
    const id = unique('supply');
    const before = await store.headPosition();
    const subscription = store.subscribe({ fromPosition: before, filter: { categories: ['supply'] } });
    await store.append(id, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
    const first = await take(subscription, 2);
    standIn.dropSubscriptions();
    await store.append(id, [newEvent('C'), newEvent('D')], { expectedRevision: 1n });
    const rest = await take(subscription, 2);
    const positions = [...first, ...rest].map((e) => e.globalPosition);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(4);
    expect(rest.map((e) => e.revision)).toEqual([2n, 3n]);
    await subscription.close();
  });

  it('holds back a server that runs ahead of a slow consumer, and loses nothing', async () => {
    const store = open();
    const id = unique('supply');
    const before = await store.headPosition();
    const subscription = store.subscribe({ fromPosition: before, filter: { categories: ['supply'] } });
    for (let batch = 0; batch < 4; batch += 1) {
      const events = Array.from({ length: 250 }, (_, i) => newEvent('Counted', { n: batch * 250 + i }));
      await store.append(id, events, {
        expectedRevision: batch === 0 ? 'no_stream' : BigInt(batch * 250 - 1),
      });
    }
    // Well past the point where the adapter pauses the server stream.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const received = await take(subscription, 1000, 10_000);
    expect(received.map((e) => e.data['n'])).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    await subscription.close();
  });

  it('ends when the store is closed', async () => {
    const store = createEventStoreDbStore({ connectionString: standIn.connectionString });
    const subscription = store.subscribe({ fromPosition: await store.headPosition() });
    const pending = subscription[Symbol.asyncIterator]().next();
    await store.close();
    await expect(pending).resolves.toMatchObject({ done: true });
  });
});

describe('an unreachable server', () => {
  const sockets: Socket[] = [];
  let silent: Server | undefined;
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
    silent?.close();
    silent = undefined;
  });

  const listen = (server: Server): Promise<number> =>
    new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });

  it('is StoreUnavailable at once when nothing listens', async () => {
    const probe = createServer();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const store = createEventStoreDbStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false` });
    stores.push(store);
    const started = Date.now();
    const append = await rejectionOf(store.append('account-x', [newEvent('A')], { expectedRevision: 'any' }));
    expect(append).toBeInstanceOf(StoreUnavailable);
    expect((append as Error).message).toContain(`127.0.0.1:${port}`);
    expect(await rejectionOf(collect(store.readStream('account-x')))).toBeInstanceOf(StoreUnavailable);
    expect(await rejectionOf(store.headPosition())).toBeInstanceOf(StoreUnavailable);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is StoreUnavailable after the timeout when the server accepts but never answers', async () => {
    silent = createServer((socket) => sockets.push(socket));
    const port = await listen(silent);
    const store = createEventStoreDbStore({
      connectionString: `esdb://127.0.0.1:${port}?tls=false`,
      timeoutMs: 300,
    });
    stores.push(store);
    const started = Date.now();
    const append = await rejectionOf(store.append('account-x', [newEvent('A')], { expectedRevision: 'any' }));
    expect(append).toBeInstanceOf(StoreUnavailable);
    expect((append as Error).message).toMatch(/within 300 ms/);
    expect(await rejectionOf(collect(store.readAll()))).toBeInstanceOf(StoreUnavailable);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('idempotency and the event-id index', () => {
  it('stores concurrent retries of one append once, each getting the original result', async () => {
    const store = open();
    const id = unique('account');
    const batch = [newEvent('A'), newEvent('B')];
    const results = await Promise.all(
      [1, 2, 3].map(() => store.append(id, batch, { expectedRevision: 'no_stream' })),
    );
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect((await collect(store.readStream(id))).map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
  });

  it('recognises a retry with any: the tail already holds the batch', async () => {
    const store = open();
    const id = unique('account');
    const batch = [newEvent('A'), newEvent('B')];
    const first = await store.append(id, batch, { expectedRevision: 'any' });
    expect(await store.append(id, batch, { expectedRevision: 'any' })).toEqual(first);
    expect(await collect(store.readStream(id))).toHaveLength(2);
  });

  it('writes one record per event and no side stream', async () => {
    const store = open();
    const id = unique('account');
    const before = standIn.positions().length;
    await store.append(id, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
    await store.append(id, [newEvent('C')], { expectedRevision: 1n });
    await store.append(id, [newEvent('D')], { expectedRevision: 'any' });
    const written = standIn.positions().slice(before);
    expect(written.map((p) => p.streamId)).toEqual([id, id, id, id]);
  });

  it('refuses an id that is not a uuid, and stores an upper-case one as the server answers it', async () => {
    const store = open();
    const id = unique('account');
    const error = await rejectionOf(
      store.append(id, [{ ...newEvent('A'), eventId: 'not-a-uuid' }], { expectedRevision: 'no_stream' }),
    );
    expect(error).toBeInstanceOf(InvalidEventId);
    const upper = { ...newEvent('A'), eventId: uuid().toUpperCase() };
    const first = await store.append(id, [upper], { expectedRevision: 'no_stream' });
    // The retry compares ids as the server answers them (lower-case): an idempotent success.
    expect(await store.append(id, [upper], { expectedRevision: 'no_stream' })).toEqual(first);
    const [stored] = await collect(store.readStream(id));
    expect(stored?.eventId).toBe(upper.eventId.toLowerCase());
  });

  it('binds a command id with one marker, never taken over', async () => {
    const store = open();
    const key = `key-${uuid()}`;
    const before = standIn.positions().length;
    expect(await store.claimCommandId!(key, 'account-1')).toBe('account-1');
    expect(await store.claimCommandId!(key, 'account-2')).toBe('account-1');
    expect(await store.claimCommandId!(key, 'account-1')).toBe('account-1');
    const written = standIn.positions().slice(before);
    expect(written.map((p) => p.streamId)).toEqual([`kare:command-${key}`]);
    // The marker is not a KARE event: readers never see it.
    expect((await collect(store.readAll())).some((e) => e.streamId.startsWith('kare:'))).toBe(false);
  });

  it('lets the loser of a race retry its very events at the new head', async () => {
    const store = open();
    const id = unique('account');
    await store.append(id, [newEvent('Start')], { expectedRevision: 'no_stream' });
    const contenders = [[newEvent('A')], [newEvent('B')]];
    const outcomes = await Promise.allSettled(
      contenders.map((batch) => store.append(id, batch, { expectedRevision: 0n })),
    );
    const lost = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const reason = (outcomes[lost] as PromiseRejectedResult).reason as unknown;
    expect(reason).toBeInstanceOf(WrongExpectedRevision);
    expect(reason).toMatchObject({ expected: 0n, actual: 1n });
    await store.append(id, contenders[lost]!, { expectedRevision: 1n });
    expect((await collect(store.readStream(id))).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(await store.verify(id)).toMatchObject({ ok: true, events: 3n });
  });

  it('chains concurrent any-appends on one stream without a gap in revisions or in the chain', async () => {
    const store = open();
    const id = unique('supply');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.append(id, [newEvent('Any', { i })], { expectedRevision: 'any' }),
      ),
    );
    expect(new Set(results.map((r) => r.nextRevision))).toEqual(
      new Set(Array.from({ length: 10 }, (_, i) => BigInt(i))),
    );
    expect(await store.verify(id)).toMatchObject({ ok: true, events: 10n });
  });
});

describe('what KARE did not write', () => {
  it('is left out of readAll and subscriptions: system events and foreign events', async () => {
    const store = open();
    const id = unique('account');
    const before = await store.headPosition();
    const subscription = store.subscribe({ fromPosition: before });
    standIn.appendRaw({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected', data: { cpu: 1 } });
    standIn.appendRaw({ streamId: unique('account'), type: 'WrittenBySomeoneElse', data: { x: 1 } });
    await store.append(id, [newEvent('Ours')], { expectedRevision: 'no_stream' });
    const all = await collect(store.readAll({ fromPosition: before }));
    expect(all.map((e) => [e.streamId, e.type])).toEqual([[id, 'Ours']]);
    const [first] = await take(subscription, 1);
    expect(first?.type).toBe('Ours');
    await subscription.close();
  });

  it('breaks the chain where a foreign event sits in a KARE stream', async () => {
    const store = open();
    const id = unique('account');
    await store.append(id, [newEvent('A')], { expectedRevision: 'no_stream' });
    standIn.appendRaw({ streamId: id, type: 'Injected', data: {} });
    expect(await store.verify(id)).toMatchObject({ ok: false, brokenAt: 1n });
    // And an append can't chain on it.
    await expect(store.append(id, [newEvent('B')], { expectedRevision: 'any' })).rejects.toThrow(
      /not written by KARE/,
    );
  });
});

describe('recordedAt and the stored metadata', () => {
  it('stamps the clock time, keeps an imported time, and gives back the metadata as appended', async () => {
    const store = open({ clock: { now: () => '2024-01-02T03:04:05.678Z' } });
    const id = unique('account');
    const imported = { ...newEvent('Imported'), recordedAt: '2019-12-31T23:59:59.999Z' };
    const stamped = newEvent('Stamped');
    await store.append(id, [imported, stamped], { expectedRevision: 'no_stream' });
    const [first, second] = await collect(store.readStream(id));
    expect(first?.recordedAt).toBe('2019-12-31T23:59:59.999Z');
    expect(second?.recordedAt).toBe('2024-01-02T03:04:05.678Z');
    expect(first?.metadata).toEqual(imported.metadata);
    expect(first?.hash).toBe(eventHash(GENESIS_HASH, { ...imported, streamId: id, revision: 0n }));
  });
});

describe('the command handler on EventStoreDB', () => {
  const register = (accountId: string) => ({
    type: 'RegisterAccount' as const,
    data: { accountId, name: 'Acme', industry: 'TECHNOLOGY', region: 'East', at: '2026-03-02T09:00:00.000Z' },
  });

  it('replays a repeated key on its aggregate and refuses it on another (the 422), one marker per key', async () => {
    const store = open();
    const handler = createCommandHandler({ store, ids: { uuid } });
    const [a1, a2] = [uuid().slice(0, 8), uuid().slice(0, 8)];
    const key = `key-${uuid()}`;
    const request = (id: string) => ({
      aggregate: 'account' as const,
      aggregateId: id,
      command: register(id) as DomainCommand,
      commandId: key,
    });
    const before = standIn.positions().length;
    const first = await handler.handle(request(a1));
    expect(first).toMatchObject({ ok: true, result: { replayed: false } });
    expect(await handler.handle(request(a1))).toMatchObject({ ok: true, result: { replayed: true } });
    expect(await handler.handle(request(a2))).toMatchObject({
      ok: false,
      failure: { kind: 'idempotency_key_reused', storedIn: `account-${a1}` },
    });
    const written = standIn.positions().slice(before);
    expect(written.map((p) => p.streamId)).toEqual([`kare:command-${key}`, `account-${a1}`]);
  });
});

describe('catch-up reads of $all', () => {
  it('are filtered on the server: system and marker events never cross the wire', async () => {
    const store = open();
    const id = unique('account');
    const before = await store.headPosition();
    for (let i = 0; i < 300; i += 1)
      standIn.appendRaw({ streamId: '$stats-node', type: '$statsCollected', data: { i } });
    await store.claimCommandId!(`key-${uuid()}`, id);
    await store.append(id, [newEvent('Ours')], { expectedRevision: 'no_stream' });
    const sent = standIn.served.eventsSent;
    const all = await collect(store.readAll({ fromPosition: before }));
    expect(all.map((e) => e.type)).toEqual(['Ours']);
    expect(standIn.served.eventsSent - sent).toBe(1);
  });
});

describe('kare import onto EventStoreDB', () => {
  it('splits a stream run bigger than the maximum append size into appends the server takes', async () => {
    const source = createMemoryEventStore();
    const id = unique('account');
    const schemaVersion = eventDefinition('RevenueCorrected')!.schemaVersion;
    const money = { amount: 1, currency: 'CNY' };
    const events = Array.from({ length: 600 }, (_, i) => ({
      ...newEvent('RevenueCorrected', {
        accountId: id.slice('account-'.length),
        period: '2026-01',
        delta: money,
        reason: `${i} ${'r'.repeat(1990)}`,
        correctedAmount: money,
        at: '2026-02-01T00:00:00.000Z',
      }),
      metadata: { schemaVersion, actor: 'import-test' },
    }));
    await source.append(id, events, { expectedRevision: 'no_stream' });
    const dir = mkdtempSync(join(tmpdir(), 'kare-import-'));
    const file = join(dir, 'book.ndjson');
    const lines = (await collect(source.readAll())).map((event) => JSON.stringify(toCloudEvent(event)));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const appendsBefore = standIn.served.batchAppend;
    const summary = await importBook(open(), file);
    expect(summary).toMatchObject({ appended: 600, verified: 1 });
    // 600 events of ~2.3 KiB are ~1.4 MiB: more than one append, each under the 1 MiB maximum.
    expect(standIn.served.batchAppend - appendsBefore).toBeGreaterThanOrEqual(2);
    expect(await open().verify(id)).toMatchObject({ ok: true, events: 600n });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a read whose server goes quiet mid-page', () => {
  it('fails with StoreUnavailable after the deadline of the page, not only of its first answer', async () => {
    const store = open({ timeoutMs: 300 });
    const id = unique('account');
    await store.append(id, [newEvent('A'), newEvent('B'), newEvent('C')], { expectedRevision: 'no_stream' });
    standIn.stallNextRead(1);
    const started = Date.now();
    const error = await rejectionOf(collect(store.readStream(id)));
    expect(error).toBeInstanceOf(StoreUnavailable);
    // The call's own deadline or the page's, whichever fires first: never a hang.
    expect((error as Error).message).toMatch(/no answer to read account-\S+ within \d+ ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await collect(store.readStream(id))).map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });
});
