// Read-model pages at a department's size and beyond (issue #15): the same requests on books of
// 1,000, 10,000 and 100,000 accounts must cost the same, on SQLite and on PostgreSQL. The rows
// are a real demo book's documents (24 accounts of every profile, loaded through the commands),
// current as of the book's day, written through each store's projector storage; the book then
// grows by copies made in the database (ids renamed, see bookIn), and the daily job
// (createCurrentRows) confirms every row is current and brings the planner's statistics up to date. The requests go through the real express
// app. PostgreSQL: a database of its own (kare_bench_pages, or KARE_BENCH_PAGES_DATABASE; made
// again each run) on KARE_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test); no
// server fails the run. Baseline, in the same process on the same store: a raw page (ORDER BY the
// key, LIMIT 50, JSON.parse of the documents). Rows: p50/p99 of the first page and p50 of a middle
// page of each read model, sorted and filtered, and how the first page's p50 at the largest size
// compares with the smallest. A slow request is measured fewer times (MEASURE_MS), and the walk
// to a middle page stops after WALK_MS: its page is then the middle of the pages walked.
// Trying a change: KARE_BENCH_PAGES_STORES=sqlite|postgres, KARE_BENCH_PAGES_SIZES=240,2400,
// KARE_BENCH_PAGES_QUERIES=<text in the query>.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Express } from 'express';
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../adapters/http/app.js';
import { readModelRoutes, type ReadModelEngine } from '../adapters/http/read-model-routes.js';
import { createPostgresProjectionStorage } from '../adapters/postgres/projection-storage.js';
import {
  inTransaction,
  openPostgresReadModelDatabase,
  withoutPassword,
} from '../adapters/postgres/read-model-database.js';
import { createPostgresReadModelStore } from '../adapters/postgres/read-model-store.js';
import { createSqliteProjectionStorage } from '../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../adapters/sqlite/read-model-store.js';
import { demoClock, demoEngineRequest, loadDemoBook } from '../demo/demo-book.js';
import { POLICY_V1 } from '../domain/kernel/index.js';
import { projection as groupProjection } from '../projections/group/index.js';
import { PROJECTIONS } from '../projections/index.js';
import type { Collection, Projection, Row } from '../projections/projection.js';
import { openEngine } from '../src/app/open-engine.js';
import { createCurrentRows } from '../src/consumers/projector/current-rows.js';
import { DOC_COLUMN, layoutsOf, quote, type TableLayout } from '../src/consumers/projector/table-layout.js';
import type {
  BatchChanges,
  CommitRequest,
  DocumentChange,
  ProjectionStorage,
  ReadModelStore,
} from '../src/ports.js';
import type { Benchmark, BenchOptions, BenchRow } from './harness.js';

const BOOK_DAY = '2026-11-26';
const SEED_ACCOUNTS = 24;
const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
// Two runs at once (trying changes side by side) need two names: each drops its own.
const POSTGRES_DATABASE = process.env['KARE_BENCH_PAGES_DATABASE'] || 'kare_bench_pages';
if (!/^[a-z_][a-z0-9_]*$/.test(POSTGRES_DATABASE))
  throw new Error(`KARE_BENCH_PAGES_DATABASE must be a plain lower-case name, not ${POSTGRES_DATABASE}`);

interface SeedDoc {
  readonly key: string;
  readonly json: string;
  /** The row as stored (current as of the book's day where the collection keeps current rows). */
  readonly row: Row;
}

/** Every served document of every projection the read models come from. */
type Seed = Map<string, Map<string, readonly SeedDoc[]>>;

const today = { day: BOOK_DAY, policy: POLICY_V1 } as const;

const rowOf = (collection: Collection<unknown>, doc: unknown): Row =>
  collection.current === undefined ? collection.toRow(doc) : collection.current(doc, today.day, today.policy);

/**
 * The demo book forms its groups of ordinary accounts, which a book of 24 (the featured cast) has
 * none of: the groups (4) come from a book of this many accounts, their members renamed with the
 * copy like every id, so a book of 100 k accounts holds 16 k groups.
 */
const GROUP_SEED_ACCOUNTS = 48;

/** The served documents of a demo book of `accounts` accounts, of the projections `only` names. */
const bookDocuments = async (accounts: number, only?: readonly string[]): Promise<Seed> => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-pages-seed-'));
  const clock = demoClock(BOOK_DAY);
  const engine = openEngine({ dataDir: dir, ...demoEngineRequest(clock) });
  try {
    await loadDemoBook(engine, clock, { accounts, today: BOOK_DAY });
    const seed: Seed = new Map();
    for (const projection of PROJECTIONS) {
      if (only !== undefined && !only.includes(projection.name)) continue;
      const live = engine.readDb
        .prepare<[string], { tables: string }>(
          "SELECT tables FROM projection_checkpoints WHERE projection = ? AND state = 'live'",
        )
        .get(projection.name);
      if (live === undefined) continue;
      const byCollection = new Map<string, SeedDoc[]>();
      for (const layout of JSON.parse(live.tables) as TableLayout[]) {
        // Internal tables (a reducer's lookups) are never read by a page: not copied.
        if (layout.internal) continue;
        const collection = projection.collections[layout.collection] as unknown as Collection<unknown>;
        byCollection.set(
          layout.collection,
          engine.readDb
            .prepare<[], { key: string; json: string }>(
              `SELECT "${layout.key}" AS key, doc AS json FROM "${layout.physical}"`,
            )
            .all()
            .map(({ key, json }) => ({ key, json, row: rowOf(collection, JSON.parse(json)) })),
        );
      }
      seed.set(projection.name, byCollection);
    }
    return seed;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const seedBook = async (): Promise<Seed> => {
  const seed = await bookDocuments(SEED_ACCOUNTS);
  const groups = await bookDocuments(GROUP_SEED_ACCOUNTS, [groupProjection.name]);
  seed.set(groupProjection.name, groups.get(groupProjection.name)!);
  return seed;
};

/**
 * The ids a copy renames: accounts, their agreements and supply commitments, their managers, and
 * the groups they are members of (each copy's groups are its own, as its accounts are).
 */
const ID_PATTERN = '(?:acc|agr|sup)-[0-9]{4}|(?:mgr|grp)-[0-9]{2}';
const COPIED_ID = new RegExp(`\\b(?:${ID_PATTERN})`, 'g');

/** A seed text as copy `copy` holds it: each id with the copy's suffix. */
const renamed = (text: string, copy: number): string => text.replace(COPIED_ID, (id) => `${id}-c${copy}`);

/** A seed key as copy `copy` holds it; a key holding no id (a tier change's event id) gets the suffix. */
const copiedKey = (key: string, copy: number): string => {
  const renamedKey = renamed(key, copy);
  return renamedKey === key ? `${key}~c${copy}` : renamedKey;
};

/** What copies a seed collection: its physical table, the seed beside it, the columns holding ids. */
interface CopiedTable {
  readonly layout: TableLayout;
  /** The seed's rows, kept in a table of their own: the source of every copy. */
  readonly seedTable: string;
  /** The text columns some seed row holds an id in: renamed in each copy. */
  readonly idColumns: ReadonlySet<string>;
}

/** One store under measure: the projector's storage, the read-model queries, a raw page. */
interface Store {
  readonly name: 'SQLite' | 'PostgreSQL';
  readonly storage: ProjectionStorage;
  readonly readModels: ReadModelStore;
  /** Keeps the seed's rows of a table (just written) in `seedTable`, the source of the copies. */
  readonly keepSeed: (layout: TableLayout, seedTable: string) => Promise<void>;
  /** Writes copies `from` to `to - 1` of the seed, ids renamed, in one statement. */
  readonly copy: (table: CopiedTable, from: number, to: number) => Promise<void>;
  /** The baseline: the first 50 tier_status documents in key order, parsed, without the app. */
  readonly rawPage: () => Promise<unknown> | unknown;
  readonly close: () => Promise<void>;
}

/** The columns of a copy, in the table's order: the key and id columns renamed, the rest as seeded. */
const copiedColumns = (
  table: CopiedTable,
  rename: (column: string) => string,
  copyKey: (column: string) => string,
): string => {
  const { layout, idColumns } = table;
  return [
    copyKey(quote(layout.key)),
    ...layout.columns.map(({ name }) => (idColumns.has(name) ? rename(quote(name)) : quote(name))),
    quote(DOC_COLUMN),
  ].join(', ');
};

const allColumns = (layout: TableLayout): string =>
  [layout.key, ...layout.columns.map(({ name }) => name), DOC_COLUMN].map(quote).join(', ');

const openSqliteStore = (dir: string): Store => {
  const db = openReadModelDatabase(join(dir, 'book.sqlite'));
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288'); // 512 MiB while the book is written: the indexes stay in memory
  db.function('bench_renamed', { deterministic: true }, (text: unknown, copy: unknown) =>
    typeof text === 'string' ? renamed(text, Number(copy)) : text,
  );
  db.function('bench_key', { deterministic: true }, (key: unknown, copy: unknown) =>
    copiedKey(String(key), Number(copy)),
  );
  // Prepared once the book's tables exist.
  let raw: Database.Statement<[], { doc: string }> | undefined;
  return {
    name: 'SQLite',
    storage: createSqliteProjectionStorage(db),
    readModels: createSqliteReadModelStore(db),
    keepSeed: async (layout, seedTable) => {
      // In key order: a seed row's copies then land next to each other in the key's index.
      db.exec(
        `CREATE TABLE ${quote(seedTable)} AS SELECT * FROM ${quote(layout.physical)} ORDER BY ${quote(layout.key)}`,
      );
    },
    copy: async (table, from, to) => {
      const columns = copiedColumns(
        table,
        (c) => `bench_renamed(${c}, n.copy)`,
        (c) => `bench_key(${c}, n.copy)`,
      );
      // The declared indexes are dropped while the copies go in and made again after: one sort
      // each instead of millions of scattered inserts.
      const indexes = db
        .prepare<[string], { name: string; sql: string }>(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        )
        .all(table.layout.physical);
      for (const { name } of indexes) db.exec(`DROP INDEX ${quote(name)}`);
      db.prepare(
        `WITH RECURSIVE n(copy) AS (SELECT ? UNION ALL SELECT copy + 1 FROM n WHERE copy + 1 < ?)
         INSERT INTO ${quote(table.layout.physical)} (${allColumns(table.layout)})
         SELECT ${columns} FROM ${quote(table.seedTable)} CROSS JOIN n`,
      ).run(from, to);
      for (const { sql } of indexes) db.exec(sql);
      // The copies went through the WAL: into the file with them, so pages read the file alone.
      db.pragma('wal_checkpoint(TRUNCATE)');
      // No ANALYZE: the engine never runs one on SQLite, so the planner works without statistics,
      // as it does in production (PostgreSQL's autovacuum analyzes; the copy below does it at once).
    },
    rawPage: () =>
      (raw ??= db.prepare('SELECT doc FROM tier_status ORDER BY account_id LIMIT 50'))
        .all()
        .map(({ doc }) => JSON.parse(doc) as unknown),
    close: async () => {
      db.close();
    },
  };
};

/** A database of its own, dropped and made again each run; no server: the bench fails here. */
const openPostgresStore = async (): Promise<Store> => {
  const url = process.env['KARE_BENCH_POSTGRES_URL'] || DEFAULT_POSTGRES_URL;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${POSTGRES_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${POSTGRES_DATABASE}`);
  } catch (cause) {
    throw new Error(
      `The PostgreSQL rows need a server: ${withoutPassword(url)} refused (${String(cause)}); set KARE_BENCH_POSTGRES_URL`,
      { cause },
    );
  } finally {
    await admin.end().catch(() => undefined);
  }
  const own = new URL(url);
  own.pathname = `/${POSTGRES_DATABASE}`;
  // The book is rebuilt every run: its commits need not wait for the disk.
  own.searchParams.set('options', '-c synchronous_commit=off');
  const db = openPostgresReadModelDatabase({ connectionString: own.toString(), maxConnections: 4 });
  await db.ready();
  const rename = (c: string) => `regexp_replace(${c}, '\\m(${ID_PATTERN})', '\\1-c' || n.copy, 'g')`;
  return {
    name: 'PostgreSQL',
    storage: createPostgresProjectionStorage(db),
    readModels: createPostgresReadModelStore(db),
    keepSeed: async (layout, seedTable) => {
      // Unlogged: the book is thrown away after the run, its millions of rows need no WAL.
      await db.pool.query(`ALTER TABLE ${quote(layout.physical)} SET UNLOGGED`);
      await db.pool.query(
        `CREATE UNLOGGED TABLE ${quote(seedTable)} AS SELECT * FROM ${quote(layout.physical)} ORDER BY ${quote(layout.key)}`,
      );
    },
    copy: async (table, from, to) => {
      const key = (c: string) =>
        `CASE WHEN ${rename(c)} = ${c} THEN ${c} || '~c' || n.copy ELSE ${rename(c)} END`;
      await inTransaction(db, async (client) => {
        // As on SQLite: the declared indexes (not the key's) made again after the copies.
        const indexes = await client.query<{ name: string; sql: string }>(
          `SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
           JOIN pg_index x ON x.indexrelid = (quote_ident(i.indexname))::regclass
           WHERE i.tablename = $1 AND NOT x.indisprimary`,
          [table.layout.physical],
        );
        for (const { name } of indexes.rows) await client.query(`DROP INDEX ${quote(name)}`);
        await client.query("SET LOCAL maintenance_work_mem = '256MB'");
        await client.query(
          `INSERT INTO ${quote(table.layout.physical)} (${allColumns(table.layout)})
           SELECT ${copiedColumns(table, rename, key)}
           FROM ${quote(table.seedTable)} CROSS JOIN generate_series($1::int, $2::int - 1) AS n(copy)`,
          [from, to],
        );
        for (const { sql } of indexes.rows) await client.query(sql);
      });
      await db.pool.query(`ANALYZE ${quote(table.layout.physical)}`);
    },
    rawPage: async () =>
      (
        await db.pool.query<{ doc: string }>(
          'SELECT doc::text AS doc FROM tier_status ORDER BY account_id LIMIT 50',
        )
      ).rows.map(({ doc }) => JSON.parse(doc) as unknown),
    close: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${POSTGRES_DATABASE} WITH (FORCE)`);
      await dropper.end();
    },
  };
};

interface Growing {
  /** Adds copies of the seed until the book holds `accounts` accounts. */
  growTo(accounts: number): Promise<void>;
}

/**
 * The book in `store`: the seed written through the projector's storage (copy 0, one batch a
 * projection), then copied in the database, a statement a table. The copies' documents keep the
 * seed's text (the same bytes to parse and present); their keys and the columns holding ids
 * (account, agreement, commitment, manager) are renamed, so filters, sorts and pages see
 * `accounts` distinct accounts. A copy's other columns are the seed's: current as of the day.
 */
const bookIn = async (store: Store, seed: Seed): Promise<Growing> => {
  const tables: CopiedTable[] = [];
  for (const projection of PROJECTIONS) {
    const documents = seed.get(projection.name);
    if (documents === undefined) continue;
    const build = await store.storage.create(projection, 'live', 0);
    const writes = await store.storage.tables(projection, build);
    const changes: BatchChanges = new Map(
      [...documents].map(([collection, docs]) => [
        collection,
        new Map(docs.map((doc): [string, DocumentChange] => [doc.key, { json: doc.json, row: doc.row }])),
      ]),
    );
    const request: CommitRequest = { changes, from: 0n, to: 1n };
    if (writes.reads === 'sync') writes.transact(request);
    else await writes.transact(request);
    for (const layout of layoutsOf(projection, build.version, build.build)) {
      const docs = documents.get(layout.collection);
      if (docs === undefined) continue;
      const idColumns = new Set(
        layout.columns
          .map(({ name }) => name)
          .filter((name) =>
            docs.some(({ row }) => typeof row[name] === 'string' && renamed(row[name], 1) !== row[name]),
          ),
      );
      const seedTable = `bench_seed_${layout.physical}`;
      await store.keepSeed(layout, seedTable);
      tables.push({ layout, seedTable, idColumns });
    }
  }
  let copies = 1;
  return {
    growTo: async (accounts) => {
      const wanted = Math.ceil(accounts / SEED_ACCOUNTS);
      if (wanted <= copies) return;
      for (const table of tables) await store.copy(table, copies, wanted);
      copies = wanted;
    },
  };
};

const engineOn = (readModels: ReadModelStore, projections: readonly Projection[]): ReadModelEngine =>
  ({
    readModels,
    projector: {
      status: async () =>
        projections.map((p) => ({
          name: p.name,
          version: p.version,
          position: 1n,
          head: 1n,
          lag: 0n,
          state: 'live',
        })),
      waitFor: async () => true,
    },
    clock: { now: () => `${BOOK_DAY}T12:00:00.000Z` },
    policy: POLICY_V1,
  }) as unknown as ReadModelEngine;

/** The requests measured: each read model's first page, sorted and filtered as analysts ask. */
const QUERIES: readonly string[] = [
  'tier-status?limit=50',
  'tier-status?limit=50&sort=-t12mAmount',
  'tier-status?limit=50&sort=gapToNextFloor&industry=RETAIL',
  'tier-status?limit=50&tier=A',
  'tier-status?limit=50&sort=-t12mAmount&nearFloor=true',
  'tier-status?limit=50&sort=tier&withoutManager=true',
  'stock-coverage?limit=50&sort=dos',
  'stock-coverage?limit=50&sort=accountId&flag=ALLOCATION_CUT',
  'stock-coverage?limit=50&sort=-dos&flag=BELOW_SAFETY',
  'stock-coverage?limit=50&sort=accountId&flag=ALLOCATION_CUT,DELIVERY_LATE',
  'stock-coverage-daily?limit=50&sort=-reportDate',
  'stock-coverage-daily?limit=50&asOf=2026-03-01',
  'promotion-history?limit=50&sort=-uplift',
  'promotion-history?limit=50&sort=-uplift&negativeUplift=true',
  'promotion-history?limit=50&sort=windowFrom&overlapsPeak=true',
  'tier-changes?limit=50&sort=-changedOn',
  'account-risk?limit=50&sort=-score',
  'account-risk?limit=50&sort=-revenueAtRisk&atRisk=true',
  'account-risk?limit=50&sort=-score&managerId=mgr-03',
  'account-risk?limit=50&sort=-score&minScore=60',
  'account-plan?limit=50&sort=shareAchieved&onPace=false',
  'account-plan?limit=50&sort=-gapToTargetAmount',
  'manager-scorecard?limit=50&sort=-month',
  'manager-scorecard?limit=50&sort=managerId&from=2026-01',
  'groups?limit=50&sort=-t12mAmount',
  'groups?limit=50&sort=groupId&tier=A',
];

const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
};

const timed = async (work: () => Promise<unknown> | unknown): Promise<number> => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

const get = async (app: Express, path: string) => {
  const res = await request(app).get(`/read-models/${path}`);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { nextCursor: string | null };
};

/** The most pages walked to find a middle page, and the most time spent walking. */
const WALK_PAGES = 2000;
const WALK_MS = 20_000;

/**
 * The cursor of the page in the middle of a query's rows (walked to in the largest pages: a
 * cursor holds no limit), or of the rows walked when the walk stopped at its bounds.
 */
const middleCursor = async (app: Express, path: string): Promise<string | undefined> => {
  const cursors: string[] = [];
  const walk = path.replace('limit=50', 'limit=500');
  const started = Date.now();
  let cursor: string | null = null;
  do {
    const body = await get(app, cursor === null ? walk : `${walk}&cursor=${encodeURIComponent(cursor)}`);
    cursor = body.nextCursor;
    if (cursor !== null) cursors.push(cursor);
  } while (cursor !== null && cursors.length < WALK_PAGES && Date.now() - started < WALK_MS);
  return cursors[Math.floor(cursors.length / 2)];
};

interface Timing {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
}

/** A slow request is measured fewer times: at least MIN_SAMPLES, else until this much time. */
const MEASURE_MS = 10_000;
const MIN_SAMPLES = 5;

const measure = async (repeats: number, work: () => Promise<unknown> | unknown): Promise<Timing> => {
  await work();
  const times: number[] = [];
  const started = Date.now();
  while (times.length < repeats && (times.length < MIN_SAMPLES || Date.now() - started < MEASURE_MS))
    times.push(await timed(work));
  return { p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length };
};

const ms = (value: number): number => Math.round(value * 100) / 100;

interface Measured {
  readonly first: Timing;
  readonly middle?: Timing;
  readonly baseline: Timing;
}

const log = (line: string): void => {
  if (process.env['KARE_BENCH_QUIET'] === undefined) console.error(`[read-model-pages] ${line}`);
};

/** Every query at every size on one store: the book grows from one size to the next. */
const measureStore = async (
  store: Store,
  seed: Seed,
  sizes: readonly number[],
  repeats: number,
): Promise<Map<string, Map<number, Measured>>> => {
  const byQuery = new Map<string, Map<number, Measured>>();
  // KARE_BENCH_PAGES_QUERIES=account-risk: only the queries holding that text, to try a change.
  const only = process.env['KARE_BENCH_PAGES_QUERIES'];
  const queries = QUERIES.filter((query) => only === undefined || query.includes(only));
  const book = await bookIn(store, seed);
  const current = createCurrentRows({
    storage: store.storage,
    projections: PROJECTIONS,
    clock: { now: () => `${BOOK_DAY}T12:00:00.000Z` },
    policy: POLICY_V1,
    chunk: 5000,
  });
  const app = createApp({
    apiKeys: [],
    logger: pino({ level: 'silent' }),
    // A new presented-rows cache per request: every page measured is an uncached one.
    routes: [readModelRoutes(engineOn(store.readModels, PROJECTIONS), { presentedRowsBytes: 1 })],
  });
  for (const accounts of sizes) {
    let started = Date.now();
    await book.growTo(accounts);
    // The copies are written current as of the book's day: the daily job finds (almost) nothing.
    const rewritten = await current.refresh();
    // As a server's daily job does hourly (SQLite; PostgreSQL's autovacuum analyses by itself).
    await store.storage.refreshStatistics?.();
    log(`${store.name} @${accounts}: book in ${Date.now() - started} ms, ${rewritten} rows made current`);
    const baseline = await measure(repeats, store.rawPage);
    for (const query of queries) {
      started = Date.now();
      const first = await measure(repeats, () => get(app, query));
      const cursor = await middleCursor(app, query);
      const middle =
        cursor === undefined
          ? undefined
          : await measure(repeats, () => get(app, `${query}&cursor=${encodeURIComponent(cursor)}`));
      const entry = byQuery.get(query) ?? new Map<number, Measured>();
      entry.set(accounts, { first, ...(middle === undefined ? {} : { middle }), baseline });
      byQuery.set(query, entry);
      log(
        `${store.name} @${accounts} ${query}: first ${ms(first.p50)}/${ms(first.p99)} ms (${first.samples}), middle ${middle === undefined ? '-' : ms(middle.p50)} ms, ${Date.now() - started} ms`,
      );
    }
  }
  return byQuery;
};

const rowsOf = (
  storeName: string,
  byQuery: Map<string, Map<number, Measured>>,
  sizes: readonly number[],
): BenchRow[] => {
  const rows: BenchRow[] = [];
  const smallest = sizes[0]!;
  const largest = sizes.at(-1)!;
  for (const [query, bySize] of byQuery) {
    for (const [accounts, { first, middle, baseline }] of bySize) {
      const name = `${storeName} ${query} @${accounts}`;
      rows.push({
        name: `${name} first p50`,
        unit: 'ms',
        ours: ms(first.p50),
        baseline: ms(baseline.p50),
        ratio: ms(first.p50 / baseline.p50),
      });
      rows.push({
        name: `${name} first p99`,
        unit: 'ms',
        ours: ms(first.p99),
        baseline: ms(baseline.p99),
        ratio: ms(first.p99 / baseline.p99),
      });
      if (middle !== undefined)
        rows.push({
          name: `${name} middle p50`,
          unit: 'ms',
          ours: ms(middle.p50),
          baseline: ms(baseline.p50),
          ratio: ms(middle.p50 / baseline.p50),
        });
    }
    const small = bySize.get(smallest)!.first.p50;
    const large = bySize.get(largest)!.first.p50;
    rows.push({
      name: `${storeName} ${query} first p50 @${largest} vs @${smallest}`,
      unit: 'ms',
      ours: ms(large),
      baseline: ms(small),
      ratio: ms(large / small),
      target: '≤ 2 (flat)',
    });
  }
  return rows;
};

export const runReadModelPages = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  // KARE_BENCH_PAGES_SIZES=240,2400: other sizes, to try a change quickly.
  const sizes =
    process.env['KARE_BENCH_PAGES_SIZES']?.split(',').map(Number) ??
    (quick ? [1000, 10_000] : [1000, 10_000, 100_000]);
  const repeats = quick ? 15 : 40;
  const only = process.env['KARE_BENCH_PAGES_STORES']?.split(',');
  // PostgreSQL first: a server that does not answer fails the run before the long SQLite part.
  const stores: (() => Promise<Store>)[] = [];
  if (only === undefined || only.includes('postgres')) stores.push(openPostgresStore);
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-pages-'));
  if (only === undefined || only.includes('sqlite')) stores.push(async () => openSqliteStore(dir));
  const rows: BenchRow[] = [];
  try {
    const seed = await seedBook();
    for (const open of stores) {
      const store = await open();
      try {
        rows.push(...rowsOf(store.name, await measureStore(store, seed, sizes, repeats), sizes));
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};

export const benchmark: Benchmark = {
  title:
    'Read-model pages at 1k/10k/100k accounts on SQLite and PostgreSQL (flat in the book’s size; baseline: a raw page of the same store)',
  run: runReadModelPages,
};
