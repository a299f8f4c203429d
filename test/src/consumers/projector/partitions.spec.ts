// Projections split into partitions by account (#15): workers that each apply the events of their
// partition's accounts, side by side on one set of tables with a checkpoint each, give the read
// models one whole projector gives, applying every event once between them. A split moves with
// the configuration where the partitions stand together, and waits for a rebuild where they don't.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteProjectionStorage } from '../../../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../../../adapters/sqlite/read-model-database.js';
import { demoClock, demoEngineRequest } from '../../../../demo/demo-book.js';
import { PROJECTIONS } from '../../../../projections/index.js';
import type { Projection } from '../../../../projections/projection.js';
import { openEngine, type OpenedEngine } from '../../../../src/app/open-engine.js';
import { partitionOfAccount } from '../../../../src/consumers/projector/account-partitions.js';
import {
  everyPartition,
  type Partitioning,
} from '../../../../src/consumers/projector/projection-consumer.js';
import { createProjector, type Projector } from '../../../../src/consumers/projector/projector.js';
import { parseLayouts } from '../../../../src/consumers/projector/table-layout.js';
import type { ProjectionStorage } from '../../../../src/ports.js';
import { BOOK_DAY, removeDir, tempDir, writeDemo } from '../../../demo/demo-fixture.js';
import { eventually } from './fixtures.js';

/** The projections whose documents each belong to one account. */
const SPLIT = PROJECTIONS.filter((projection) => projection.partitionedBy === 'account');

/** How many events a projector's copies of the projections applied. */
interface Applied {
  n: number;
}

/** The projection, counting the events it applies. */
const counting = (projection: Projection, applied: Applied): Projection => ({
  ...projection,
  apply: (event, context) => {
    applied.n += 1;
    projection.apply(event, context);
  },
});

interface Worker {
  readonly projector: Projector;
  readonly storage: ProjectionStorage;
  readonly applied: Applied;
}

/** Every live table of the split projections, rows in key order, by logical table name. */
const liveTables = (db: Database.Database): Map<string, unknown[]> => {
  const out = new Map<string, unknown[]>();
  const builds = db
    .prepare<[], { projection: string; tables: string }>(
      `SELECT projection, tables FROM projection_checkpoints WHERE state = 'live' ORDER BY projection`,
    )
    .all();
  for (const { projection, tables } of builds)
    for (const layout of parseLayouts(tables, projection))
      out.set(layout.table, db.prepare(`SELECT * FROM "${layout.physical}" ORDER BY "${layout.key}"`).all());
  return out;
};

describe('a projection split into partitions by account', () => {
  let dir: string;
  let engine: OpenedEngine;
  const clock = demoClock(BOOK_DAY);
  const dbs: Database.Database[] = [];

  beforeAll(async () => {
    dir = tempDir('partitions');
    await writeDemo(dir, { accounts: 24 });
    engine = openEngine({ dataDir: dir, ...demoEngineRequest(clock) });
  }, 120_000);

  afterAll(async () => {
    for (const db of dbs) db.close();
    await engine?.close();
    removeDir(dir);
  });

  /** A worker on the read-model database at `file` (its own connection), applying `partitions`. */
  const worker = (file: string, partitions?: Partitioning, version = 0): Worker => {
    const db = openReadModelDatabase(`${dir}/${file}`);
    dbs.push(db);
    const storage = createSqliteProjectionStorage(db);
    const applied: Applied = { n: 0 };
    const projector = createProjector({
      store: engine.projectionStore,
      storage,
      projections: SPLIT.map((projection) =>
        counting({ ...projection, version: projection.version + version }, applied),
      ),
      // Pages of a few hundred: many batches, each partition's interleaved with the other's.
      batchSize: 300,
      restartBackoff: { initialMs: 5, maxMs: 20 },
      idleCheckMs: 50,
      ...(partitions === undefined ? {} : { partitions }),
    });
    return { projector, storage, applied };
  };

  const tablesOf = (file: string): Map<string, unknown[]> => {
    const db = openReadModelDatabase(`${dir}/${file}`);
    try {
      return liveTables(db);
    } finally {
      db.close();
    }
  };

  /** Every split projection's live build, as stored. */
  const liveBuilds = async (storage: ProjectionStorage) =>
    Promise.all(SPLIT.map(async (projection) => (await storage.builds(projection.name)).live));

  let registered = 0;
  /** A few accounts registered after the book, some in each of two partitions. */
  const registerLate = async (count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => `late-${(registered += 1)}`);
    for (const accountId of ids) {
      const outcome = await engine.handler.handle({
        aggregate: 'account',
        aggregateId: accountId,
        command: {
          type: 'RegisterAccount',
          data: {
            accountId,
            name: accountId,
            industry: 'TECHNOLOGY',
            region: 'East',
            at: clock.now(),
          },
        },
        commandId: `register-${accountId}`,
        actor: 'test',
      } as never);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.failure));
    }
    return ids;
  };

  it('two workers, a partition each, apply every event once between them: the read models equal a whole projector’s', async () => {
    const whole = worker('whole.sqlite');
    await whole.projector.catchUp();
    const head = await engine.store.headPosition();

    const first = worker('split.sqlite', { count: 2, owned: [0] });
    const second = worker('split.sqlite', { count: 2, owned: [1] });
    // As workers run: started together (the second finds the build the first made, or retries).
    first.projector.start();
    second.projector.start();
    try {
      await eventually(
        async () =>
          (await liveBuilds(first.storage)).every((build) => build?.partitions?.every((at) => at === head)),
        60_000,
      );
    } finally {
      await Promise.all([first.projector.stop(), second.projector.stop()]);
    }

    // Each applied some of the events, and together exactly the events the whole projector did.
    expect(first.applied.n).toBeGreaterThan(0);
    expect(second.applied.n).toBeGreaterThan(0);
    expect(first.applied.n + second.applied.n).toBe(whole.applied.n);
    // The accounts of the book fall into both partitions.
    const accounts: string[] = [];
    for await (const event of engine.store.readAll())
      if (event.type === 'AccountRegistered') accounts.push(String(event.data['accountId']));
    const parts = new Set(accounts.map((accountId) => partitionOfAccount(accountId, 2)));
    expect(parts).toEqual(new Set([0, 1]));

    const split = tablesOf('split.sqlite');
    const reference = tablesOf('whole.sqlite');
    expect([...split.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [table, rows] of reference) expect(split.get(table), table).toEqual(rows);
    expect(reference.get('tier_status')!.length).toBe(accounts.length);
  }, 120_000);

  it('one projector may apply every partition itself (kare serve with KARE_PROJECTION_PARTITIONS)', async () => {
    const whole = worker('whole-2.sqlite');
    await whole.projector.catchUp();
    const both = worker('both.sqlite', everyPartition(3));
    await both.projector.catchUp();
    const head = await engine.store.headPosition();
    for (const build of await liveBuilds(both.storage)) expect(build!.partitions).toEqual([head, head, head]);
    expect(both.applied.n).toBe(whole.applied.n);
    const reference = tablesOf('whole-2.sqlite');
    const split = tablesOf('both.sqlite');
    for (const [table, rows] of reference) expect(split.get(table), table).toEqual(rows);
    // Its status shows where each partition stands, the lowest as the projection's position.
    for (const status of await both.projector.status()) {
      expect(status.partitions).toEqual([head, head, head]);
      expect(status.position).toBe(head);
    }
  }, 120_000);

  it('partitions standing apart are rebuilt by the worker of partition 0 into a new count; the others wait; whole again once they stand together', async () => {
    const late = await registerLate(6);
    expect(new Set(late.map((accountId) => partitionOfAccount(accountId, 2)))).toEqual(new Set([0, 1]));
    const head = await engine.store.headPosition();
    // Only partition 0 of 2 follows the new events: the partitions stand apart.
    const first = worker('split.sqlite', { count: 2, owned: [0] });
    await first.projector.catchUp();
    for (const build of await liveBuilds(first.storage)) {
      expect(build!.partitions![0]).toBe(head);
      expect(build!.partitions![1]).toBeLessThan(head);
      expect(build!.position).toBe(build!.partitions![1]);
    }

    // A worker of another partition of 3 can't split them: it waits for partition 0's worker.
    const waiting = worker('split.sqlite', { count: 3, owned: [1] });
    waiting.projector.start();
    try {
      await eventually(
        async () => (await waiting.projector.status()).every((s) => s.state === 'failed'),
        10_000,
      );
      for (const status of await waiting.projector.status())
        expect(status.error).toMatch(/split into 2 partitions, not 3: waiting for the worker of partition 0/);
      expect(waiting.applied.n).toBe(0);
    } finally {
      await waiting.projector.stop();
    }

    // The worker of partition 0 of 3 rebuilds them whole and swaps them in split into 3.
    const rebuilder = worker('split.sqlite', { count: 3, owned: [0] });
    await rebuilder.projector.catchUp();
    for (const build of await liveBuilds(rebuilder.storage)) {
      expect(build!.partitions).toEqual([head, head, head]);
      expect(build!.build).toBe(1);
    }
    const whole = worker('whole.sqlite');
    await whole.projector.catchUp();
    const reference = tablesOf('whole.sqlite');
    const split = tablesOf('split.sqlite');
    for (const [table, rows] of reference) expect(split.get(table), table).toEqual(rows);

    // Standing together, the partitions are joined by a whole projector, without a rebuild.
    const joined = worker('split.sqlite');
    await joined.projector.catchUp();
    expect(joined.applied.n).toBe(0);
    for (const build of await liveBuilds(joined.storage)) {
      expect(build!.partitions).toBeUndefined();
      expect(build!.position).toBe(head);
      expect(build!.build).toBe(1);
    }
  }, 120_000);

  it('a new version is rebuilt whole by the worker of partition 0 while the other waits, then both follow it split', async () => {
    const first = worker('split.sqlite', { count: 2, owned: [0] }, 1);
    const second = worker('split.sqlite', { count: 2, owned: [1] }, 1);
    first.projector.start();
    second.projector.start();
    try {
      const head = await engine.store.headPosition();
      const atHead = (at: bigint) => async () =>
        (await liveBuilds(first.storage)).every(
          (build, i) => build?.version === SPLIT[i]!.version + 1 && build.partitions?.every((p) => p === at),
        );
      await eventually(atHead(head), 60_000);
      // The rebuild was the first worker's: the second applied no event of it.
      expect(first.applied.n).toBeGreaterThan(0);
      expect(second.applied.n).toBe(0);
      // New events: each worker applies those of its partition.
      await registerLate(4);
      const later = await engine.store.headPosition();
      await eventually(atHead(later), 30_000);
      expect(second.applied.n).toBeGreaterThan(0);
    } finally {
      await Promise.all([first.projector.stop(), second.projector.stop()]);
    }
    const whole = worker('whole.sqlite');
    await whole.projector.catchUp();
    const reference = tablesOf('whole.sqlite');
    const split = tablesOf('split.sqlite');
    for (const [table, rows] of reference) expect(split.get(table), table).toEqual(rows);
  }, 120_000);
});
