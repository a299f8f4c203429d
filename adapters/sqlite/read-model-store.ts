// Queries on the read models: the live view of each served collection, found through the
// layouts recorded with the live checkpoints (so a query checks its columns against what is
// actually served, even mid-rebuild when the code already defines the next version).
import type Database from 'better-sqlite3';
import {
  type ReadModelQuery,
  type ReadModelRow,
  type ReadModelStore,
  type SqlValue,
} from '../../src/ports.js';
import { compileFind } from './read-model-query.js';
import { servedLayoutOf } from '../../src/consumers/projector/table-layout.js';
import { DOC_COLUMN, parseLayouts, quote, type TableLayout } from './read-model-tables.js';

type RawRow = Record<string, SqlValue>;

/** Prepared statements kept per SQL text; the cache starts over past this many. */
const STATEMENT_CACHE = 200;

export const createSqliteReadModelStore = (db: Database.Database): ReadModelStore => {
  const liveTables = db.prepare<[], { projection: string; tables: string }>(
    "SELECT projection, tables FROM projection_checkpoints WHERE state = 'live' ORDER BY projection",
  );
  const cache = new Map<string, Database.Statement<SqlValue[], RawRow>>();
  let schemaSeen: unknown;
  let served = new Map<string, TableLayout>();

  // A swap changes the schema (the views move), so the layouts are re-read only then.
  const servedTables = (): ReadonlyMap<string, TableLayout> => {
    const schema = db.pragma('schema_version', { simple: true });
    if (schema !== schemaSeen) {
      const next = new Map<string, TableLayout>();
      for (const { projection, tables } of liveTables.all())
        for (const layout of parseLayouts(tables, projection))
          if (!layout.internal) next.set(layout.table, layout);
      served = next;
      schemaSeen = schema;
    }
    return served;
  };

  const layoutOf = (collection: string): TableLayout => servedLayoutOf(servedTables(), collection);

  const statement = (sql: string): Database.Statement<SqlValue[], RawRow> => {
    let prepared = cache.get(sql);
    if (prepared === undefined) {
      if (cache.size >= STATEMENT_CACHE) cache.clear();
      // Plain columns come back as numbers: the analyst's view, not the checkpoint's bigints.
      prepared = db.prepare<SqlValue[], RawRow>(sql).safeIntegers(false);
      cache.set(sql, prepared);
    }
    return prepared;
  };

  const toReadModelRow = <Doc>(layout: TableLayout, raw: RawRow): ReadModelRow<Doc> => {
    const { [DOC_COLUMN]: doc, ...row } = raw;
    return { key: String(raw[layout.key]), row, doc: JSON.parse(String(doc)) as Doc };
  };

  // One read transaction per call: the layout and the rows come from the same snapshot.
  const read = <T>(work: () => T): T => db.transaction(work)();

  return {
    find: async <Doc>(collection: string, query?: ReadModelQuery) =>
      read(() => {
        const layout = layoutOf(collection);
        const { sql, params } = compileFind(layout, query);
        return statement(sql)
          .all(...params)
          .map((raw) => toReadModelRow<Doc>(layout, raw));
      }),
    get: async <Doc>(collection: string, key: string) =>
      read(() => {
        const layout = layoutOf(collection);
        const raw = statement(`SELECT * FROM ${quote(layout.table)} WHERE ${quote(layout.key)} = ?`).get(key);
        return raw === undefined ? undefined : toReadModelRow<Doc>(layout, raw);
      }),
  };
};
