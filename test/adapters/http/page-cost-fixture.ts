// What the "page cost" specs share: the engine on a written demo book, its read models in SQLite
// or in a PostgreSQL database of its own, served by the read-model routes through a store that
// counts the rows it reads; a page asked for, every page walked by cursor, and the order the
// presented rows take, to compare the served pages with.
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../../adapters/http/app.js';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { compareKeysets, keysetOf, type KeyedRow } from '../../../adapters/http/presented-order.js';
import { readModelRoutes } from '../../../adapters/http/read-model-routes.js';
import type { DemoOptions } from '../../../demo/demo-book.js';
import { POLICY_V2, type IsoDate } from '../../../domain/kernel/index.js';
import type { FieldValue, PresentedRow, ReadModel } from '../../../projections/read-model.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import type { ReadModelQuery, ReadModelStore } from '../../../src/ports.js';
import { BOOK_DAY, removeDir, tempDir, writeDemo } from '../../demo/demo-fixture.js';
import { POSTGRES_URL, serverDatabase } from '../postgres/postgres-fixture.js';

const KEY = 'analyst-key';
export const NOW = `${BOOK_DAY}T12:00:00.000Z`;
/** A past day, whose presented rows are not all today's. */
export const PAST = '2026-03-31';
/** What `current_as` says of a row kept current as of today. */
export const CURRENT = `${BOOK_DAY}/${POLICY_V2.version}`;

/** A row as served. */
export type Row = Record<string, FieldValue>;

export interface PageCostStore {
  readonly engine: OpenedEngine;
  readonly close: () => Promise<void>;
}

export type PageCostOpener = (dataDir: string) => Promise<PageCostStore>;

/**
 * The engine on the demo book, its read models in SQLite or in a PostgreSQL database of its own
 * (named from `databasePrefix`, created and dropped), when POSTGRES_URL is set.
 */
export const pageCostStores = (databasePrefix: string): readonly (readonly [string, PageCostOpener])[] => [
  [
    'SQLite',
    async (dataDir) => {
      const engine = openEngine({ dataDir, clock: { now: () => NOW }, sqliteSync: 'normal' });
      return { engine, close: () => engine.close() };
    },
  ],
  ...(POSTGRES_URL === undefined
    ? []
    : ([
        [
          'PostgreSQL',
          async (dataDir: string): Promise<PageCostStore> => {
            const database = serverDatabase(POSTGRES_URL!, databasePrefix);
            await database.create();
            const engine = openEngine({
              dataDir,
              clock: { now: () => NOW },
              sqliteSync: 'normal',
              readDbUrl: database.url,
            });
            return {
              engine,
              close: async () => {
                await engine.close();
                await database.drop();
              },
            };
          },
        ],
      ] as const)),
];

export interface PageCostBook {
  /** Names the temporary data directory. */
  readonly name: string;
  readonly demo: DemoOptions;
  /** Writes to the book once its read models have caught up, before the rows are made current. */
  readonly beforeRefresh?: (engine: OpenedEngine) => Promise<void>;
  /** How long opening may take, in ms. */
  readonly timeout?: number;
}

export interface PageCostApp {
  /** The engine, once the suite's beforeAll has opened it. */
  readonly engine: OpenedEngine;
  /** The app serving the read models with an analyst's key, once the suite's beforeAll has made it. */
  readonly app: Express;
  /** The rows the app has read since a test last set `rows` to 0. */
  readonly reads: { rows: number };
  /** A page of `path`, asked for with the analyst's key: it must be served. */
  readonly get: (path: string) => Promise<Page>;
  /** Every page of `query` on the read model, `limit` rows a page, walked by cursor, as row identities. */
  readonly walkPages: (paged: PagedModel, query: string, limit: number) => Promise<string[]>;
  /** Every row of the read model presented as of `asOf`, those `passes` lets through, in the order of `sort`. */
  readonly presentedOrder: (
    paged: PagedModel,
    asOf: IsoDate,
    sort: string,
    passes: (row: PresentedRow) => boolean,
  ) => Promise<string[]>;
}

/** A page as served. */
export interface Page {
  readonly items: Row[];
  readonly nextCursor: string | null;
}

/** A read model and what names one of its rows, served or presented. */
export interface PagedModel {
  readonly model: ReadModel;
  readonly identity: (row: Row | PresentedRow) => string;
}

/** A store that adds the rows each `find` returns to `reads.rows`. */
const countingReads = (store: ReadModelStore, reads: { rows: number }): ReadModelStore => ({
  find: async <Doc>(collection: string, query?: ReadModelQuery) => {
    const rows = await store.find<Doc>(collection, query);
    reads.rows += rows.length;
    return rows;
  },
  get: (collection, key) => store.get(collection, key),
});

/** The handle is made before its beforeAll runs: asked for earlier, it says so. */
const once = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`the ${what} is opened in the suite's beforeAll`);
  return value;
};

/**
 * Registers the suite's hooks: before its tests, the demo book written and opened with `open`, its
 * read models caught up (then `book.beforeRefresh`) and made current, and an app serving them;
 * after them, all closed and removed.
 */
export const pageCostApp = (open: PageCostOpener, book: PageCostBook): PageCostApp => {
  let dir: string | undefined;
  let store: PageCostStore | undefined;
  let app: Express | undefined;
  const reads = { rows: 0 };

  beforeAll(async () => {
    dir = tempDir(book.name);
    await writeDemo(dir, book.demo);
    store = await open(dir);
    await store.engine.projector.catchUp();
    await book.beforeRefresh?.(store.engine);
    await store.engine.currentRows.refresh();
    app = createApp({
      apiKeys: parseApiKeys(`${KEY}=analyst`),
      logger: pino({ level: 'silent' }),
      routes: [
        readModelRoutes({ ...store.engine, readModels: countingReads(store.engine.readModels, reads) }),
      ],
    });
  }, book.timeout ?? 180_000);

  afterAll(async () => {
    await store?.close();
    if (dir !== undefined) removeDir(dir);
  });

  const handle: PageCostApp = {
    get engine() {
      return once(store, 'engine').engine;
    },
    get app() {
      return once(app, 'app');
    },
    reads,
    get: (path) => getPage(handle.app, path),
    walkPages: (paged, query, limit) => walkPages(handle.app, paged, query, limit),
    presentedOrder: (paged, asOf, sort, passes) => presentedOrder(handle.engine, paged, asOf, sort, passes),
  };
  return handle;
};

const getPage = async (app: Express, path: string): Promise<Page> => {
  const res = await request(app).get(path).set('Authorization', `Bearer ${KEY}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
};

const walkPages = async (
  app: Express,
  { model, identity }: PagedModel,
  query: string,
  limit: number,
): Promise<string[]> => {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const body = await getPage(
      app,
      `/read-models/${model.name}?${query}&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    keys.push(...body.items.map(identity));
    cursor = body.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 1000);
  return keys;
};

const presentedOrder = async (
  engine: OpenedEngine,
  { model, identity }: PagedModel,
  asOf: IsoDate,
  sort: string,
  passes: (row: PresentedRow) => boolean,
): Promise<string[]> => {
  const spec = { field: sort.replace(/^-/, ''), descending: sort.startsWith('-') };
  const context = { asOf, policy: POLICY_V2 };
  const rows: KeyedRow[] = (await engine.readModels.find<never>(model.collection))
    .map(({ key, doc }) => ({ key, row: model.present(doc, context) }))
    .filter(({ row }) => passes(row));
  rows.sort((a, b) => compareKeysets(spec, keysetOf(spec, a), keysetOf(spec, b)));
  return rows.map(({ row }) => identity(row));
};
