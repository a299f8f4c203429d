// Issue #14 (item 1) and #15: a read-model page sorted by a plain column is read a page at a time
// in SQL, and only its rows are presented. On a demo book: the plain columns hold exactly what
// the rows present, walking the pages gives the order the presented rows sort into, and a page
// reads its own rows, not the table.
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../adapters/http/app.js';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { compareKeysets, keysetOf, type KeyedRow } from '../../../adapters/http/presented-order.js';
import { readModelRoutes } from '../../../adapters/http/read-model-routes.js';
import { POLICY_V2 } from '../../../domain/kernel/index.js';
import type { FieldValue } from '../../../projections/read-model.js';
import { PROJECTIONS, READ_MODELS } from '../../../projections/index.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import type { ReadModelQuery, ReadModelStore } from '../../../src/ports.js';
import { BOOK_DAY, removeDir, tempDir, writeDemo } from '../../demo/demo-fixture.js';

const KEY = 'analyst-key';
const NOW = `${BOOK_DAY}T12:00:00.000Z`;
let now = NOW;
const PAST = '2026-03-31';

/** The store, counting the rows every find returns. */
const counting = (store: ReadModelStore) => {
  const reads = { rows: 0, finds: 0 };
  const wrapped: ReadModelStore = {
    find: async <Doc>(collection: string, query?: ReadModelQuery) => {
      const rows = await store.find<Doc>(collection, query);
      reads.rows += rows.length;
      reads.finds += 1;
      return rows;
    },
    get: (collection, key) => store.get(collection, key),
  };
  return { wrapped, reads };
};

let dir: string;
let engine: OpenedEngine;
let app: Express;
let reads: { rows: number; finds: number };

const tableOf = (name: string) => {
  const model = READ_MODELS.find((m) => m.name === name)!;
  const collection = PROJECTIONS.flatMap((p) => Object.values(p.collections)).find(
    (c) => c.table === model.collection,
  )!;
  return { model, collection };
};

/** The tables whose rows the daily job keeps current. */
const CURRENT_TABLES = PROJECTIONS.flatMap((p) => Object.values(p.collections))
  .filter((c) => c.current !== undefined)
  .map((c) => c.table);

/** The rows of those tables, or those not current as of `day`. */
const rowsOfCurrentTables = async (notCurrentAs?: string): Promise<number> => {
  let rows = 0;
  for (const table of CURRENT_TABLES)
    rows += (
      await engine.readModels.find(
        table,
        notCurrentAs === undefined ? {} : { except: { current_as: notCurrentAs } },
      )
    ).length;
  return rows;
};

const get = async (path: string) => {
  const res = await request(app).get(path).set('Authorization', `Bearer ${KEY}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Record<string, FieldValue>[]; nextCursor: string | null };
};

/** Every page of a list, walked by cursor: the keys' order and how many pages. */
const walk = async (name: string, query: string, keyField: (row: Record<string, FieldValue>) => string) => {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const body = await get(
      `/read-models/${name}?${query}&limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    keys.push(...body.items.map(keyField));
    cursor = body.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 10_000);
  return { keys, pages };
};

/**
 * The demo book forms its groups of ordinary accounts, which 24 accounts (the featured cast) have
 * none of: three groups of 0, 1 and 2 of its active accounts, so the groups pages have rows.
 */
const formGroups = async (): Promise<void> => {
  const active = (await engine.readModels.find('tier_status', { where: { status: 'ACTIVE' } })).map(
    ({ key }) => key,
  );
  const send = async (aggregateId: string, type: string, data: Record<string, unknown>) => {
    const outcome = await engine.handler.handle({
      aggregate: 'group',
      aggregateId,
      command: { type, data: { ...data, at: NOW } },
    } as never);
    expect(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.failure)).toBe(true);
  };
  for (const [i, groupId] of ['sp-a', 'sp-b', 'sp-c'].entries()) {
    await send(groupId, 'RegisterGroup', {
      groupId,
      name: `Group ${3 - i}`,
      industry: 'RETAIL',
      headquartersRegion: 'Shanghai',
    });
    for (const accountId of active.splice(0, i)) await send(groupId, 'AddMember', { accountId });
  }
  await engine.projector.catchUp();
};

beforeAll(async () => {
  dir = tempDir('sql-pages');
  await writeDemo(dir, { accounts: 24 });
  // The server's today is the book's day: the daily job keeps the rows current as of it.
  engine = openEngine({ dataDir: dir, clock: { now: () => now }, sqliteSync: 'normal' });
  await engine.projector.catchUp();
  await formGroups();
  await engine.currentRows.refresh();
  const { wrapped, reads: counted } = counting(engine.readModels);
  reads = counted;
  app = createApp({
    apiKeys: parseApiKeys(`${KEY}=analyst`),
    logger: pino({ level: 'silent' }),
    routes: [readModelRoutes({ ...engine, readModels: wrapped })],
  });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  removeDir(dir);
});

// Each served row's identity, as the API shows it, to compare orders by.
const IDENTITY: Record<string, (row: Record<string, FieldValue>) => string> = {
  'tier-status': (row) => String(row['accountId']),
  'account-risk': (row) => String(row['accountId']),
  'tier-changes': (row) =>
    `${String(row['accountId'])}/${String(row['changedOn'])}/${String(row['period'])}/${String(row['to'])}`,
  'stock-coverage': (row) => `${String(row['accountId'])}/${String(row['sku'])}`,
  'stock-coverage-daily': (row) =>
    `${String(row['accountId'])}/${String(row['sku'])}/${String(row['reportDate'])}`,
  'promotion-history': (row) => `${String(row['agreementId'])}/${String(row['promotionId'])}`,
  'account-plan': (row) => String(row['planId']),
  'account-plan-skus': (row) => String(row['planSkuId']),
  'manager-scorecard': (row) => String(row['scorecardId']),
  managers: (row) => String(row['managerId']),
  groups: (row) => String(row['groupId']),
};

const PLAIN_SORTS = READ_MODELS.flatMap((model) =>
  Object.entries(model.sortColumns ?? {}).map(([field, column]) => ({ model, field, column })),
);

describe('sorts by a plain column', () => {
  it('are declared for every read model, on fields it sorts by and columns its table has', () => {
    expect(PLAIN_SORTS.length).toBeGreaterThanOrEqual(12);
    for (const { model, field, column } of PLAIN_SORTS) {
      expect(model.sortable).toContain(field);
      const { collection } = tableOf(model.name);
      expect([collection.key, ...collection.columns.map((c) => c.name)]).toContain(column);
    }
  });

  it.each(PLAIN_SORTS.map((s) => [s.model.name, s.field, s] as const))(
    '%s: the column of %s holds what every row presents, today and on a past day',
    async (_name, _field, { model, field, column }) => {
      const rows = await engine.readModels.find<never>(model.collection);
      expect(rows.length).toBeGreaterThan(0);
      for (const asOf of [BOOK_DAY, PAST])
        for (const { row, doc, key } of rows) {
          const shown = model.present(doc, { asOf, policy: POLICY_V2 })[field] ?? null;
          const stored = column === tableOf(model.name).collection.key ? key : row[column];
          expect(stored, `${model.name} ${key}`).toEqual(typeof shown === 'boolean' ? Number(shown) : shown);
        }
    },
  );
});

const CURRENT_SORTS = READ_MODELS.flatMap((model) =>
  Object.entries(model.currentSortColumns ?? {}).map(([field, column]) => ({ model, field, column })),
);

/** The rows of a read model presented as of the book's day, sorted as the API sorts them. */
const presentedOrder = async (name: string, sort: string): Promise<string[]> => {
  const { model } = tableOf(name);
  const spec = { field: sort.replace(/^-/, ''), descending: sort.startsWith('-') };
  const all: KeyedRow[] = (await engine.readModels.find<never>(model.collection)).map(({ key, doc }) => ({
    key,
    row: model.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
  }));
  all.sort((a, b) => compareKeysets(spec, keysetOf(spec, a), keysetOf(spec, b)));
  return all.map(({ row }) => IDENTITY[name]!(row as Record<string, FieldValue>));
};

describe('sorts by a value kept current as of today', () => {
  it('are declared on fields the read model sorts by, and kept by the daily job', async () => {
    expect(CURRENT_SORTS.length).toBeGreaterThanOrEqual(9);
    for (const { model, field, column } of CURRENT_SORTS) {
      expect(model.sortable).toContain(field);
      const { collection } = tableOf(model.name);
      expect(collection.current).toBeDefined();
      expect(collection.columns.map((c) => c.name)).toContain(column);
    }
    // Every row is current after a pass; a second pass has nothing to do.
    expect(await engine.currentRows.refresh()).toBe(0);
  });

  it.each(CURRENT_SORTS.map((s) => [s.model.name, s.field, s] as const))(
    '%s: in a current row, the column of %s holds what the row presents today',
    async (_name, _field, { model, field, column }) => {
      const rows = await engine.readModels.find<never>(model.collection);
      expect(rows.length).toBeGreaterThan(0);
      for (const { row, doc, key } of rows) {
        expect(row['current_as']).toBe(`${BOOK_DAY}/${POLICY_V2.version}`);
        const shown = model.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 })[field] ?? null;
        expect(row[column], `${model.name} ${key}`).toEqual(
          typeof shown === 'boolean' ? Number(shown) : shown,
        );
      }
    },
  );

  it.each(
    CURRENT_SORTS.flatMap((s) => [[s.model.name, s.field] as const, [s.model.name, `-${s.field}`] as const]),
  )('%s sort=%s for today gives the presented order, and a page reads its rows', async (name, sort) => {
    const { keys } = await walk(name, `sort=${sort}`, IDENTITY[name]!);
    expect(keys).toEqual(await presentedOrder(name, sort));
    reads.rows = 0;
    await get(`/read-models/${name}?sort=${sort}&limit=5`);
    expect(reads.rows).toBeLessThanOrEqual(6);
  });

  const CURRENT_FILTERS = READ_MODELS.flatMap((model) =>
    model.filters
      .filter((filter) => filter.currentColumn !== undefined || filter.currentWhere !== undefined)
      .flatMap((filter) => (filter.values ?? []).map((value) => ({ model, filter, value }))),
  );

  it.each(CURRENT_FILTERS.map((f) => [f.model.name, f.filter.param, f.value, f] as const))(
    '%s?%s=%s for today runs in SQL on the current rows and gives the rows that pass, in order',
    async (name, param, value, { model, filter }) => {
      const sort = model.sortable[0]!;
      const { keys } = await walk(name, `sort=${sort}&${param}=${value}`, IDENTITY[name]!);
      const spec = { field: sort, descending: false };
      const context = { asOf: BOOK_DAY, policy: POLICY_V2 };
      const expected = (await engine.readModels.find<never>(model.collection))
        .map(({ key, doc }) => ({ key, row: model.present(doc, context) }))
        .filter(({ row }) => filter.matches!(row, value, context))
        .sort((a, b) => compareKeysets(spec, keysetOf(spec, a), keysetOf(spec, b)))
        .map(({ row }) => IDENTITY[name]!(row as Record<string, FieldValue>));
      expect(keys).toEqual(expected);
      reads.rows = 0;
      await get(`/read-models/${name}?sort=${sort}&${param}=${value}&limit=3`);
      // The page's rows and one more, plus the rows not current yet (none here): not the table.
      expect(reads.rows).toBeLessThanOrEqual(4);
    },
  );

  // Two values of one filter: the rows with either, still in SQL on the current rows.
  const CURRENT_PAIRS = READ_MODELS.flatMap((model) =>
    model.filters
      .filter((filter) => filter.currentColumn !== undefined && (filter.values ?? []).length >= 2)
      .map((filter) => ({ model, filter, values: filter.values!.slice(0, 2) })),
  );

  it.each(CURRENT_PAIRS.map((f) => [f.model.name, f.filter.param, f.values.join(','), f] as const))(
    '%s?%s=%s for today gives the rows with any of the values, in order',
    async (name, param, list, { model, filter, values }) => {
      const sort = model.sortable[0]!;
      const { keys } = await walk(name, `sort=${sort}&${param}=${list}`, IDENTITY[name]!);
      const spec = { field: sort, descending: false };
      const context = { asOf: BOOK_DAY, policy: POLICY_V2 };
      const expected = (await engine.readModels.find<never>(model.collection))
        .map(({ key, doc }) => ({ key, row: model.present(doc, context) }))
        .filter(({ row }) => values.some((value) => filter.matches!(row, value, context)))
        .sort((a, b) => compareKeysets(spec, keysetOf(spec, a), keysetOf(spec, b)))
        .map(({ row }) => IDENTITY[name]!(row as Record<string, FieldValue>));
      expect(keys).toEqual(expected);
      reads.rows = 0;
      await get(`/read-models/${name}?sort=${sort}&${param}=${list}&limit=3`);
      expect(reads.rows).toBeLessThanOrEqual(4);
    },
  );

  it('merges the rows written since the last pass into the page, presented as of today', async () => {
    // A revenue month moves one account's T12M; the projector rewrites its row as of its own day.
    const [first] = await engine.readModels.find<{ accountId: string }>('tier_status', { limit: 1 });
    const outcome = await engine.handler.handle({
      aggregate: 'account',
      aggregateId: first!.key,
      command: {
        type: 'RecordRevenue',
        data: {
          period: '2026-10',
          amount: { amount: 987_654_321, currency: 'CNY' },
          sourceRef: 'ERP-late-correction',
          at: NOW,
        },
      },
    });
    expect(outcome.ok, outcome.ok ? '' : outcome.failure.kind).toBe(true);
    await engine.projector.catchUp();
    const stale = await engine.readModels.find('tier_status', { except: { current_as: `${BOOK_DAY}/v2` } });
    expect(stale.map(({ key }) => key)).toEqual([first!.key]);

    const { keys } = await walk('tier-status', 'sort=-t12mAmount', IDENTITY['tier-status']!);
    const expected = await presentedOrder('tier-status', '-t12mAmount');
    expect(keys).toEqual(expected);
    expect(keys[0]).toBe(first!.key);
    reads.rows = 0;
    await get('/read-models/tier-status?sort=-t12mAmount&limit=5');
    expect(reads.rows).toBeLessThanOrEqual(7);

    // The daily job's next pass makes it current again (with the rows the revenue moved in the
    // other read models kept current).
    const moved = await rowsOfCurrentTables(`${BOOK_DAY}/${POLICY_V2.version}`);
    expect(moved).toBeGreaterThan(1);
    expect(await engine.currentRows.refresh()).toBe(moved);
    expect(await engine.currentRows.refresh()).toBe(0);
  });
});

describe('walking the pages of a plain sort', () => {
  it.each(
    PLAIN_SORTS.flatMap((s) => [
      [s.model.name, s.field, s] as const,
      [s.model.name, `-${s.field}`, s] as const,
    ]),
  )('%s sort=%s gives the presented order, each row once', async (name, sort, { model }) => {
    const identity = IDENTITY[name]!;
    const { keys, pages } = await walk(name, `sort=${sort}`, identity);
    // The presented rows sorted as the API always sorted them: by value as of asOf, then key.
    const spec = { field: sort.replace(/^-/, ''), descending: sort.startsWith('-') };
    const all: KeyedRow[] = (await engine.readModels.find<never>(model.collection)).map(({ key, doc }) => ({
      key,
      row: model.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }),
    }));
    all.sort((a, b) => compareKeysets(spec, keysetOf(spec, a), keysetOf(spec, b)));
    expect(keys).toEqual(all.map(({ row }) => identity(row as Record<string, FieldValue>)));
    expect(pages).toBe(Math.max(1, Math.ceil(all.length / 7)));
  });

  it('with a filter on presented values, gives exactly the rows that pass, in order', async () => {
    const { keys } = await walk(
      'stock-coverage',
      `sort=accountId&inService=true&asOf=${BOOK_DAY}`,
      IDENTITY['stock-coverage']!,
    );
    const { model } = tableOf('stock-coverage');
    const expected = (await engine.readModels.find<never>(model.collection))
      .map(({ key, doc }) => ({ key, row: model.present(doc, { asOf: BOOK_DAY, policy: POLICY_V2 }) }))
      .filter(({ row }) => row['inService'] === true)
      .sort((a, b) => {
        const spec = { field: 'accountId', descending: false };
        return compareKeysets(spec, keysetOf(spec, a), keysetOf(spec, b));
      })
      .map(({ row }) => IDENTITY['stock-coverage']!(row as Record<string, FieldValue>));
    expect(expected.length).toBeGreaterThan(7);
    expect(keys).toEqual(expected);
  });
});

describe('what a page costs', () => {
  it('reads the page and one row more, not the table, for every plain sort', async () => {
    for (const { model, field } of PLAIN_SORTS) {
      const total = (await engine.readModels.find(model.collection)).length;
      reads.rows = 0;
      await get(`/read-models/${model.name}?sort=-${field}&limit=5&asOf=${PAST}`);
      expect(reads.rows, `${model.name} sort=-${field} of ${total} rows`).toBeLessThanOrEqual(6);
    }
  });

  it('reads one daily snapshot page per asOf, however many days an analyst walks', async () => {
    const total = (await engine.readModels.find('stock_coverage_daily')).length;
    expect(total).toBeGreaterThan(500);
    reads.rows = 0;
    for (let day = 1; day <= 28; day++)
      await get(`/read-models/stock-coverage-daily?limit=50&asOf=2026-02-${String(day).padStart(2, '0')}`);
    expect(reads.rows).toBeLessThanOrEqual(28 * 51);
  });

  it('with an unselective filter on presented values, reads a chunk, not the table', async () => {
    const total = (await engine.readModels.find('promotion_history')).length;
    expect(total).toBeGreaterThan(24);
    reads.rows = 0;
    const body = await get('/read-models/promotion-history?sort=-windowFrom&limit=5&negativeUplift=false');
    expect(body.items).toHaveLength(5);
    expect(body.items.every((row) => row['negativeUplift'] === false)).toBe(true);
    // Twice the page and one row: most promotions sell more during their window than before.
    expect(reads.rows).toBeLessThanOrEqual(12);
  });
});

describe('the daily job', () => {
  it('makes every row current as of the new day once the day turns, and then none', async () => {
    const rows = await rowsOfCurrentTables();
    now = '2026-11-27T00:00:05.000Z';
    try {
      expect(await engine.currentRows.refresh()).toBe(rows);
      expect(await engine.currentRows.refresh()).toBe(0);
      const [row] = await engine.readModels.find('stock_coverage', { limit: 1 });
      expect(row!.row['current_as']).toBe('2026-11-27/v2');
    } finally {
      now = NOW;
    }
  });
});
