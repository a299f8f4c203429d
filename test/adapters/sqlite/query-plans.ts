// What the query-plan specs share: a read-model database per test, a projection's empty tables of
// build 0, and what SQLite's planner says it would do for a query (its steps, joined).
import type Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { openReadModelDatabase } from '../../../adapters/sqlite/read-model-database.js';
import { tempDir, type TempDir } from '../../src/consumers/projector/fixtures.js';
import {
  createTableSql,
  layoutsOf,
  viewSql,
  type TableLayout,
} from '../../../adapters/sqlite/read-model-tables.js';
import type { Projection } from '../../../projections/projection.js';

/** The steps of SQLite's plan for `sql`, joined by ` | `. */
export const queryPlan = (db: Database.Database, sql: string, params: readonly unknown[]): string =>
  db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => (row as { detail: string }).detail)
    .join(' | ');

/** The table `table` of `projection` (its live build 0) and its view, created empty; its layout. */
export const emptyTable = (db: Database.Database, projection: Projection, table: string): TableLayout => {
  const layout = layoutsOf(projection, projection.version, 0).find((l) => l.table === table)!;
  for (const sql of [...createTableSql(layout), ...viewSql(layout)]) db.exec(sql);
  return layout;
};

/**
 * Each test's read-model database in a directory of its own, closed and removed after the test:
 * `open` opens it (again: the same file, as a server restarted), `plan` asks its planner.
 */
export const planDatabases = () => {
  let dir: TempDir | undefined;
  let db: Database.Database | undefined;
  afterEach(() => {
    db?.close();
    dir?.remove();
    db = undefined;
    dir = undefined;
  });
  return {
    open: (): Database.Database => {
      db?.close();
      dir ??= tempDir();
      db = openReadModelDatabase(dir.path('read.sqlite'));
      return db;
    },
    plan: (sql: string, params: readonly unknown[]): string => queryPlan(db!, sql, params),
  };
};
