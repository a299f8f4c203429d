// The rows a read-model request selects: filters on plain columns go to SQL (`where` for
// equality, `between` for bounds, `links` through a link table for a value in a list), the
// documents that pass are presented as of the request's day, and the filters on presented values
// (time-dependent fields, flags) run on those rows.
// A page sorted by a plain column is read a page at a time (sql-page.ts).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { IsoDate, Policy } from '../../domain/kernel/index.js';
import { CURRENT_AS, currentAs } from '../../projections/projection.js';
import {
  linkSelectionsOf,
  runsOnRows,
  type Filter,
  type PresentContext,
  type ReadModel,
} from '../../projections/read-model.js';
import type { ReadModelQuery, ReadModelStore, SqlValue } from '../../src/ports.js';
import {
  compareKeysets,
  keysetOf,
  pageOf,
  type KeyedRow,
  type Page,
  type SortSpec,
} from './presented-order.js';
import type { FilterUse, ListRequest, RowsRequest } from './read-model-query.js';
import { sqlPage } from './sql-page.js';
import { ByteBoundedCache } from '../../src/byte-bounded-cache.js';

/** A filter value as its column holds it. */
const sqlValue = (filter: Filter, value: string): SqlValue => {
  if (filter.type === 'integer') return Number(value);
  if (filter.type === 'boolean') return value === 'true' ? 1 : 0;
  return value;
};

/** A value of a filter as the equalities selecting it among current rows, if the filter has them. */
const currentEqualities = (
  filter: Filter,
): ((value: string) => Readonly<Record<string, SqlValue>>) | undefined => {
  if (filter.currentWhere !== undefined) return filter.currentWhere;
  const column = filter.currentColumn;
  return column === undefined ? undefined : (value) => ({ [column]: sqlValue(filter, value) });
};

type Where = Record<string, SqlValue | readonly SqlValue[]>;

/**
 * A filter on presented values as SQL among the rows kept current: the selections a row passes
 * if it passes any (one per distinct value, those of a single column folded into one IN), or
 * undefined when the filter has no current columns.
 */
export const currentWhereOf = ({ filter, values }: FilterUse): Where[] | undefined => {
  const equalities = currentEqualities(filter);
  if (equalities === undefined) return undefined;
  const asked = [...new Map(values.map((v) => equalities(v)).map((w) => [JSON.stringify(w), w])).values()];
  const columns = asked.map((w) => Object.keys(w));
  const column = columns[0]?.[0];
  if (asked.length === 1 || column === undefined || columns.some((c) => c.length !== 1 || c[0] !== column))
    return asked;
  return [{ [column]: asked.map((w) => w[column]!) }];
};

/** The most SQL pages one page for today merges (a filter's values over several columns: one each). */
export const MAX_ALTERNATIVES = 16;

/**
 * Every filter must hold, and a filter holds by any of its selections: the combinations, each one
 * SQL selection. A filter that would make more than MAX_ALTERNATIVES of them stays on the rows.
 */
const combinationsOf = (
  uses: readonly FilterUse[],
): { readonly selections: Where[]; readonly inSql: readonly FilterUse[] } => {
  let selections: Where[] = [{}];
  const inSql: FilterUse[] = [];
  for (const use of uses) {
    const alternatives = currentWhereOf(use);
    if (alternatives === undefined || selections.length * alternatives.length > MAX_ALTERNATIVES) continue;
    selections = selections.flatMap((selection) => alternatives.map((a) => ({ ...selection, ...a })));
    inSql.push(use);
  }
  return { selections, inSql };
};

/**
 * Pages of one order merged: the rows in any of them, once each. A row among the first `limit` of
 * the union is among the first `limit` of a page it is in, so the merged page is exact; there is a
 * next page when the union has more rows, or a page said it has more.
 */
const mergedPage = (pages: readonly Page[], sort: SortSpec, limit: number): Page => {
  if (pages.length === 1) return pages[0]!;
  const rows = new Map(pages.flatMap((page) => page.items.map((entry) => [entry.key, entry] as const)));
  const merged = pageOf([...rows.values()], sort, limit, undefined);
  const last = merged.items.at(-1);
  return {
    items: merged.items,
    next:
      pages.some((page) => page.next !== undefined) && last !== undefined
        ? keysetOf(sort, last)
        : merged.next,
  };
};

const compare = (a: SqlValue, b: SqlValue): number =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a) < String(b)
      ? -1
      : String(a) > String(b)
        ? 1
        : 0;

/** The tightest of several bounds: the highest lower one, the lowest upper one. */
const tightest = (values: readonly SqlValue[], op: 'gte' | 'lte'): SqlValue =>
  values.reduce((best, v) => ((op === 'gte' ? compare(v, best) > 0 : compare(v, best) < 0) ? v : best));

type Between = Record<string, readonly [SqlValue, SqlValue]>;

/**
 * The filters bounding a current column (`currentBound`) added to `between`, as SQL among the
 * rows kept current: a filter passes a row by any of its values, so by the loosest bound; every
 * filter must hold, so bounds on one column tighten.
 */
const currentBoundsOf = (
  uses: readonly FilterUse[],
  between: ReadModelQuery['between'],
): { readonly between: Between; readonly inSql: readonly FilterUse[] } => {
  const bounds: Between = { ...between };
  const inSql = uses.filter(({ filter }) => filter.currentBound !== undefined);
  for (const { filter, values } of inSql) {
    const { name, op } = filter.currentBound!;
    const loosest = tightest(
      values.map((v) => sqlValue(filter, v)),
      op === 'gte' ? 'lte' : 'gte',
    );
    const [low, high] = bounds[name] ?? [null, null];
    const given = op === 'gte' ? low : high;
    const bound = given === null ? loosest : tightest([given, loosest], op);
    bounds[name] = op === 'gte' ? [bound, high] : [low, bound];
  }
  return { between: bounds, inSql };
};

/**
 * The SQL part of the request, or 'none' when its equalities contradict each other; the link
 * filters select through their link tables as of `asOf`.
 */
export const sqlQueryOf = (uses: readonly FilterUse[], asOf: IsoDate): ReadModelQuery | 'none' => {
  const where: Record<string, SqlValue | readonly SqlValue[]> = {};
  const between: Record<string, [SqlValue, SqlValue]> = {};
  for (const { filter, values } of uses) {
    const column = filter.column;
    if (column === undefined) continue;
    const wanted = values.map((v) => sqlValue(filter, v));
    if (column.op === 'eq') {
      // Any of the values asked (a membership); two filters on one column: the values both allow.
      const previous = where[column.name];
      const allowed =
        previous === undefined
          ? wanted
          : wanted.filter((v) => ([] as SqlValue[]).concat(previous).includes(v));
      const distinct = [...new Set(allowed)];
      if (distinct.length === 0) return 'none';
      where[column.name] = distinct.length === 1 ? distinct[0]! : distinct;
      continue;
    }
    const bounds = between[column.name] ?? [null, null];
    const given = column.op === 'gte' ? bounds[0] : bounds[1];
    const bound = tightest(given === null ? wanted : [...wanted, given], column.op);
    between[column.name] = column.op === 'gte' ? [bound, bounds[1]] : [bounds[0], bound];
  }
  const links = linkSelectionsOf(uses, asOf);
  return { where, between, ...(links.length === 0 ? {} : { links }) };
};

/** The default budget of the presented-rows cache: 32 MiB of JSON. */
export const DEFAULT_PRESENTED_ROWS_BYTES = 32 * 1024 * 1024;

/** About how many bytes a value takes as JSON (a string's characters, not its escapes). */
export const jsonBytes = (value: unknown): number => {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return String(value).length;
    case 'boolean':
      return 5;
    case 'object': {
      if (Array.isArray(value)) return (value as unknown[]).reduce<number>((n, v) => n + jsonBytes(v) + 1, 2);
      let n = 2;
      for (const [k, v] of Object.entries(value)) n += k.length + 4 + jsonBytes(v);
      return n;
    }
    default:
      return 8;
  }
};

const rowsBytes = (rows: readonly KeyedRow[]): number =>
  rows.reduce((n, { key, row }) => n + key.length + 2 + jsonBytes(row) + 8, 2);

/**
 * Presented rows by what they depend on: the table's data (the projection's version and
 * position), the SQL part of the query, the day and the policy. Reading and presenting every
 * row is most of a request's cost, and analysts ask the same question many times between two
 * changes of a projection. The cache is bounded by the bytes of what it holds (an estimate of
 * their JSON), never by a count of entries: least recently used entries go first, and a result
 * larger than the whole budget is served but not kept. Every distinct `asOf` is a new entry, so
 * without a byte bound one analyst walking the days fills the heap.
 */
export class PresentedRowsCache {
  private readonly cache: ByteBoundedCache<readonly KeyedRow[]>;

  constructor(readonly maxBytes = DEFAULT_PRESENTED_ROWS_BYTES) {
    this.cache = new ByteBoundedCache(maxBytes);
  }

  /** The estimated JSON bytes of the rows held now (never above `maxBytes`). */
  get bytes(): number {
    return this.cache.bytes;
  }

  get size(): number {
    return this.cache.size;
  }

  async get(key: string, load: () => Promise<readonly KeyedRow[]>): Promise<readonly KeyedRow[]> {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit.value;
    const rows = await load();
    this.cache.set(key, rows, rowsBytes(rows) + key.length);
    return rows;
  }
}

/** Which data a page was read from: rows at this projection version and position are the same rows. */
export interface DataStamp {
  readonly version: number;
  readonly position: bigint;
}

/** Rows per read while presenting a whole table: one chunk is one short read, then the loop serves others. */
export const TABLE_CHUNK = 500;

/**
 * Every row the SQL part of a query selects, presented, a chunk at a time in key order with a turn
 * of the event loop between chunks: a large table takes long to present, but no other request
 * waits for all of it.
 */
const presentAll = async (
  store: ReadModelStore,
  where: { readonly table: string; readonly key: string },
  model: ReadModel,
  query: ReadModelQuery,
  context: PresentContext,
): Promise<KeyedRow[]> => {
  const presented: KeyedRow[] = [];
  const orderBy = [{ column: where.key, direction: 'asc' } as const];
  let after: readonly SqlValue[] | undefined;
  for (;;) {
    const rows = await store.find<never>(where.table, {
      ...query,
      orderBy,
      limit: TABLE_CHUNK,
      ...(after === undefined ? {} : { after }),
    });
    for (const { key, doc } of rows) presented.push({ key, row: model.present(doc, context) });
    const last = rows.at(-1);
    if (rows.length < TABLE_CHUNK || last === undefined) return presented;
    after = [last.key];
    await nextTurn();
  }
};

/** Where a read model's rows are: the logical table and its key column. */
export interface RowsAt {
  readonly table: string;
  readonly key: string;
}

/** The filtered rows, presented as of `request.asOf`, with their keys; in key order. */
export const selectRows = async (
  store: ReadModelStore,
  where: RowsAt,
  model: ReadModel,
  request: RowsRequest,
  policy: Policy,
  cached?: { readonly cache: PresentedRowsCache; readonly stamp: DataStamp },
): Promise<KeyedRow[]> => {
  const query = sqlQueryOf(request.filters, request.asOf);
  if (query === 'none') return [];
  const context: PresentContext = { asOf: request.asOf, policy };
  const onRows = request.filters.filter(({ filter }) => runsOnRows(filter));
  const load = (): Promise<readonly KeyedRow[]> => presentAll(store, where, model, query, context);
  const presented =
    cached === undefined
      ? await load()
      : await cached.cache.get(
          JSON.stringify([
            model.name,
            cached.stamp.version,
            cached.stamp.position.toString(),
            request.asOf,
            policy.version,
            query,
          ]),
          load,
        );
  return presented.filter(({ row }) =>
    onRows.every(({ filter, values }) => values.some((v) => filter.matches!(row, v, context))),
  );
};

/** The most rows not current yet that a page for today presents and merges in. */
export const MAX_WAITING = 200;

/**
 * A page for the day the rows are kept current as of: the current rows sort and filter in SQL by
 * their columns (a page of them), the rows not current yet (written since the daily job's last
 * pass: few) are presented and filtered, and the two merge into the page.
 */
const currentPage = async (
  store: ReadModelStore,
  where: RowsAt,
  model: ReadModel,
  request: ListRequest,
  column: string,
  query: ReadModelQuery,
  context: PresentContext,
): Promise<Page | undefined> => {
  const { sort, limit, after } = request;
  const current = currentAs(context.asOf, context.policy);
  const onRows = request.filters.filter(({ filter }) => runsOnRows(filter));
  const passes = ({ row }: KeyedRow): boolean =>
    onRows.every(({ filter, values }) => values.some((v) => filter.matches!(row, v, context)));
  // Among the current rows, the filters with current columns run in SQL: a page per combination
  // of their values' selections (one, unless a filter's values select through several columns).
  const { selections, inSql } = combinationsOf(onRows);
  // And the bounds on current columns (a score of at least N), in every page.
  const bounds = currentBoundsOf(onRows, query.between);
  // Few rows wait for the daily job's next pass; many (the day just turned, or a store that
  // keeps no current rows) make this the wrong path: the caller presents the table instead.
  const waiting = await store.find<never>(where.table, {
    ...query,
    except: { ...query.except, [CURRENT_AS]: current },
    // In current_as order: read through the index the current sorts share, not the table.
    orderBy: [{ column: CURRENT_AS, direction: 'asc' }],
    limit: MAX_WAITING + 1,
  });
  if (waiting.length > MAX_WAITING) return undefined;
  const stale = waiting
    .map(({ key, doc }) => ({ key, row: model.present(doc, context) }))
    .filter(
      (entry) =>
        passes(entry) && (after === undefined || compareKeysets(sort, keysetOf(sort, entry), after) > 0),
    );
  const pages: Page[] = [];
  // One after the other: a request takes one connection of the pool at a time.
  for (const selection of selections)
    pages.push(
      await sqlPage(store, where.table, model, {
        query: {
          ...query,
          where: { ...query.where, ...selection, [CURRENT_AS]: current },
          between: bounds.between,
        },
        onRows: onRows.filter((use) => !inSql.includes(use) && !bounds.inSql.includes(use)),
        sort,
        column,
        keyColumn: where.key,
        limit,
        after,
        context,
      }),
    );
  // The rows not current yet that pass are a page of their own.
  return mergedPage(stale.length === 0 ? pages : [...pages, { items: stale, next: undefined }], sort, limit);
};

/**
 * A page of rows: sorted in SQL when the sort field is a plain column (the page's rows are all
 * that is presented) or, for today, a column kept current as of today; else every filtered row is
 * presented (cached by what it depends on) and sorted here.
 */
export const pageRows = async (
  store: ReadModelStore,
  where: RowsAt,
  model: ReadModel,
  request: ListRequest,
  policy: Policy,
  cached?: { readonly cache: PresentedRowsCache; readonly stamp: DataStamp; readonly today: string },
): Promise<Page> => {
  const context: PresentContext = { asOf: request.asOf, policy };
  const column = model.sortColumns?.[request.sort.field];
  const currentColumn = model.currentSortColumns?.[request.sort.field];
  const query = sqlQueryOf(request.filters, request.asOf);
  if (query === 'none') return { items: [], next: undefined };
  // For today, on a table kept current: current columns sort and filter in SQL.
  const today =
    cached !== undefined && request.asOf === cached.today && model.currentSortColumns !== undefined;
  const currentFilters = request.filters.some(
    (use) => currentWhereOf(use) !== undefined || use.filter.currentBound !== undefined,
  );
  if (today && (currentColumn !== undefined || (column !== undefined && currentFilters))) {
    const page = await currentPage(store, where, model, request, currentColumn ?? column!, query, context);
    if (page !== undefined) return page;
  }
  if (column !== undefined)
    return sqlPage(store, where.table, model, {
      query,
      onRows: request.filters.filter(({ filter }) => runsOnRows(filter)),
      sort: request.sort,
      column,
      keyColumn: where.key,
      limit: request.limit,
      after: request.after,
      context,
    });
  return pageOf(
    await selectRows(store, where, model, request, policy, cached),
    request.sort,
    request.limit,
    request.after,
  );
};
