// The projector on the memory and the SQLite event store: rows per entity, batches, the
// checkpoint (unhandled events, redelivery), live following, read-your-writes, status and
// lag, failure and restart, start/stop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectedEvent, Projection } from '../../../../projections/projection.js';
import type { EventStore, ReadAllOptions, StoredEvent, SubscribeOptions } from '../../../../src/ports.js';
import { documentBytes } from '../../../../src/consumers/projector/document-cache.js';
import { HeldBudget } from '../../../../src/consumers/projector/held-budget.js';
import { UnknownProjection } from '../../../../src/consumers/projector/unknown-projection.js';
import { collect } from '../../../contracts/event-store.contract.js';
import { runProjection } from '../../../support/projection-harness.js';
import {
  allRows,
  appendCounted,
  appendOrders,
  checkpoints,
  counterProjection,
  event,
  eventually,
  ordersProjection,
} from './fixtures.js';
import { FIRST_POSITION_AFTER, setUp, STORE_KINDS, type ProjectorSetup } from './projector-setup.js';

/** A store that hands out the last `again` events before `fromPosition` once more, as a resumed subscription may. */
const redelivering = (store: EventStore, again: number): EventStore => {
  const withEarlier = (fromPosition: bigint | undefined, rest: AsyncIterable<StoredEvent>) => ({
    async *[Symbol.asyncIterator]() {
      const earlier: StoredEvent[] = [];
      for await (const e of store.readAll()) {
        if (fromPosition === undefined || e.globalPosition > fromPosition) break;
        earlier.push(e);
      }
      yield* earlier.slice(-again);
      yield* rest;
    },
  });
  return {
    ...store,
    readAll: (options: ReadAllOptions = {}) => withEarlier(options.fromPosition, store.readAll(options)),
    subscribe: (options: SubscribeOptions = {}) => {
      const inner = store.subscribe(options);
      const iterable = withEarlier(options.fromPosition, inner);
      return { [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](), close: () => inner.close() };
    },
  };
};

const total = (rows: readonly { row: Readonly<Record<string, unknown>> }[]): number =>
  rows.reduce((sum, r) => sum + Number(r.row['count']), 0);

/** A store whose live subscriptions never deliver anything (but close properly). */
const deaf = (store: EventStore): EventStore => ({
  ...store,
  subscribe: () => {
    let close = (): void => undefined;
    const closed = new Promise<IteratorResult<StoredEvent>>((resolve) => {
      close = () => resolve({ done: true, value: undefined });
    });
    return { close: async () => close(), [Symbol.asyncIterator]: () => ({ next: () => closed }) };
  },
});

/** A counter that throws on `Poison` events while `poisoned()` says so. */
const poisonable = (poisoned: () => boolean, name = 'fragile-counter'): Projection => {
  const base = counterProjection(1, name);
  return {
    ...base,
    handles: [...base.handles, 'Poison'],
    apply: (e, context) => {
      if (e.type === 'Poison' && poisoned()) throw new Error('cannot digest Poison');
      base.apply(e, context);
    },
  };
};

describe.each(STORE_KINDS)('projector on the $name', (kind) => {
  let setup: ProjectorSetup;
  beforeEach(() => {
    setup = setUp(kind);
  });
  afterEach(async () => {
    await setup.close();
  });

  it('keeps one row per entity with its plain columns and its document', async () => {
    await appendCounted(setup.store, 30, 4);
    const { projector, reads } = setup.projector([counterProjection()]);
    await projector.catchUp();

    const rows = await reads.find('stream_counts');
    expect(rows.map((r) => r.key)).toEqual(['account-0', 'account-1', 'account-2', 'account-3']);
    // 30 events over 4 streams: 8, 8, 7, 7; Counted and Touched both count.
    expect(rows.map((r) => r.row['count'])).toEqual([8, 8, 7, 7]);
    const one = await reads.get('stream_counts', 'account-1');
    expect(one).toEqual({
      key: 'account-1',
      row: { stream_id: 'account-1', count: 8, last_type: 'Touched' },
      doc: { streamId: 'account-1', count: 8, lastType: 'Touched' },
    });
  });

  it('keeps the collections of one projection in step, deleting rows the reducer deletes', async () => {
    await appendOrders(setup.store, 60);
    const { projector, reads } = setup.projector([ordersProjection()], { batchSize: 7 });
    await projector.catchUp();

    const orders = await reads.find<{ amount: number; customer: string }>('orders');
    const totals = await reads.find<{ orders: number; amount: number }>('customer_totals');
    // Every fifth event cancels the order placed two events earlier.
    expect(orders).toHaveLength(60 - 2 * 12);
    expect(orders.some((o) => o.key === 'o-2')).toBe(false);
    for (const total of totals) {
      const mine = orders.filter((o) => o.doc.customer === total.key);
      expect(total.doc.orders).toBe(mine.length);
      expect(total.doc.amount).toBe(mine.reduce((sum, o) => sum + o.doc.amount, 0));
    }
    expect(totals.reduce((sum, t) => sum + t.doc.orders, 0)).toBe(orders.length);
  });

  it('moves the checkpoint past events it does not handle, so the lag is honest', async () => {
    await appendCounted(setup.store, 5);
    const head = (
      await setup.store.append('other-1', [event('NotForUs'), event('NorThis')], { expectedRevision: 'any' })
    ).position;
    const { projector } = setup.projector([counterProjection()]);
    await projector.catchUp();

    const [status] = await projector.status();
    expect(status).toMatchObject({ position: head, head, lag: 0n, version: 1 });
    expect(checkpoints(setup.readPath)).toEqual([
      { projection: 'stream-counter', state: 'live', version: 1, build: 0, position: head },
    ]);
  });

  it('reports position, head and lag as bigint beyond 2^53, before and after catching up', async () => {
    const head = await appendCounted(setup.store, 12);
    expect(head).toBe(FIRST_POSITION_AFTER + 12n);
    const { projector } = setup.projector([counterProjection()]);

    expect(await projector.status()).toEqual([
      // The lag counts events (12), not the distance between positions (the head, from 0).
      { name: 'stream-counter', version: 1, position: 0n, head, lag: 12n, state: 'stopped' },
    ]);
    await projector.catchUp();
    expect(await projector.status()).toEqual([
      { name: 'stream-counter', version: 1, position: head, head, lag: 0n, state: 'stopped' },
    ]);
  });

  it('commits many events per transaction while catching up', async () => {
    const head = await appendCounted(setup.store, 1000);
    const commits: bigint[] = [];
    const { projector, reads } = setup.projector([counterProjection()], {
      batchSize: 250,
      heldBatchBytes: 0,
      faults: { beforeCommit: (_, position) => void commits.push(position) },
    });
    await projector.catchUp();

    expect(commits).toEqual([250n, 500n, 750n, 1000n].map((n) => FIRST_POSITION_AFTER + n));
    expect(commits.at(-1)).toBe(head);
    const rows = await reads.find('stream_counts');
    expect(rows.reduce((sum, r) => sum + Number(r.row['count']), 0)).toBe(1000);
  });

  it('holds pages of history in one batch while its documents stay under the bound', async () => {
    // Four full pages, then an empty read at the head: the held pages are written there.
    const head = await appendCounted(setup.store, 1000, 10);
    const commits: bigint[] = [];
    const { projector, reads } = setup.projector([counterProjection()], {
      batchSize: 250,
      faults: { beforeCommit: (_, position) => void commits.push(position) },
    });
    await projector.catchUp();

    // The first page commits: the documents' size is learned from it; the rest are held.
    expect(commits).toEqual([FIRST_POSITION_AFTER + 250n, head]);
    const rows = await reads.find('stream_counts');
    expect(rows).toHaveLength(10);
    expect(rows.reduce((sum, r) => sum + Number(r.row['count']), 0)).toBe(1000);
    expect((await projector.status())[0]).toMatchObject({ position: head, lag: 0n });
  });

  it('commits a held batch once its documents pass the bound', async () => {
    // 1,000 streams: every page of 250 changes 250 more documents.
    const head = await appendCounted(setup.store, 1000, 1000);
    const commits: bigint[] = [];
    const { projector, reads } = setup.projector([counterProjection()], {
      batchSize: 250,
      // About 400 counters ({"streamId":"account-123","count":1,…}): full after a second page.
      heldBatchBytes: 400 * documentBytes('account-000', 56),
      faults: { beforeCommit: (_, position) => void commits.push(position) },
    });
    await projector.catchUp();

    expect(commits).toEqual([250n, 750n, 1000n].map((n) => FIRST_POSITION_AFTER + n));
    expect(commits.at(-1)).toBe(head);
    expect(await reads.find('stream_counts')).toHaveLength(1000);
  });

  it('holds the batches of all its projections within one budget', async () => {
    // 1,000 streams: every page of 250 changes 250 more documents of each projection.
    const head = await appendCounted(setup.store, 1000, 1000);
    const budget = new HeldBudget(400 * documentBytes('account-000', 56));
    const held: number[] = [];
    const mayHold = budget.mayHold.bind(budget);
    budget.mayHold = (holder, bytes) => {
      const answer = mayHold(holder, bytes);
      held.push(budget.heldBytes);
      return answer;
    };
    const commits = new Map<string, bigint[]>();
    const { projector, reads } = setup.projector(
      [counterProjection(), counterProjection(1, 'other-counter')],
      {
        batchSize: 250,
        heldBatchBytes: budget,
        faults: {
          beforeCommit: (name, position) => void commits.set(name, [...(commits.get(name) ?? []), position]),
        },
      },
    );
    await projector.catchUp();

    // Alone, each would hold its second page (250 documents of 400); together they don't.
    expect(held.length).toBeGreaterThan(0);
    expect(Math.max(...held)).toBeLessThanOrEqual(budget.bytes);
    const inBetween = [...commits.values()].flatMap((at) => at.slice(1, -1));
    expect(inBetween.length).toBeGreaterThanOrEqual(2);
    for (const at of commits.values()) expect(at.at(-1)).toBe(head);
    expect(budget.heldBytes).toBe(0);
    expect(await reads.find('stream_counts')).toHaveLength(1000);
    expect(await reads.find('other_counter')).toHaveLength(1000);
  });

  it('drops what a failed batch held: the restart applies every event once', async () => {
    const head = await appendCounted(setup.store, 1000, 10);
    let failures = 1;
    const { projector, reads } = setup.projector([counterProjection()], {
      batchSize: 250,
      restartBackoff: { initialMs: 1, maxMs: 1 },
      faults: {
        beforeCommit: (_, position) => {
          // The held pages' commit at the head fails once.
          if (position === head && failures > 0) {
            failures -= 1;
            throw new Error('disk hiccup');
          }
        },
      },
    });
    projector.start();
    expect(await projector.waitFor(head, 5000)).toBe(true);
    const rows = await reads.find('stream_counts');
    expect(rows.reduce((sum, r) => sum + Number(r.row['count']), 0)).toBe(1000);
    expect(failures).toBe(0);
  });

  it('changes nothing for a redelivered event (position at or before the checkpoint)', async () => {
    await appendCounted(setup.store, 40, 3);
    const honest = setup.projector(
      [counterProjection()],
      { batchSize: 6 },
      { readPath: setup.dir.path('honest.sqlite') },
    );
    await honest.projector.catchUp();

    const { projector } = setup.projector(
      [counterProjection()],
      { batchSize: 6 },
      { store: redelivering(setup.store, 4), readPath: setup.dir.path('redelivered.sqlite') },
    );
    await projector.catchUp();
    await appendCounted(setup.store, 9, 3);
    projector.start();
    const head = await setup.store.headPosition();
    expect(await projector.waitFor(head, 5000)).toBe(true);
    await honest.projector.catchUp();
    expect(allRows(setup.dir.path('redelivered.sqlite'))).toEqual(allRows(setup.dir.path('honest.sqlite')));
    expect(allRows(setup.dir.path('honest.sqlite'))['stream-counter/counters']).toHaveLength(3);
  });

  it('follows the store live after catching up, and waitFor gives read-your-writes', async () => {
    await appendCounted(setup.store, 10, 2);
    const { projector, reads } = setup.projector([counterProjection(), ordersProjection()]);
    projector.start();

    const { position } = await setup.store.append('account-9', [event('Counted')], {
      expectedRevision: 'any',
    });
    expect(await projector.waitFor(position, 5000)).toBe(true);
    expect((await reads.get('stream_counts', 'account-9'))?.row['count']).toBe(1);
    const placed = await setup.store.append(
      'order-1',
      [event('OrderPlaced', { orderId: 'o', customer: 'c', amount: 5 })],
      {
        expectedRevision: 'any',
      },
    );
    expect(await projector.waitFor(placed.position, 5000, 'orders')).toBe(true);
    expect((await reads.get('orders', 'o'))?.row).toEqual({
      order_id: 'o',
      customer: 'c',
      amount: 5,
      note: null,
    });
    await eventually(async () => (await projector.status()).every((s) => s.state === 'live' && s.lag === 0n));
  });

  it('commits a burst of live appends in few transactions', async () => {
    const { projector } = setup.projector([counterProjection()], {
      faults: { beforeCommit: () => void (commits += 1) },
    });
    let commits = 0;
    projector.start();
    await eventually(async () => (await projector.status())[0]?.state === 'live');
    const burst = Array.from({ length: 200 }, (_, i) =>
      setup.store.append(`account-${i % 5}`, [event('Counted')], { expectedRevision: 'any' }),
    );
    const last = (await Promise.all(burst)).reduce((max, r) => (r.position > max ? r.position : max), 0n);
    expect(await projector.waitFor(last, 5000)).toBe(true);
    expect(commits).toBeLessThan(50);
  });

  it('replaces a live subscription that stays quiet while the head moves on', async () => {
    await appendCounted(setup.store, 3);
    const { projector } = setup.projector(
      [counterProjection()],
      { idleCheckMs: 10 },
      { store: deaf(setup.store) },
    );
    projector.start();
    await eventually(async () => (await projector.status())[0]?.state === 'live');
    const { position } = await setup.store.append('account-5', [event('Counted')], {
      expectedRevision: 'any',
    });
    expect(await projector.waitFor(position, 5000)).toBe(true);
  });

  it('waitFor answers false when the position is not reached in time', async () => {
    const head = await appendCounted(setup.store, 3);
    const { projector } = setup.projector([counterProjection()]);
    projector.start();
    expect(await projector.waitFor(head, 5000)).toBe(true);
    expect(await projector.waitFor(head + 1000n, 30)).toBe(false);
  });

  it('waits for the named projection only; a stuck one holds up a wait for all', async () => {
    await appendCounted(setup.store, 3);
    const { position } = await setup.store.append('account-0', [event('Poison')], {
      expectedRevision: 'any',
    });
    const { projector } = setup.projector([counterProjection(), poisonable(() => true)]);
    projector.start();
    expect(await projector.waitFor(position, 5000, 'stream-counter')).toBe(true);
    expect(await projector.waitFor(position, 50)).toBe(false);
    expect(() => projector.waitFor(position, 50, 'no-such')).toThrow(UnknownProjection);
  });

  it('shows a failing projection as failed with its message, restarts it with backoff, and recovers', async () => {
    await appendCounted(setup.store, 4);
    let poisoned = true;
    const { position } = await setup.store.append('account-2', [event('Poison')], {
      expectedRevision: 'any',
    });
    await appendCounted(setup.store, 4);
    const head = await setup.store.headPosition();
    let tries = 0;
    const counting = () => {
      if (poisoned) tries += 1;
      return poisoned;
    };
    const { projector, reads } = setup.projector([poisonable(counting)], { batchSize: 3 });
    projector.start();

    await eventually(async () => (await projector.status())[0]?.state === 'failed');
    const [failed] = await projector.status();
    expect(failed?.error).toContain('cannot digest Poison');
    expect(failed?.error).toContain(`at position ${position}`);
    // Batches before the poison committed; the poisoned one never did.
    expect(failed?.position).toBe(FIRST_POSITION_AFTER + 3n);
    // It keeps restarting (with backoff) and failing on the same event, committing nothing.
    await eventually(() => tries >= 3);
    expect((await projector.status())[0]).toMatchObject({
      state: 'failed',
      position: FIRST_POSITION_AFTER + 3n,
    });
    poisoned = false;
    expect(await projector.waitFor(head, 5000)).toBe(true);
    const [recovered] = await projector.status();
    expect(recovered?.error).toBeUndefined();
    expect((await reads.find('fragile_counter')).reduce((n, r) => n + Number(r.row['count']), 0)).toBe(9);
  });

  it('stop finishes the current batch and ends; start resumes from the checkpoint', async () => {
    await appendCounted(setup.store, 50);
    let stopping: Promise<void> | undefined;
    const { projector, reads } = setup.projector([counterProjection()], {
      batchSize: 20,
      faults: {
        beforeCommit: () => {
          stopping ??= projector.stop();
        },
      },
    });
    projector.start();
    await eventually(() => stopping !== undefined);
    await stopping;

    const [stopped] = await projector.status();
    expect(stopped).toMatchObject({ state: 'stopped', position: FIRST_POSITION_AFTER + 20n });
    expect((await reads.find('stream_counts')).reduce((n, r) => n + Number(r.row['count']), 0)).toBe(20);

    const { projector: again, reads: readsAgain } = setup.projector([counterProjection()]);
    again.start();
    const head = await setup.store.headPosition();
    expect(await again.waitFor(head, 5000)).toBe(true);
    expect((await readsAgain.find('stream_counts')).reduce((n, r) => n + Number(r.row['count']), 0)).toBe(50);
  });

  it('stops a live projection cleanly: later appends wait for the next start', async () => {
    await appendCounted(setup.store, 5);
    const { projector } = setup.projector([counterProjection()]);
    projector.start();
    const head = await setup.store.headPosition();
    expect(await projector.waitFor(head, 5000)).toBe(true);
    await projector.stop();

    const { position } = await setup.store.append('account-1', [event('Counted')], {
      expectedRevision: 'any',
    });
    expect(await projector.waitFor(position, 30)).toBe(false);
    expect((await projector.status())[0]).toMatchObject({ state: 'stopped', position: head, lag: 1n });
    projector.start();
    expect(await projector.waitFor(position, 5000)).toBe(true);
  });

  it('fails a reducer that mutates a document it got, loudly and without committing the batch', async () => {
    await appendCounted(setup.store, 4, 1);
    const base = counterProjection(1, 'mutating-counter');
    const mutating: Projection = {
      ...base,
      apply: (e, context) => {
        const doc = context.get<{ count: number }>('counters', e.streamId);
        if (doc === undefined) return base.apply(e, context);
        doc.count += 1;
        context.put('counters', e.streamId, doc);
      },
    };
    const { projector } = setup.projector([mutating]);
    await expect(projector.catchUp()).rejects.toThrow(
      /mutating-counter failed on .* read only property 'count'/,
    );
    expect(checkpoints(setup.readPath)[0]?.position).toBe(0n);
  });

  it('gives the same documents and rows however the events fall into batches, as JSON would store them', async () => {
    await appendCounted(setup.store, 40, 3);
    // Puts what JSON changes (a Date, undefined, NaN) and reads it back on the next event.
    const quirky: Projection = {
      ...counterProjection(1, 'quirky-counter'),
      apply: (e, context) => {
        const doc = context.get<{ count: number; seen: string[]; at: unknown }>('counters', e.streamId);
        context.put('counters', e.streamId, {
          streamId: e.streamId,
          count: (doc?.count ?? 0) + 1,
          lastType: e.type,
          seen: [...(doc?.seen ?? []), typeof doc?.at],
          at: new Date(Date.parse('2026-01-01T00:00:00.000Z') + Number(doc?.count ?? 0) * 1000),
          missing: undefined,
          ratio: NaN,
        });
      },
    };
    const rowsWith = async (batchSize: number): Promise<Record<string, unknown[]>> => {
      const readPath = setup.dir.path(`batch-${batchSize}.sqlite`);
      await setup.projector([quirky], { batchSize }, { readPath }).projector.catchUp();
      return allRows(readPath);
    };
    const one = await rowsWith(1);
    expect(await rowsWith(7)).toEqual(one);
    expect(await rowsWith(1000)).toEqual(one);
    const events = await collect(setup.store.readAll());
    const harness = runProjection(quirky, events as unknown as ProjectedEvent[]);
    const docs = one['quirky-counter/counters']!.map(
      (row) => JSON.parse((row as { doc: string }).doc) as unknown,
    );
    expect(docs).toEqual(
      harness.rows('counters').map((row) => harness.doc('counters', String(row['stream_id']))),
    );
    expect(docs[0]).toMatchObject({
      seen: ['undefined', ...Array.from({ length: 13 }, () => 'string')],
      ratio: null,
    });
  });

  it('drops its cached documents when another projector moved its checkpoint meanwhile', async () => {
    await appendCounted(setup.store, 20, 3);
    const first = setup.projector([counterProjection()]);
    await first.projector.catchUp();
    await appendCounted(setup.store, 20, 3);
    await setup.projector([counterProjection()]).projector.catchUp();
    await appendCounted(setup.store, 20, 3);
    await first.projector.catchUp();
    expect(total(await first.reads.find('stream_counts'))).toBe(60);
  });

  it('refuses an unknown projection name, listing the known ones', async () => {
    const { projector } = setup.projector([counterProjection(), ordersProjection()]);
    await expect(projector.rebuild('tier-status')).rejects.toThrow(UnknownProjection);
    await expect(projector.rebuild('tier-status')).rejects.toThrow(/stream-counter, orders/);
  });
});

describe('projector definitions', () => {
  let setup: ProjectorSetup;
  beforeEach(() => {
    setup = setUp(STORE_KINDS[0]!);
  });
  afterEach(async () => {
    await setup.close();
  });

  it('refuses two projections with one name, or two declaring the same table', () => {
    expect(() => setup.projector([counterProjection(), counterProjection(2)])).toThrow(/Two projections/);
    const same = { ...ordersProjection(), name: 'orders-again' };
    expect(() => setup.projector([ordersProjection(), same])).toThrow(/declared by both/);
  });

  it('fails a projection whose tables changed without a version bump, saying so', async () => {
    await appendCounted(setup.store, 3);
    await setup.projector([counterProjection(1)]).projector.catchUp();
    const changed: Projection = { ...counterProjection(2), version: 1 };
    await setup.store.append('account-1', [event('Counted')], { expectedRevision: 'any' });
    await expect(setup.projector([changed]).projector.catchUp()).rejects.toThrow(/bump its version/);
  });
});
