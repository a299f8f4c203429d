// A page of a read model sorted by a plain column: SQL sorts, filters what it can and pages by
// keyset, and only the rows of the page are presented. Filters on presented values run on each
// chunk as it arrives; the next chunk is read only when the page is not full yet, so the cost is
// the page's rows (and, with a selective filter, the rows it passes over), never the table.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PresentContext, ReadModel } from '../../projections/read-model.js';
import type { ReadModelQuery, ReadModelRow, ReadModelStore, SqlValue } from '../../src/ports.js';
import { keysetOf, type Keyset, type KeyedRow, type Page, type SortSpec } from './presented-order.js';
import type { FilterUse } from './read-model-query.js';

/** Rows read per chunk at most: one chunk is one short read, then the loop serves others. */
export const MAX_CHUNK = 1000;

export interface SqlPageRequest {
  /** The SQL part of the filters (plain columns). */
  readonly query: ReadModelQuery;
  /** The filters that run on presented rows. */
  readonly onRows: readonly FilterUse[];
  readonly sort: SortSpec;
  /** The plain column holding the sort field's value. */
  readonly column: string;
  /** The collection's key column (the final tie-breaker of every order). */
  readonly keyColumn: string;
  readonly limit: number;
  readonly after: Keyset | undefined;
  readonly context: PresentContext;
}

/** The keyset values SQL continues after: the sort column's, then the key (once, when they are the same column). */
const sqlAfter = (request: SqlPageRequest, value: SqlValue, key: string): readonly SqlValue[] =>
  request.column === request.keyColumn ? [key] : [value, key];

const asSqlValue = (value: Keyset['value']): SqlValue =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value;

export const sqlPage = async (
  store: ReadModelStore,
  table: string,
  model: ReadModel,
  request: SqlPageRequest,
): Promise<Page> => {
  const { onRows, sort, limit, context } = request;
  const orderBy = [{ column: request.column, direction: sort.descending ? 'desc' : 'asc' } as const];
  const passes = (entry: KeyedRow): boolean =>
    onRows.every(({ filter, values }) => values.some((v) => filter.matches!(entry.row, v, context)));

  const items: KeyedRow[] = [];
  let after =
    request.after === undefined
      ? undefined
      : sqlAfter(request, asSqlValue(request.after.value), request.after.key);
  // Without filters on presented rows the first chunk is the page (and one more row, to know
  // whether a next page exists); with them, twice that, and chunks double until the page fills.
  let chunk = onRows.length === 0 ? limit + 1 : Math.min(MAX_CHUNK, 2 * (limit + 1));
  for (;;) {
    const rows: readonly ReadModelRow<never>[] = await store.find<never>(table, {
      ...request.query,
      orderBy,
      limit: chunk,
      ...(after === undefined ? {} : { after }),
    });
    for (const { key, doc } of rows) {
      const entry = { key, row: model.present(doc, context) };
      if (passes(entry)) items.push(entry);
      if (items.length > limit) break;
    }
    const last = rows.at(-1);
    if (items.length > limit || rows.length < chunk || last === undefined) break;
    after = sqlAfter(request, last.row[request.column] ?? null, last.key);
    chunk = Math.min(MAX_CHUNK, chunk * 2);
    await nextTurn();
  }
  const page = items.slice(0, limit);
  const lastOfPage = page.at(-1);
  return {
    items: page,
    next: items.length > limit && lastOfPage !== undefined ? keysetOf(sort, lastOfPage) : undefined,
  };
};
