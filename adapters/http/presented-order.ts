// The order of presented read-model rows: by one field as of the query's day, ascending or
// descending, then by the row's key in the same direction (as an index on (field, key) reads
// forwards or backwards) so the order is total and a keyset
// cursor (value, key) names one place in it, however many rows arrive before or after.
import type { FieldValue, PresentedRow } from '../../projections/read-model.js';

/** A field's value as the order sees it: a list compares as its `|`-joined text. */
export type SortValue = string | number | boolean | null;

export interface SortSpec {
  readonly field: string;
  readonly descending: boolean;
}

/** A row with its key: what gets sorted and paged. */
export interface KeyedRow {
  readonly key: string;
  readonly row: PresentedRow;
}

/** The place of a row in the order: its sort value and key. */
export interface Keyset {
  readonly value: SortValue;
  readonly key: string;
}

export const sortText = (sort: SortSpec): string => `${sort.descending ? '-' : ''}${sort.field}`;

export const sortValueOf = (value: FieldValue | undefined): SortValue => {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join('|');
  // NaN and ±Infinity don't survive JSON (a cursor): they order as absent.
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value as SortValue;
};

// Nulls first ascending (last descending), as SQLite orders; then booleans, numbers, text.
const rank = (value: SortValue): number =>
  value === null ? 0 : typeof value === 'boolean' ? 1 : typeof value === 'number' ? 2 : 3;

export const compareSortValues = (a: SortValue, b: SortValue): number => {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0 || a === null || b === null) return byRank;
  // Code-unit order, not the locale's: the same on every server, so cursors stay valid.
  return a < b ? -1 : a > b ? 1 : 0;
};

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const compareKeysets = (sort: SortSpec, a: Keyset, b: Keyset): number => {
  const order = compareSortValues(a.value, b.value) || compareKeys(a.key, b.key);
  return sort.descending ? -order : order;
};

export const keysetOf = (sort: SortSpec, entry: KeyedRow): Keyset => ({
  value: sortValueOf(entry.row[sort.field]),
  key: entry.key,
});

export interface Page {
  readonly items: readonly KeyedRow[];
  /** Where the next page starts after; undefined when this page is the last. */
  readonly next: Keyset | undefined;
}

/** Sorts the rows and takes `limit` of them strictly after `after`. */
export const pageOf = (
  rows: readonly KeyedRow[],
  sort: SortSpec,
  limit: number,
  after: Keyset | undefined,
): Page => {
  const keyed = rows.map((entry) => ({ entry, keyset: keysetOf(sort, entry) }));
  const remaining =
    after === undefined ? keyed : keyed.filter(({ keyset }) => compareKeysets(sort, keyset, after) > 0);
  remaining.sort((a, b) => compareKeysets(sort, a.keyset, b.keyset));
  const items = remaining.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ entry }) => entry),
    next: remaining.length > limit && last !== undefined ? last.keyset : undefined,
  };
};
