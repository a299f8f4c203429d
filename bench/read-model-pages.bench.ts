// Read-model pages at a department's size and beyond (issue #15): the same requests on books of
// 1,000, 10,000 and 100,000 accounts must cost the same. The rows are a real demo book's
// documents (24 accounts of every profile, loaded through the commands), copied under new
// account ids until the book has N accounts, written through the projector's storage and kept
// current as of the book's day by the daily job; the requests go through the real express app.
// Baseline, in the same process on the same file: a raw SQLite page (ORDER BY the key, LIMIT 50,
// JSON.parse of the documents). Rows: p50/p99 of the first page and of a middle page of each read
// model, sorted and filtered, and how the p50 at the largest size compares with the smallest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../adapters/http/app.js';
import { readModelRoutes, type ReadModelEngine } from '../adapters/http/read-model-routes.js';
import { createSqliteProjectionStorage } from '../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../adapters/sqlite/read-model-store.js';
import { demoClock, loadDemoBook } from '../demo/demo-book.js';
import { POLICY_V1 } from '../domain/kernel/index.js';
import { PROJECTIONS } from '../projections/index.js';
import type { Collection, Projection } from '../projections/projection.js';
import { openEngine } from '../src/app/open-engine.js';
import { createCurrentRows } from '../src/consumers/projector/current-rows.js';
import type { DocumentChange } from '../src/ports.js';
import type { Benchmark, BenchOptions, BenchRow } from './harness.js';

const BOOK_DAY = '2026-11-26';
const SEED_ACCOUNTS = 24;
const ACCOUNT_ID = /acc-\d{4}/g;

/** Every document of every collection of the projections the read models come from. */
type Seed = Map<string, Map<string, readonly { key: string; json: string }[]>>;

const seedBook = async (): Promise<Seed> => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-pages-seed-'));
  const clock = demoClock(BOOK_DAY);
  const engine = openEngine({ dataDir: dir, clock, sqliteSync: 'normal' });
  try {
    await loadDemoBook(engine, clock, { accounts: SEED_ACCOUNTS, today: BOOK_DAY });
    const seed: Seed = new Map();
    for (const projection of PROJECTIONS) {
      const live = engine.readDb
        .prepare<[string], { tables: string }>(
          "SELECT tables FROM projection_checkpoints WHERE projection = ? AND state = 'live'",
        )
        .get(projection.name);
      if (live === undefined) continue;
      const byCollection = new Map<string, { key: string; json: string }[]>();
      for (const layout of JSON.parse(live.tables) as { collection: string; physical: string; key: string }[])
        byCollection.set(
          layout.collection,
          engine.readDb
            .prepare<[], { key: string; json: string }>(
              `SELECT "${layout.key}" AS key, doc AS json FROM "${layout.physical}"`,
            )
            .all(),
        );
      seed.set(projection.name, byCollection);
    }
    return seed;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** A read-model database holding `accounts` accounts: the seed copied under new account ids. */
const bookOf = async (dir: string, seed: Seed, accounts: number): Promise<Database.Database> => {
  const db = openReadModelDatabase(join(dir, `book-${accounts}.sqlite`));
  db.pragma('synchronous = OFF');
  const storage = createSqliteProjectionStorage(db);
  const copies = Math.ceil(accounts / SEED_ACCOUNTS);
  for (const projection of PROJECTIONS) {
    const documents = seed.get(projection.name);
    if (documents === undefined) continue;
    const build = await storage.create(projection, 'live', 0);
    const tables = await storage.tables(projection, build);
    if (tables.reads !== 'sync') throw new Error('the bench writes through SQLite');
    let position = 0n;
    for (let copy = 0; copy < copies; copy += 1) {
      const rename = (text: string) =>
        copy === 0 ? text : text.replace(ACCOUNT_ID, (id) => `${id}-${copy}`);
      const changes = new Map<string, Map<string, DocumentChange>>();
      for (const [name, docs] of documents) {
        const { toRow } = projection.collections[name] as unknown as Collection<unknown>;
        changes.set(
          name,
          new Map(
            docs.map(({ key, json }) => {
              const renamed = rename(json);
              return [rename(key), { json: renamed, row: toRow(JSON.parse(renamed)) }];
            }),
          ),
        );
      }
      const from = position;
      position += 1n;
      tables.transact(() => ({ changes, from, to: position }));
    }
  }
  return db;
};

const engineOn = (db: Database.Database, projections: readonly Projection[]): ReadModelEngine =>
  ({
    readModels: createSqliteReadModelStore(db),
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
  'stock-coverage?limit=50&sort=dos',
  'stock-coverage?limit=50&sort=accountId&flag=ALLOCATION_CUT',
  'stock-coverage-daily?limit=50&sort=-reportDate',
  'stock-coverage-daily?limit=50&asOf=2026-03-01',
  'promotion-history?limit=50&sort=-uplift',
  'tier-changes?limit=50&sort=-changedOn',
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

/** The cursor of the page in the middle of a query's rows (walked to in the largest pages: a cursor holds no limit). */
const middleCursor = async (app: Express, path: string): Promise<string | undefined> => {
  const cursors: string[] = [];
  const walk = path.replace('limit=50', 'limit=500');
  let cursor: string | null = null;
  do {
    const body = await get(app, cursor === null ? walk : `${walk}&cursor=${encodeURIComponent(cursor)}`);
    cursor = body.nextCursor;
    if (cursor !== null) cursors.push(cursor);
  } while (cursor !== null && cursors.length < 2000);
  return cursors[Math.floor(cursors.length / 2)];
};

interface Timing {
  readonly p50: number;
  readonly p99: number;
}

const measure = async (repeats: number, work: () => Promise<unknown> | unknown): Promise<Timing> => {
  await work();
  const times: number[] = [];
  for (let i = 0; i < repeats; i += 1) times.push(await timed(work));
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
};

const ms = (value: number): number => Math.round(value * 100) / 100;

export const runReadModelPages = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const sizes = quick ? [1000, 10_000] : [1000, 10_000, 100_000];
  const repeats = quick ? 15 : 40;
  const seed = await seedBook();
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-pages-'));
  const byQuery = new Map<string, Map<number, { first: Timing; middle?: Timing; baseline: Timing }>>();
  try {
    for (const accounts of sizes) {
      const db = await bookOf(dir, seed, accounts);
      const current = createCurrentRows({
        storage: createSqliteProjectionStorage(db),
        projections: PROJECTIONS,
        clock: { now: () => `${BOOK_DAY}T12:00:00.000Z` },
        policy: POLICY_V1,
      });
      await current.refresh();
      const app = createApp({
        apiKeys: [],
        logger: pino({ level: 'silent' }),
        // A new presented-rows cache per request: every page measured is an uncached one.
        routes: [readModelRoutes(engineOn(db, PROJECTIONS), { presentedRowsBytes: 1 })],
      });
      const raw = db.prepare<[], { doc: string }>('SELECT doc FROM tier_status ORDER BY account_id LIMIT 50');
      const baseline = await measure(repeats, () => raw.all().map(({ doc }) => JSON.parse(doc) as unknown));
      for (const query of QUERIES) {
        const first = await measure(repeats, () => get(app, query));
        const cursor = await middleCursor(app, query);
        const middle =
          cursor === undefined
            ? undefined
            : await measure(repeats, () => get(app, `${query}&cursor=${encodeURIComponent(cursor)}`));
        const entry = byQuery.get(query) ?? new Map();
        entry.set(accounts, { first, ...(middle === undefined ? {} : { middle }), baseline });
        byQuery.set(query, entry);
      }
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows: BenchRow[] = [];
  const smallest = sizes[0]!;
  const largest = sizes.at(-1)!;
  for (const [query, bySize] of byQuery) {
    for (const [accounts, { first, middle, baseline }] of bySize) {
      const name = `${query} @${accounts}`;
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
      name: `${query} first p50 @${largest} vs @${smallest}`,
      unit: 'ms',
      ours: ms(large),
      baseline: ms(small),
      ratio: ms(large / small),
      target: '≤ 2 (flat)',
    });
  }
  return rows;
};

export const benchmark: Benchmark = {
  title: 'Read-model pages at 1k/10k/100k accounts (flat in the book’s size; baseline: a raw SQLite page)',
  run: runReadModelPages,
};
