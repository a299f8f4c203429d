// A ReadModelQuery as SQL over a collection's view: every column name is checked against the
// live layout and quoted; every value is a parameter. Keyset pagination follows SQLite's
// order (NULLs first ascending, last descending) with the key as the final tie-breaker.
import { InvalidReadModelQuery, type ReadModelQuery, type SqlValue } from '../../src/ports.js';
import { quote, type TableLayout } from './read-model-tables.js';

export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

interface SortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

const isSqlValue = (value: unknown): value is SqlValue =>
  value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

export const compileFind = (layout: TableLayout, query: ReadModelQuery = {}): CompiledQuery => {
  const queryable = [layout.key, ...layout.columns.map((column) => column.name)];
  const column = (name: string): string => {
    if (!queryable.includes(name))
      throw new InvalidReadModelQuery('unknown_column', `${layout.table} has no column "${name}"`, queryable);
    return quote(name);
  };
  const params: SqlValue[] = [];
  const value = (v: unknown): '?' => {
    if (!isSqlValue(v))
      throw new InvalidReadModelQuery('bad_value', `${String(v)} is not a text, a number or null`);
    params.push(v);
    return '?';
  };
  const conditions: string[] = [];

  for (const [name, wanted] of Object.entries(query.where ?? {})) {
    const c = column(name);
    if (Array.isArray(wanted)) {
      const values = (wanted as readonly SqlValue[]).filter((v) => v !== null);
      const parts = values.length === 0 ? [] : [`${c} IN (${values.map(value).join(', ')})`];
      if (values.length !== wanted.length) parts.push(`${c} IS NULL`);
      conditions.push(parts.length === 0 ? '0' : `(${parts.join(' OR ')})`);
    } else if (wanted === null) conditions.push(`${c} IS NULL`);
    else conditions.push(`${c} = ${value(wanted)}`);
  }

  for (const [name, other] of Object.entries(query.except ?? {})) {
    const c = column(name);
    // `<>` reads the whole table; below-or-above is two ranges of the column's index.
    conditions.push(
      other === null
        ? `${c} IS NOT NULL`
        : `(${c} IS NULL OR ${c} < ${value(other)} OR ${c} > ${value(other)})`,
    );
  }

  for (const [name, bounds] of Object.entries(query.between ?? {})) {
    const c = column(name);
    const [min, max] = bounds;
    if (min !== null && min !== undefined) conditions.push(`${c} >= ${value(min)}`);
    if (max !== null && max !== undefined) conditions.push(`${c} <= ${value(max)}`);
  }

  const sort: SortKey[] = (query.orderBy ?? []).map(({ column: name, direction }) => {
    column(name);
    if (direction !== 'asc' && direction !== 'desc')
      throw new InvalidReadModelQuery(
        'bad_value',
        `Sort direction must be asc or desc, not ${String(direction)}`,
      );
    return { column: name, direction };
  });
  // The key breaks ties in the direction of the first sort key: the order a (column, key) index
  // gives when read forwards or backwards, so a page is read off the index however many rows tie.
  if (!sort.some((key) => key.column === layout.key))
    sort.push({ column: layout.key, direction: sort[0]?.direction ?? 'asc' });

  if (query.after !== undefined) {
    if (query.after.length !== sort.length)
      throw new InvalidReadModelQuery(
        'bad_cursor',
        `The cursor has ${query.after.length} values; the sort (${sort.map((k) => k.column).join(', ')}) needs ${sort.length}`,
      );
    conditions.push(keysetAfter(sort, query.after, value));
  }

  let limit = '';
  if (query.limit !== undefined) {
    if (!Number.isSafeInteger(query.limit) || query.limit < 0)
      throw new InvalidReadModelQuery(
        'bad_limit',
        `The limit must be a whole number ≥ 0, not ${query.limit}`,
      );
    limit = ` LIMIT ${value(query.limit)}`;
  }

  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  const orderBy = sort.map((key) => `${quote(key.column)} ${key.direction.toUpperCase()}`).join(', ');
  return { sql: `SELECT * FROM ${quote(layout.table)}${where} ORDER BY ${orderBy}${limit}`, params };
};

/** Rows strictly after the cursor in the sort order: equal on a prefix, then beyond on the next key. */
const keysetAfter = (
  sort: readonly SortKey[],
  after: readonly SqlValue[],
  value: (v: unknown) => '?',
): string => {
  const alternatives = sort.map((key, i) => {
    const equalPrefix = sort.slice(0, i).map((k, j) => `${quote(k.column)} IS ${value(after[j])}`);
    return `(${[...equalPrefix, beyond(key, after[i]!, value)].join(' AND ')})`;
  });
  return `(${alternatives.join(' OR ')})`;
};

const beyond = (key: SortKey, v: SqlValue, value: (v: unknown) => '?'): string => {
  const c = quote(key.column);
  if (key.direction === 'asc') return v === null ? `${c} IS NOT NULL` : `${c} > ${value(v)}`;
  return v === null ? '0' : `(${c} < ${value(v)} OR ${c} IS NULL)`;
};
