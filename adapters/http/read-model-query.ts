// What a GET on a read model asks for, as the codec of its query string built from the read
// model's definition: its filters (each value of the filter's type, an enumeration's values only),
// sort, limit, cursor, asOf and minPosition. A cursor carries its walk's sort and asOf: a next page
// needs only the cursor and the same filters; a different sort or asOf beside it is a 400.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describedAs, IsoDate, oneOf, Period, refine, type JsonSchema } from '../../domain/kernel/index.js';
import type { Filter, ReadModel } from '../../projections/read-model.js';
import { decodeCursor, type CursorKey, type PageCursor } from './cursor.js';
import type { Keyset, SortSpec } from './presented-order.js';
import { isWholeNumber, nameFrom, Position, repeated, single, wholeNumber } from './query-values.js';
import { param, paramsOf, type Decoded, type Param } from './route-params.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

export interface FilterUse {
  readonly filter: Filter;
  /** Every value must hold (a repeated parameter, or an enumeration's comma list). */
  readonly values: readonly string[];
}

export interface RowsRequest {
  readonly filters: readonly FilterUse[];
  readonly asOf: string;
  readonly minPosition: bigint | undefined;
}

export interface ListRequest extends RowsRequest {
  readonly sort: SortSpec;
  readonly limit: number;
  readonly after: Keyset | undefined;
}

/** A filter's values are kept as written; these check each one's shape. */
const VALUES: Readonly<Record<Filter['type'], t.Type<string, string, unknown>>> = {
  string: t.string,
  integer: refine(t.string, isWholeNumber, 'WholeNumberText', 'must be a whole number'),
  boolean: refine(t.string, (v) => v === 'true' || v === 'false', 'BooleanText', 'must be true or false'),
  date: IsoDate,
  period: Period,
};

/** How the document shows a filter that takes one value of a type (it may still repeat). */
const SHOWN: Readonly<Record<Filter['type'], JsonSchema>> = {
  string: { type: 'string', minLength: 1 },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  period: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
};

// An enumeration's values hold no commas, so `tier=A,B` can only mean `tier=A&tier=B`: a row with
// any of them passes (A or B), as SQL's IN; different filters must all hold.
const filterParam = (filter: Filter): Param<readonly string[]> =>
  filter.values === undefined
    ? param(filter.description, describedAs(repeated(VALUES[filter.type]), SHOWN[filter.type]))
    : param(
        `${filter.description}. Repeat the parameter or separate values by commas: a row with any of them passes.`,
        repeated(nameFrom(filter.values), { commas: true }),
      );

const filterParams = (model: ReadModel) =>
  Object.fromEntries(model.filters.map((filter) => [filter.param, filterParam(filter)]));

const COMMON = {
  asOf: param(
    'The day time-dependent fields and flags are computed for (default: today, by the server’s clock)',
    single(IsoDate),
  ),
  minPosition: param(
    'Read your writes: wait (up to 2 s) until the read model has applied this global position, else 503',
    single(Position),
  ),
};

const cursorCodec = (key: CursorKey) =>
  describedAs(
    new t.Type<PageCursor, unknown, unknown>(
      'Cursor',
      (u): u is PageCursor => typeof u === 'object' && u !== null,
      (u, c) => {
        const cursor = typeof u === 'string' ? decodeCursor(key, u) : undefined;
        return cursor === undefined
          ? t.failure(u, c, 'is not a cursor this API gave out, or it was altered')
          : t.success(cursor);
      },
      t.identity,
    ),
    { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
  );

const sortCodec = (model: ReadModel) =>
  oneOf('Sort', model.sortable.flatMap((field) => [field, `-${field}`]) as [string, ...string[]]);

const sortParam = (model: ReadModel) =>
  param(
    `A sortable field, \`-\` first for descending (default ${model.sortable[0] ?? 'the key'})`,
    single(sortCodec(model)),
  );

const parseSort = (text: string): SortSpec =>
  text.startsWith('-') ? { field: text.slice(1), descending: true } : { field: text, descending: false };

/**
 * The cursor must belong to this read model, and to the sort and asOf beside it, if any; what it
 * carries is checked as those parameters would be (a sort the model has, a real day).
 */
const cursorMismatch = (model: ReadModel, q: { cursor?: PageCursor; sort?: string; asOf?: string }) => {
  const { cursor, sort, asOf } = q;
  if (cursor === undefined) return [];
  const broken = (message: string) => [{ param: 'cursor', message }];
  if (cursor.model !== model.name)
    return broken(`belongs to the read model ${cursor.model}, not ${model.name}`);
  if (!sortCodec(model).is(cursor.sort)) return broken('carries a sort this read model does not have');
  if (isLeft(IsoDate.decode(cursor.asOf))) return broken('carries an asOf that is not a date YYYY-MM-DD');
  if (sort !== undefined && sort !== cursor.sort)
    return broken(`belongs to sort=${cursor.sort}; leave sort out or start again without the cursor`);
  if (asOf !== undefined && asOf !== cursor.asOf)
    return broken(`belongs to asOf=${cursor.asOf}; leave asOf out or start again without the cursor`);
  return [];
};

/** The list's query; its cursors are checked with `cursorKey`. */
export const listQuery = (model: ReadModel, cursorKey: CursorKey) => {
  const params = {
    ...filterParams(model),
    sort: sortParam(model),
    limit: param('Rows per page', single(wholeNumber(1, MAX_LIMIT)), DEFAULT_LIMIT),
    cursor: param(
      'The `nextCursor` of the previous page (opaque). It carries the walk’s sort and asOf; pass the same filters.',
      single(cursorCodec(cursorKey)),
    ),
    ...COMMON,
  };
  return paramsOf(params, {
    check: (q) => cursorMismatch(model, q as { cursor?: PageCursor; sort?: string; asOf?: string }),
  });
};

/** A report's query (its filters, asOf, minPosition), or a single row's (asOf, minPosition). */
export const rowsQuery = (model: ReadModel, withFilters: boolean) =>
  paramsOf({ ...(withFilters ? filterParams(model) : {}), ...COMMON });

type Query = Decoded<Record<string, Param>>;

const filterUses = (model: ReadModel, query: Query): FilterUse[] =>
  model.filters.flatMap((filter) => {
    const values = query[filter.param] as readonly string[] | undefined;
    return values === undefined ? [] : [{ filter, values }];
  });

export const rowsRequest = (model: ReadModel, query: Query, today: string): RowsRequest => ({
  filters: filterUses(model, query),
  asOf: (query['asOf'] as string | undefined) ?? today,
  minPosition: query['minPosition'] as bigint | undefined,
});

export const listRequest = (model: ReadModel, query: Query, today: string): ListRequest => {
  const cursor = query['cursor'] as PageCursor | undefined;
  const sort = query['sort'] as string | undefined;
  return {
    ...rowsRequest(model, query, today),
    asOf: (query['asOf'] as string | undefined) ?? cursor?.asOf ?? today,
    sort: parseSort(sort ?? cursor?.sort ?? model.sortable[0] ?? ''),
    limit: (query['limit'] as number | undefined) ?? DEFAULT_LIMIT,
    after: cursor?.after,
  };
};
