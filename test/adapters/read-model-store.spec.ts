// The read-model store contract on SQLite (a file per test), and what only SQLite shows: the
// migrations recorded in the file and the views' SQL.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../adapters/memory/event-store.js';
import { createSqliteProjectionStorage } from '../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../../adapters/sqlite/read-model-store.js';
import { createProjector } from '../../src/consumers/projector/projector.js';
import { readModelStoreContract, type Analyst } from '../contracts/read-model-store.contract.js';
import {
  counterProjection,
  ordersProjection,
  tempDir,
  type TempDir,
} from '../src/consumers/projector/fixtures.js';

/** What an analyst's SQLite client sees of the file. */
const sqliteAnalyst = (path: string): Analyst => {
  const open = <T>(work: (db: Database.Database) => T): Promise<T> => {
    const db = new Database(path, { readonly: true });
    try {
      return Promise.resolve(work(db));
    } finally {
      db.close();
    }
  };
  return {
    columns: (table) =>
      open((db) =>
        (
          db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; pk: number }[]
        ).map(({ name, type, pk }) => [name, type, pk === 1] as const),
      ),
    indexes: (table) =>
      open((db) =>
        (db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; origin: string }[])
          .filter((index) => index.origin === 'c')
          .map((index) =>
            (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]).map((c) => c.name),
          ),
      ),
    views: (): Promise<Record<string, string>> =>
      open((db) =>
        Object.fromEntries(
          (
            db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name").all() as {
              name: string;
              sql: string;
            }[]
          ).map(({ name, sql }) => [name, /FROM "([a-z0-9_]+)"/.exec(sql)?.[1] ?? sql]),
        ),
      ),
    tables: () =>
      open((db) =>
        (
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
            name: string;
          }[]
        ).map((row) => row.name),
      ),
    rows: (sql) => open((db) => db.prepare(sql).all() as Record<string, unknown>[]),
  };
};

readModelStoreContract({
  name: 'sqlite',
  types: { TEXT: 'TEXT', INTEGER: 'INTEGER', REAL: 'REAL', doc: 'TEXT' },
  create: async () => {
    const dir = tempDir();
    const path = dir.path('read.sqlite');
    const connections: Database.Database[] = [];
    const connect = () => {
      const db = openReadModelDatabase(path);
      connections.push(db);
      return { storage: createSqliteProjectionStorage(db), reads: createSqliteReadModelStore(db) };
    };
    return {
      ...connect(),
      connect,
      analyst: sqliteAnalyst(path),
      cleanup: async () => {
        for (const db of connections) db.close();
        dir.remove();
      },
    };
  },
});

describe('the SQLite read-model file', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('records its migrations, and its views are plain SELECTs of the live tables', async () => {
    const store = createMemoryEventStore();
    const db = openReadModelDatabase(dir.path('read.sqlite'));
    try {
      await createProjector({
        store,
        storage: createSqliteProjectionStorage(db),
        projections: [ordersProjection(), counterProjection()],
      }).catchUp();
      expect(
        db
          .prepare('SELECT version, name FROM read_model_migrations ORDER BY version')
          .safeIntegers(false)
          .all(),
      ).toEqual([
        { version: 1, name: 'projection checkpoints' },
        { version: 2, name: 'snapshots' },
        { version: 3, name: 'checkpoint issuers' },
        { version: 4, name: 'projection partitions' },
      ]);
      expect(
        db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name").all(),
      ).toEqual([
        {
          name: 'customer_totals',
          sql: 'CREATE VIEW "customer_totals" AS SELECT * FROM "customer_totals__v1"',
        },
        { name: 'orders', sql: 'CREATE VIEW "orders" AS SELECT * FROM "orders__v1"' },
        { name: 'stream_counts', sql: 'CREATE VIEW "stream_counts" AS SELECT * FROM "stream_counts__v1"' },
      ]);
    } finally {
      db.close();
      await store.close();
    }
  });
});
