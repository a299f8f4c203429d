// Versions and blue/green: a new version (or `rebuild`) builds beside the live tables from
// position 0 while queries keep reading the live ones through the view; the swap of views
// and checkpoint is one transaction; the old tables go. Queries never find a table empty
// or missing.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Projection } from '../../../../projections/projection.js';
import { InvalidReadModelQuery, type EventStore, type ReadAllOptions } from '../../../../src/ports.js';
import {
  allRows,
  appendCounted,
  appendOrders,
  checkpoints,
  counterProjection,
  event,
  eventually,
  ordersProjection,
  schemaObjects,
} from './fixtures.js';
import { setUp, STORE_KINDS, type ProjectorSetup } from './projector-setup.js';

/**
 * Holds back reads that start below `below()` (the pages of a build catching up from 0)
 * until the test lets them through one at a time, or all at once.
 */
/** Gates still closed when a test ends are opened, so its projectors can stop. */
const gates: { openAll(): void }[] = [];

const gated = (store: EventStore, below: () => bigint, open = false) => {
  let waiting: (() => void)[] = [];
  const pass = (): Promise<void> =>
    open ? Promise.resolve() : new Promise<void>((resolve) => void waiting.push(resolve));
  const gate = {
    store: {
      ...store,
      readAll: (options: ReadAllOptions = {}) => ({
        async *[Symbol.asyncIterator]() {
          if ((options.fromPosition ?? 0n) < below()) await pass();
          yield* store.readAll(options);
        },
      }),
    } satisfies EventStore,
    waiting: () => waiting.length,
    step: () => waiting.shift()?.(),
    openAll: () => {
      open = true;
      for (const resolve of waiting) resolve();
      waiting = [];
    },
    close: () => {
      open = false;
    },
  };
  gates.push(gate);
  return gate;
};

const total = (rows: readonly { row: Readonly<Record<string, unknown>> }[]): number =>
  rows.reduce((sum, r) => sum + Number(r.row['count']), 0);

describe.each(STORE_KINDS)('blue/green on the $name', (kind) => {
  let setup: ProjectorSetup;
  beforeEach(() => {
    setup = setUp(kind);
  });
  afterEach(async () => {
    for (const gate of gates.splice(0)) gate.openAll();
    await setup.close();
  });

  it('builds a new version beside the live tables, which analysts keep reading whole, then swaps', async () => {
    await appendCounted(setup.store, 300, 9);
    await setup.projector([counterProjection(1)]).projector.catchUp();
    const analyst = new Database(setup.readPath, { readonly: true });
    const seen: { rows: number; sum: number; columns: string[]; tables: string[] }[] = [];
    try {
      const v2 = setup.projector([counterProjection(2)], {
        batchSize: 20,
        // A commit per page: the analyst looks in on the new build's transactions mid rebuild.
        heldBatchBytes: 0,
        faults: {
          // Inside every batch transaction of the new build: what does another connection see?
          beforeCommit: () => {
            const { rows, sum } = analyst
              .prepare('SELECT COUNT(*) AS rows, SUM(count) AS sum FROM stream_counts')
              .get() as { rows: number; sum: number };
            const columns = (
              analyst.prepare('PRAGMA table_info(stream_counts)').all() as { name: string }[]
            ).map((c) => c.name);
            const tables = (
              analyst
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'stream_counts%'")
                .all() as {
                name: string;
              }[]
            ).map((t) => t.name);
            seen.push({ rows, sum, columns, tables });
          },
        },
      });
      await v2.projector.catchUp();

      expect(seen.length).toBe(15);
      for (const view of seen) {
        expect(view).toEqual({
          rows: 9,
          sum: 300,
          columns: ['stream_id', 'count', 'last_type', 'doc'],
          tables: ['stream_counts__v1', 'stream_counts__v2'],
        });
      }
      const swapped = analyst.prepare('SELECT * FROM stream_counts ORDER BY stream_id').all() as {
        category: string;
        count: number;
      }[];
      expect(swapped).toHaveLength(9);
      expect(swapped.every((row) => row.category === 'account')).toBe(true);
      expect(swapped.reduce((sum, row) => sum + row.count, 0)).toBe(300);
    } finally {
      analyst.close();
    }
    const head = await setup.store.headPosition();
    expect(checkpoints(setup.readPath)).toEqual([
      { projection: 'stream-counter', state: 'live', version: 2, build: 0, position: head },
    ]);
    const objects = schemaObjects(setup.readPath);
    expect(objects.views).toEqual(['stream_counts']);
    expect(objects.tables.filter((t) => t.startsWith('stream_counts'))).toEqual(['stream_counts__v2']);
  });

  it('serves the old version to queries during the rebuild, then the new one; writes made meanwhile show after the swap', async () => {
    await appendCounted(setup.store, 120, 6);
    await setup.projector([counterProjection(1)]).projector.catchUp();
    let head = await setup.store.headPosition();
    const gate = gated(setup.store, () => head);
    const { projector: v2, reads } = setup.projector(
      [counterProjection(2)],
      { batchSize: 25 },
      { store: gate.store },
    );
    v2.start();

    for (let page = 0; page < 3; page += 1) {
      await eventually(() => gate.waiting() === 1);
      const [status] = await v2.status();
      expect(status).toMatchObject({ state: 'rebuilding', version: 1, position: head, lag: 0n });
      expect(status?.rebuild).toEqual({ version: 2, position: page === 0 ? 0n : expect.any(BigInt) });
      const rows = await reads.find('stream_counts');
      expect(rows).toHaveLength(6);
      expect(total(rows)).toBe(120);
      // The served layout is v1's: v2's new column isn't queryable yet.
      await expect(reads.find('stream_counts', { where: { category: 'account' } })).rejects.toThrow(
        InvalidReadModelQuery,
      );
      gate.step();
    }
    // The live version is the old one: nobody can apply this to it, so the wait holds out.
    const { position } = await setup.store.append('account-77', [event('Counted')], {
      expectedRevision: 'any',
    });
    expect(await v2.waitFor(position, 20)).toBe(false);
    gate.openAll();
    expect(await v2.waitFor(position, 5000)).toBe(true);
    head = position;
    const served = await reads.find('stream_counts', { where: { category: 'account' } });
    expect(served).toHaveLength(7);
    expect(total(served)).toBe(121);
    expect((await v2.status())[0]).toMatchObject({ version: 2, position, lag: 0n });
    expect((await v2.status())[0]?.rebuild).toBeUndefined();
  });

  it('rebuild(name) rebuilds the current version beside the live one, which keeps following', async () => {
    await appendCounted(setup.store, 100, 5);
    const head = await setup.store.headPosition();
    const gate = gated(setup.store, () => head, true);
    const { projector, reads } = setup.projector(
      [counterProjection()],
      { batchSize: 10 },
      { store: gate.store },
    );
    projector.start();
    expect(await projector.waitFor(head, 5000)).toBe(true);
    gate.close();

    const rebuilt = projector.rebuild('stream-counter');
    await eventually(() => gate.waiting() === 1);
    expect((await projector.status())[0]).toMatchObject({
      state: 'rebuilding',
      rebuild: { version: 1, position: 0n },
    });

    const { position } = await setup.store.append('account-1', [event('Counted')], {
      expectedRevision: 'any',
    });
    gate.step();
    expect(await projector.waitFor(position, 5000)).toBe(true);
    expect((await reads.get('stream_counts', 'account-1'))?.row['count']).toBe(21);
    await eventually(() => gate.waiting() === 1);
    expect((await projector.status())[0]?.rebuild?.position).toBeGreaterThan(0n);

    gate.openAll();
    await rebuilt;
    expect(checkpoints(setup.readPath)).toEqual([
      { projection: 'stream-counter', state: 'live', version: 1, build: 1, position },
    ]);
    expect(schemaObjects(setup.readPath).tables.filter((t) => t.startsWith('stream_counts'))).toEqual([
      'stream_counts__v1_1',
    ]);
    const rows = await reads.find('stream_counts');
    expect(total(rows)).toBe(101);
    expect((await reads.get('stream_counts', 'account-1'))?.row['count']).toBe(21);
  });

  it('drops the view of a table the new version no longer has, and serves the one it adds', async () => {
    await appendCounted(setup.store, 30);
    await setup.projector([counterProjection(1)]).projector.catchUp();
    const renamed = counterProjection(3);
    const counters = renamed.collections['counters']!;
    const v3: Projection = {
      ...renamed,
      collections: { counters: { ...counters, table: 'stream_tallies' } },
    };
    const { projector, reads } = setup.projector([v3]);
    await projector.catchUp();

    const { tables, views } = schemaObjects(setup.readPath);
    expect(views).toEqual(['stream_tallies']);
    expect(tables.filter((t) => t.startsWith('stream_'))).toEqual(['stream_tallies__v3']);
    expect(total(await reads.find('stream_tallies'))).toBe(30);
    await expect(reads.find('stream_counts')).rejects.toThrow(InvalidReadModelQuery);
  });

  it('rebuild("all") on a stopped projector rebuilds every projection and swaps each', async () => {
    await appendCounted(setup.store, 40);
    await appendOrders(setup.store, 40);
    const projections = [counterProjection(), ordersProjection()];
    const { projector } = setup.projector(projections);
    await projector.catchUp();
    const before = allRows(setup.readPath);

    await projector.rebuild('all');
    expect(checkpoints(setup.readPath).map((c) => [c.projection, c.state, c.build])).toEqual([
      ['orders', 'live', 1],
      ['stream-counter', 'live', 1],
    ]);
    expect(allRows(setup.readPath)).toEqual(before);
    const { tables, views } = schemaObjects(setup.readPath);
    expect(views).toEqual(['customer_totals', 'orders', 'stream_counts']);
    expect(tables.filter((t) => t.includes('__v'))).toEqual([
      'customer_totals__v1_1',
      'order_lookup__v1_1',
      'orders__v1_1',
      'stream_counts__v1_1',
    ]);
  });

  it('resumes an interrupted rebuild from its own checkpoint, serving the old tables meanwhile', async () => {
    await appendCounted(setup.store, 200, 8);
    const head = await setup.store.headPosition();
    await setup.projector([counterProjection(1)]).projector.catchUp();
    let commits = 0;
    const crashing = setup.projector([counterProjection(2)], {
      batchSize: 30,
      // A commit per page: the interrupted rebuild has a checkpoint of its own to resume from.
      heldBatchBytes: 0,
      faults: {
        beforeCommit: () => {
          if ((commits += 1) === 3) throw new Error('crash');
        },
      },
    });
    await expect(crashing.projector.catchUp()).rejects.toThrow('crash');

    const [building, live] = checkpoints(setup.readPath);
    expect(live).toMatchObject({ state: 'live', version: 1, position: head });
    expect(building).toMatchObject({ state: 'building', version: 2, build: 0 });
    expect(building!.position).toBeLessThan(head);
    expect(total(await crashing.reads.find('stream_counts'))).toBe(200);

    const firstCommits: bigint[] = [];
    const resumed = setup.projector([counterProjection(2)], {
      batchSize: 30,
      heldBatchBytes: 0,
      faults: { beforeCommit: (_, to) => void firstCommits.push(to) },
    });
    await resumed.projector.catchUp();
    expect(firstCommits[0]! - building!.position).toBe(30n);
    const fromScratch = setup.projector(
      [counterProjection(2)],
      {},
      { readPath: setup.dir.path('scratch.sqlite') },
    );
    await fromScratch.projector.catchUp();
    expect(allRows(setup.readPath)).toEqual(allRows(setup.dir.path('scratch.sqlite')));
  });

  it('discards an unfinished build of a version the code no longer has', async () => {
    await appendCounted(setup.store, 90);
    await setup.projector([counterProjection(1)]).projector.catchUp();
    let commits = 0;
    const crashing = setup.projector([counterProjection(2)], {
      batchSize: 30,
      faults: {
        beforeCommit: () => {
          if ((commits += 1) === 2) throw new Error('crash');
        },
      },
    });
    await expect(crashing.projector.catchUp()).rejects.toThrow('crash');
    expect(checkpoints(setup.readPath).map((c) => c.version)).toEqual([2, 1]);

    const backToV1 = setup.projector([counterProjection(1)]);
    await setup.store.append('account-0', [event('Counted')], { expectedRevision: 'any' });
    await backToV1.projector.catchUp();
    expect(checkpoints(setup.readPath).map((c) => [c.state, c.version])).toEqual([['live', 1]]);
    expect(schemaObjects(setup.readPath).tables.filter((t) => t.startsWith('stream_counts'))).toEqual([
      'stream_counts__v1',
    ]);
    expect(total(await backToV1.reads.find('stream_counts'))).toBe(91);
  });
});
