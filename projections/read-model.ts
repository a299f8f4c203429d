// How a projection's table is served to analysts (HTTP JSON and CSV): the fields of a row as of
// a date (time-dependent columns and flags are computed here, from what the
// document stores), the filters of its documented queries, its sort keys and its summary reports.
import type { IsoDate, Policy } from '../domain/kernel/index.js';
import type { SqlValue } from './projection.js';

export type FieldValue = string | number | boolean | null | readonly string[];
export type PresentedRow = Readonly<Record<string, FieldValue>>;

export interface Field {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'string[]';
  readonly description: string;
  /** May be null (absent). */
  readonly nullable?: boolean;
}

export interface PresentContext {
  /** The day the time-dependent fields are computed for (default: today, chosen by the caller). */
  readonly asOf: IsoDate;
  readonly policy: Policy;
}

export interface Filter {
  /** The query parameter, e.g. `tier`, `industry`, `flag`, `from`. */
  readonly param: string;
  readonly description: string;
  /** Allowed values, when the parameter is an enumeration (a 400 names them otherwise). */
  readonly values?: readonly string[];
  /** The value's shape, for validation and OpenAPI. */
  readonly type: 'string' | 'integer' | 'boolean' | 'date' | 'period';
  /**
   * When set, the filter runs in SQL on this plain column of the collection: equality, or an
   * inclusive bound ('gte' / 'lte').
   */
  readonly column?: { readonly name: string; readonly op: 'eq' | 'gte' | 'lte' };
  /** Otherwise it runs on the presented row (time-dependent fields, flags, derived values). */
  readonly matches?: (row: PresentedRow, value: string, context: PresentContext) => boolean;
  /**
   * With `matches`: the plain column holding the same value in rows kept current as of a day
   * (the collection's `current`), where the filter runs in SQL as an equality (a boolean as 0/1).
   */
  readonly currentColumn?: string;
  /**
   * With `matches`, when the value is held by several plain columns of the rows kept current (a
   * flag's 0/1 column): the equalities, all of them, that select the rows a value matches. Values
   * on different columns (either flag) are a SQL page each, merged.
   */
  readonly currentWhere?: (value: string) => Readonly<Record<string, SqlValue>>;
  /**
   * With `matches`, when the value bounds a plain column of the rows kept current (a score of at
   * least N): that column, an inclusive bound ('gte' / 'lte'), in SQL among them. A row passing
   * any of the values passes: the loosest bound.
   */
  readonly currentBound?: { readonly name: string; readonly op: 'gte' | 'lte' };
  /**
   * When set, the filter runs in SQL through this link table, whatever the day: the rows paired
   * with any of the values (on the request's asOf, when the pairs hold on some days only). The
   * filter keeps `matches`, the same question asked of a presented row: the specs hold the two
   * to the same answers.
   */
  readonly link?: Link;
}

/**
 * A table pairing each row of a served collection with each value of a list the row holds (a
 * promotion with each of its SKUs, a group with each of its members), one row a pair, indexed by
 * the value: a filter on the list reads the pairs of the values asked for and the rows they name,
 * a page, where looking into the list of each presented row reads the table.
 */
export interface Link {
  /** The link collection's table: of the projection of the served collection, so of its build. */
  readonly table: string;
  /** Its column holding the key of the served row. */
  readonly key: string;
  /** Its column holding one value of the list. */
  readonly value: string;
  /**
   * When a pair holds on some days only (a stay in a group): its columns of the first day it
   * holds and of the day it ends (excluded; null: it still holds), compared with the asOf.
   */
  readonly during?: { readonly from: string; readonly until: string };
}

/** A link filter as a query asks it: the rows paired with any of `values` (on `day`, with `during`). */
export interface LinkSelection {
  readonly link: Link;
  readonly values: readonly SqlValue[];
  /** The day the pairs must hold on, for a link `during` some days. */
  readonly day?: IsoDate;
}

/** A filter as a request uses it: the values asked for (any of them passes). */
export interface LinkFilterUse {
  readonly filter: Filter;
  readonly values: readonly string[];
}

/** The link filters of a request as SQL selections, asked as of `asOf`. */
export const linkSelectionsOf = (uses: readonly LinkFilterUse[], asOf: IsoDate): LinkSelection[] =>
  uses.flatMap(({ filter, values }) => {
    const link = filter.link;
    if (link === undefined) return [];
    return [{ link, values: [...new Set(values)], ...(link.during === undefined ? {} : { day: asOf }) }];
  });

/** Whether a filter runs on the presented rows: it has `matches` and no SQL way to the same rows. */
export const runsOnRows = (filter: Filter): boolean =>
  filter.matches !== undefined && filter.link === undefined;

/** A summary over the filtered rows, e.g. the tier × industry matrix or spend by quarter. */
export interface Report {
  readonly name: string;
  readonly description: string;
  readonly run: (rows: readonly PresentedRow[], context: PresentContext) => unknown;
}

export interface ReadModel<Doc = never> {
  /** The URL name: `/read-models/<name>`. */
  readonly name: string;
  /** The logical table (a collection's `table`) whose rows are served. */
  readonly collection: string;
  /** The output fields in order (JSON keys, the CSV header). */
  readonly fields: readonly Field[];
  readonly present: (doc: Doc, context: PresentContext) => PresentedRow;
  readonly filters: readonly Filter[];
  /** Fields a query may sort by (prefix `-` for descending); the first is the default. */
  readonly sortable: readonly string[];
  /**
   * Sortable fields whose presented value is, whatever the asOf, the plain column named here:
   * a sort by one runs in SQL and a page costs its rows, not the table. A sort by any other
   * field (a value that moves with asOf) presents every filtered row first.
   */
  readonly sortColumns?: Readonly<Record<string, string>>;
  /**
   * Sortable fields that move with asOf, held by a plain column in rows current as of a day (the
   * collection's `current`): for today, rows current as of today sort in SQL, and the few not
   * current yet (changed since the daily job ran) are presented and merged in.
   */
  readonly currentSortColumns?: Readonly<Record<string, string>>;
  readonly reports: readonly Report[];
}

/** A filter on a plain column, run in SQL; an enumeration when `values` are given. */
export const columnFilter = (
  param: string,
  column: string,
  description: string,
  values?: readonly string[],
): Filter => ({
  param,
  description,
  type: 'string',
  column: { name: column, op: 'eq' },
  ...(values === undefined ? {} : { values }),
});

/**
 * A yes/no question about the presented row; with `currentColumn`, asked in SQL of the rows kept
 * current as of today.
 */
export const booleanFilter = (
  param: string,
  description: string,
  holds: (row: PresentedRow) => boolean,
  currentColumn?: string,
): Filter => ({
  param,
  description,
  type: 'boolean',
  values: ['true', 'false'],
  matches: (row, value) => holds(row) === (value === 'true'),
  ...(currentColumn === undefined ? {} : { currentColumn }),
});

/** A typed read model that fits in a list of read models. */
export const readModel = <Doc>(definition: ReadModel<Doc>): ReadModel => definition as unknown as ReadModel;
