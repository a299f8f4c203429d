// Projection rebuild (`kare rebuild NAME`) on the SQLite event store, against the raw floor of
// reading the same events — better-sqlite3 select + JSON.parse, as bench/event-store.bench.ts
// measures readAll:
// - KARE's own projections, each rebuilt over a demo book (what `kare rebuild` costs a user);
// - a synthetic projection (a row per account stream, a document with some JSON work) over
//   200 k events: the projector's own floor, without any read model's work.
import { rawReadAll } from './event-store.bench.js';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../adapters/sqlite/event-store.js';
import { createSqliteProjectionStorage } from '../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../adapters/sqlite/read-model-database.js';
import { collection, type Projection } from '../projections/projection.js';
import type { EventStore, NewEvent } from '../src/ports.js';
import { createProjector } from '../src/consumers/projector/projector.js';
import { rebuildShares } from '../src/app/cli/rebuild-shares.js';
import { demoClock, demoEngineRequest, loadDemoBook } from '../demo/demo-book.js';
import { openEngine } from '../src/app/open-engine.js';
import {
  opsPerSecond,
  row,
  sideBySide,
  type Benchmark,
  type BenchOptions,
  type BenchRow,
} from './harness.js';

const STREAMS = 2000;
const METADATA = { schemaVersion: 1, commandId: 'cmd-1', correlationId: 'corr-1', actor: 'bench' };

interface Revenue {
  readonly accountId: string;
  readonly events: number;
  readonly total: number;
  readonly currency: string;
  /** The last twelve periods with their amounts: the JSON work of a real read model. */
  readonly recent: readonly {
    readonly period: string;
    readonly amount: number;
    readonly sourceRef: string;
  }[];
}

/** Revenue per account: one row per stream, typed columns, an index, a document that grows and is trimmed. */
const revenueProjection: Projection = {
  name: 'account-revenue',
  version: 1,
  handles: ['RevenueRecorded'],
  collections: {
    revenue: collection<Revenue>({
      table: 'account_revenue',
      key: 'account_id',
      columns: [
        { name: 'events', type: 'INTEGER', description: 'Revenue events recorded' },
        { name: 'total', type: 'INTEGER', description: 'Sum of amounts, in cents' },
        { name: 'currency', type: 'TEXT', description: 'ISO 4217' },
        { name: 'last_period', type: 'TEXT', description: 'The latest period recorded' },
      ],
      indexes: [['total']],
      toRow: (doc) => ({
        events: doc.events,
        total: doc.total,
        currency: doc.currency,
        last_period: doc.recent.at(-1)?.period ?? null,
      }),
    }),
  },
  apply: (event, context) => {
    const data = event.data as {
      period: string;
      amount: { amount: number; currency: string };
      sourceRef: string;
    };
    const doc = context.get<Revenue>('revenue', event.streamId);
    const recent = [
      ...(doc?.recent ?? []),
      { period: data.period, amount: data.amount.amount, sourceRef: data.sourceRef },
    ];
    context.put<Revenue>('revenue', event.streamId, {
      accountId: event.streamId,
      events: (doc?.events ?? 0) + 1,
      total: (doc?.total ?? 0) + data.amount.amount,
      currency: data.amount.currency,
      recent: recent.slice(-12),
    });
  },
};

const revenueEvent = (i: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'RevenueRecorded',
  data: {
    accountId: `acc-${i % STREAMS}`,
    period: `20${String(10 + Math.floor(i / 24_000)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}`,
    amount: { amount: 10_000 + ((i * 7919) % 1_000_000), currency: 'CNY' },
    sourceRef: `ERP-${i}`,
  },
  metadata: METADATA,
});

/** `total` events over STREAMS account streams, interleaved, ten per append, 50 appenders at a time. */
const fill = async (store: EventStore, total: number): Promise<void> => {
  const appends = total / 10;
  for (let start = 0; start < appends; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, appends - start) }, (_, k) => {
        const a = start + k;
        return store.append(
          `account-${a % STREAMS}`,
          Array.from({ length: 10 }, (__, j) => revenueEvent(a * 10 + j)),
          { expectedRevision: 'any' },
        );
      }),
    );
  }
};

const runProjectionBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-projection-'));
  const path = join(dir, 'kare.sqlite');
  const total = quick ? 20_000 : 200_000;
  try {
    const store = createSqliteEventStore({ path, sync: 'normal' });
    const db = openReadModelDatabase(path);
    try {
      await fill(store, total);
      const projector = createProjector({
        store,
        storage: createSqliteProjectionStorage(db),
        projections: [revenueProjection],
      });
      await projector.catchUp();
      const check = (): void => {
        const { rows, events } = db
          .prepare('SELECT COUNT(*) AS rows, SUM(events) AS events FROM account_revenue')
          .safeIntegers(false)
          .get() as { rows: number; events: number };
        if (rows !== STREAMS || events !== total)
          throw new Error(`projected ${events} events in ${rows} rows`);
      };
      check();

      const result = await sideBySide(
        quick ? 1 : 3,
        () =>
          opsPerSecond(total, async () => {
            await projector.rebuild(revenueProjection.name);
            check();
          }),
        () => opsPerSecond(total, () => rawReadAll(path, total)),
      );
      return [row(`rebuild-${total / 1000}k`, 'events/s', result.ours, result.baseline, '≥ 0.5')];
    } finally {
      db.close();
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const run = promisify(execFile);

/** The compiled CLI (dist/), as `npm run build` makes it for `bin/kare.js`. */
const buildCli = async (): Promise<void> => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
};

/** Each of KARE's projections rebuilt over a demo book of `accounts` accounts. */
const runDemoRebuilds = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-rebuild-'));
  const accounts = quick ? 60 : 320;
  try {
    const clock = demoClock();
    // The demo's engine takes batches as `kare rebuild` does.
    const engine = openEngine({ dataDir: dir, ...demoEngineRequest(clock) });
    const rows: BenchRow[] = [];
    try {
      await loadDemoBook(engine, clock, { accounts });
      await engine.projector.catchUp();
      let counted = 0;
      for await (const _ of engine.store.readAll()) counted += 1;
      const path = join(dir, 'kare.sqlite');
      for (const name of engine.projector.names) {
        const result = await sideBySide(
          quick ? 1 : 3,
          () => opsPerSecond(counted, () => engine.projector.rebuild(name)),
          () => opsPerSecond(counted, () => rawReadAll(path, counted)),
        );
        rows.push(row(`rebuild-demo-${accounts}-${name}`, 'events/s', result.ours, result.baseline));
      }
      // `kare rebuild all`: every projection from position 0 at once, events of the log a second
      // (issue #15 measured 3,200/s on a 3,000-account book and asked for 10× that).
      const all = await sideBySide(
        quick ? 1 : 3,
        () => opsPerSecond(counted, () => engine.projector.rebuild('all')),
        () => opsPerSecond(counted, () => rawReadAll(path, counted)),
      );
      rows.push(row(`rebuild-demo-${accounts}-all`, 'events/s', all.ours, all.baseline));
      // `kare rebuild all` as a user runs it, the compiled CLI in a process of its own: the
      // projections spread over a thread per core, against all of them in one thread.
      const threads = rebuildShares(engine.projector.names, availableParallelism()).length;
      const cli = (threadsOf: number) => () =>
        opsPerSecond(counted, async () => {
          await run(process.execPath, [
            'bin/kare.js',
            'rebuild',
            'all',
            '--threads',
            String(threadsOf),
            '--data',
            dir,
          ]);
        });
      await buildCli();
      const threaded = await sideBySide(quick ? 1 : 3, cli(threads), cli(1));
      rows.push(
        row(
          `kare-rebuild-demo-${accounts}-all-${threads}-threads-vs-1`,
          'events/s',
          threaded.ours,
          threaded.baseline,
        ),
      );
    } finally {
      await engine.close();
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const benchmark: Benchmark = {
  title: 'Projection rebuild (SQLite) vs raw select + JSON.parse of the same events',
  run: async (options) => [...(await runDemoRebuilds(options)), ...(await runProjectionBench(options))],
};
