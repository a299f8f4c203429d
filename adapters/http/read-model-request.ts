// What a GET on a read model asks for, read from its query string and checked against the read
// model's definition: its filters (each value of the filter's type, an enumeration's values only),
// sort, limit, cursor, asOf and minPosition. Anything else is a 400 naming every bad parameter.
import type { Filter, ReadModel } from '../../projections/read-model.js';
import { decodeCursor } from './cursor.js';
import { sortText, type Keyset, type SortSpec } from './presented-order.js';
import { isBoolean, isDate, isInteger, isPeriod, QueryReader } from './query-params.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** The parameters every read-model route takes besides its filters. */
export const COMMON_PARAMS = ['asOf', 'minPosition'] as const;
/** The parameters of the list route besides the common ones and the filters. */
export const PAGE_PARAMS = ['sort', 'limit', 'cursor'] as const;

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

const TYPE_CHECKS: Readonly<Record<Filter['type'], { test: (v: string) => boolean; message: string }>> = {
  string: { test: () => true, message: '' },
  integer: { test: isInteger, message: 'must be a whole number' },
  boolean: { test: isBoolean, message: 'must be true or false' },
  date: { test: isDate, message: 'must be a date YYYY-MM-DD' },
  period: { test: isPeriod, message: 'must be a period YYYY-MM' },
};

const filterValues = (reader: QueryReader, filter: Filter): readonly string[] | undefined => {
  const given = reader.values(filter.param);
  if (given === undefined) return undefined;
  const allowed = filter.values;
  // An enumeration's values hold no commas, so `flag=A,B` can only mean `flag=A&flag=B`.
  const values =
    allowed === undefined ? given : given.flatMap((value) => value.split(',').map((v) => v.trim()));
  if (allowed !== undefined && !values.every((value) => allowed.includes(value))) {
    reader.error(filter.param, `must be one of ${allowed.join(', ')} (or a comma-separated list of them)`);
    return undefined;
  }
  const check = TYPE_CHECKS[filter.type];
  if (!values.every(check.test)) {
    reader.error(filter.param, check.message);
    return undefined;
  }
  return values;
};

const filterUses = (reader: QueryReader, model: ReadModel): FilterUse[] =>
  model.filters.flatMap((filter) => {
    const values = filterValues(reader, filter);
    return values === undefined ? [] : [{ filter, values }];
  });

const sortOf = (reader: QueryReader, model: ReadModel): SortSpec | undefined => {
  const value = reader.single('sort');
  if (value === undefined) return undefined;
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  if (!model.sortable.includes(field)) {
    reader.error('sort', `must be one of ${model.sortable.flatMap((f) => [f, `-${f}`]).join(', ')}`);
    return undefined;
  }
  return { field, descending };
};

const defaultSort = (model: ReadModel): SortSpec => ({ field: model.sortable[0] ?? '', descending: false });

const parseSortText = (text: string): SortSpec =>
  text.startsWith('-') ? { field: text.slice(1), descending: true } : { field: text, descending: false };

const rowsRequest = (reader: QueryReader, model: ReadModel, today: string) => ({
  filters: filterUses(reader, model),
  asOf: reader.date('asOf') ?? today,
  minPosition: reader.decimal('minPosition'),
});

/** A report's or a single row's request: filters (reports only), asOf, minPosition. */
export const readRowsRequest = (
  query: Readonly<Record<string, unknown>>,
  model: ReadModel,
  today: string,
  withFilters: boolean,
): RowsRequest => {
  const reader = new QueryReader(query);
  reader.onlyThese([...(withFilters ? model.filters.map((f) => f.param) : []), ...COMMON_PARAMS]);
  const request = withFilters
    ? rowsRequest(reader, model, today)
    : { filters: [], asOf: reader.date('asOf') ?? today, minPosition: reader.decimal('minPosition') };
  reader.done();
  return request;
};

/**
 * The list route's request. A cursor carries its walk's sort and asOf: a next page needs only
 * the cursor and the same filters; a different sort or asOf beside it is a 400.
 */
export const readListRequest = (
  query: Readonly<Record<string, unknown>>,
  model: ReadModel,
  today: string,
): ListRequest => {
  const reader = new QueryReader(query);
  reader.onlyThese([...model.filters.map((f) => f.param), ...PAGE_PARAMS, ...COMMON_PARAMS]);
  const filters = filterUses(reader, model);
  const sort = sortOf(reader, model);
  const asOf = reader.date('asOf');
  const limit = reader.integer('limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
  const minPosition = reader.decimal('minPosition');
  const cursorText = reader.single('cursor');
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
  if (cursorText !== undefined && cursor === undefined)
    reader.error('cursor', 'is not a cursor this API gave out, or it was altered');
  else if (cursor !== undefined && cursor.model !== model.name)
    reader.error('cursor', `belongs to the read model ${cursor.model}, not ${model.name}`);
  else if (cursor !== undefined && sort !== undefined && sortText(sort) !== cursor.sort)
    reader.error(
      'cursor',
      `belongs to sort=${cursor.sort}; leave sort out or start again without the cursor`,
    );
  else if (cursor !== undefined && asOf !== undefined && asOf !== cursor.asOf)
    reader.error(
      'cursor',
      `belongs to asOf=${cursor.asOf}; leave asOf out or start again without the cursor`,
    );
  reader.done();
  return {
    filters,
    sort: sort ?? (cursor === undefined ? defaultSort(model) : parseSortText(cursor.sort)),
    limit,
    asOf: asOf ?? cursor?.asOf ?? today,
    minPosition,
    after: cursor?.after,
  };
};
