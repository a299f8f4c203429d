// Queries on the read models in PostgreSQL: the live view of each served collection, found
// through the layouts recorded with the live checkpoints. The layouts are kept between calls;
// a query that names what they don't know, or that the database refuses because a swap moved
// a view meanwhile, reads them again and runs once more.
import type pg from 'pg';
import {
  DOC_COLUMN,
  parseLayouts,
  quote,
  servedLayoutOf,
  type TableLayout,
} from '../../src/consumers/projector/table-layout.js';
import {
  InvalidReadModelQuery,
  type ReadModelQuery,
  type ReadModelRow,
  type ReadModelStore,
  type SqlValue,
} from '../../src/ports.js';
import { compileFind } from './read-model-query.js';
import type { PostgresReadModelDatabase } from './read-model-database.js';

/** int8: BIGINT columns come back as text from the driver; analysts' values are numbers. */
const INT8 = 20;
/** Undefined column, undefined table: the view moved under the layouts kept here. */
const MOVED = new Set(['42703', '42P01']);

const isMoved = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && MOVED.has(String((error as { code?: unknown }).code));

export const createPostgresReadModelStore = (db: PostgresReadModelDatabase): ReadModelStore => {
  let served: Map<string, TableLayout> | undefined;

  const refresh = async (): Promise<Map<string, TableLayout>> => {
    await db.ready();
    const result = await db.pool.query<{ projection: string; tables: string }>(
      "SELECT projection, tables FROM projection_checkpoints WHERE state = 'live' ORDER BY projection",
    );
    const next = new Map<string, TableLayout>();
    for (const { projection, tables } of result.rows)
      for (const layout of parseLayouts(tables, projection))
        if (!layout.internal) next.set(layout.table, layout);
    served = next;
    return next;
  };

  const toReadModelRow = <Doc>(layout: TableLayout, result: pg.QueryResult, raw: Record<string, unknown>) => {
    const row: Record<string, SqlValue> = {};
    for (const field of result.fields) {
      if (field.name === DOC_COLUMN) continue;
      const value = raw[field.name] as SqlValue;
      row[field.name] = field.dataTypeID === INT8 && value !== null ? Number(value) : value;
    }
    return { key: String(raw[layout.key]), row, doc: raw[DOC_COLUMN] as Doc } satisfies ReadModelRow<Doc>;
  };

  /** Runs a query on the layouts kept; once more on fresh ones when they may be stale. */
  const withLayouts = async <T>(
    work: (tables: ReadonlyMap<string, TableLayout>) => Promise<T>,
  ): Promise<T> => {
    const kept = served;
    if (kept === undefined) return work(await refresh());
    try {
      return await work(kept);
    } catch (error) {
      const stale =
        isMoved(error) ||
        (error instanceof InvalidReadModelQuery &&
          (error.reason === 'unknown_collection' || error.reason === 'unknown_column'));
      if (!stale) throw error;
      return work(await refresh());
    }
  };

  return {
    find: <Doc>(collection: string, query?: ReadModelQuery) =>
      withLayouts(async (tables) => {
        const layout = servedLayoutOf(tables, collection);
        const { sql, params } = compileFind(layout, query);
        const result = await db.pool.query(sql, params as SqlValue[]);
        return result.rows.map((raw: Record<string, unknown>) => toReadModelRow<Doc>(layout, result, raw));
      }),
    get: <Doc>(collection: string, key: string) =>
      withLayouts(async (tables) => {
        const layout = servedLayoutOf(tables, collection);
        const result = await db.pool.query(
          `SELECT * FROM ${quote(layout.table)} WHERE ${quote(layout.key)} = $1::text`,
          [key],
        );
        const raw = result.rows[0] as Record<string, unknown> | undefined;
        return raw === undefined ? undefined : toReadModelRow<Doc>(layout, result, raw);
      }),
  };
};
