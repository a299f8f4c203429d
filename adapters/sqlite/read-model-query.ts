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

/** A condition and its parameters, in the order of its `?`s. */
interface Condition {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export const compileFind = (layout: TableLayout, query: ReadModelQuery = {}): CompiledQuery => {
  const queryable = [layout.key, ...layout.columns.map((column) => column.name)];
  const column = (name: string): string => {
    if (!queryable.includes(name))
      throw new InvalidReadModelQuery('unknown_column', `${layout.table} has no column "${name}"`, queryable);
    return quote(name);
  };
  const checked = (v: unknown): SqlValue => {
    if (!isSqlValue(v))
      throw new InvalidReadModelQuery('bad_value', `${String(v)} is not a text, a number or null`);
    return v;
  };
  /** A condition whose `?`s take `values`, checked. */
  const condition = (sql: string, ...values: readonly unknown[]): Condition => ({
    sql,
    params: values.map(checked),
  });
  const conditions: Condition[] = [];

  for (const [name, wanted] of Object.entries(query.where ?? {})) {
    const c = column(name);
    if (Array.isArray(wanted)) {
      const values = (wanted as readonly SqlValue[]).filter((v) => v !== null);
      const parts = values.length === 0 ? [] : [`${c} IN (${values.map(() => '?').join(', ')})`];
      if (values.length !== wanted.length) parts.push(`${c} IS NULL`);
      conditions.push(condition(parts.length === 0 ? '0' : `(${parts.join(' OR ')})`, ...values));
    } else if (wanted === null) conditions.push(condition(`${c} IS NULL`));
    else conditions.push(condition(`${c} = ?`, wanted));
  }

  // `<>` reads the whole table; below-or-above is two ranges of the column's index. Each range
  // is an arm of its own (see below) when a single column is excepted.
  const exceptions = Object.entries(query.except ?? {}).map(([name, other]): Condition[] => {
    const c = column(name);
    return other === null
      ? [condition(`${c} IS NOT NULL`)]
      : [condition(`${c} IS NULL`), condition(`${c} < ?`, other), condition(`${c} > ?`, other)];
  });
  const arms = exceptions.length === 1 && exceptions[0]!.length > 1 ? exceptions[0]! : undefined;
  if (arms === undefined)
    for (const alternatives of exceptions)
      conditions.push(
        alternatives.length === 1
          ? alternatives[0]!
          : {
              sql: `(${alternatives.map((a) => a.sql).join(' OR ')})`,
              params: alternatives.flatMap((a) => a.params),
            },
      );

  for (const [name, bounds] of Object.entries(query.between ?? {})) {
    const c = column(name);
    const [min, max] = bounds;
    if (min !== null && min !== undefined) conditions.push(condition(`${c} >= ?`, min));
    if (max !== null && max !== undefined) conditions.push(condition(`${c} <= ?`, max));
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
    conditions.push(keysetAfter(sort, query.after.map(checked)));
  }

  let limit: Condition | undefined;
  if (query.limit !== undefined) {
    if (!Number.isSafeInteger(query.limit) || query.limit < 0)
      throw new InvalidReadModelQuery(
        'bad_limit',
        `The limit must be a whole number ≥ 0, not ${query.limit}`,
      );
    limit = condition(' LIMIT ?', query.limit);
  }

  const orderBy = ` ORDER BY ${sort.map((key) => `${quote(key.column)} ${key.direction.toUpperCase()}`).join(', ')}`;
  const select = (all: readonly Condition[]): CompiledQuery => ({
    sql: `SELECT * FROM ${quote(layout.table)}${all.length === 0 ? '' : ` WHERE ${all.map((c) => c.sql).join(' AND ')}`}${orderBy}${limit?.sql ?? ''}`,
    params: [...all.flatMap((c) => c.params), ...(limit?.params ?? [])],
  });
  if (arms === undefined) return select(conditions);
  // Below, above or NULL as one OR: SQLite reads the column's whole index in order (the sort
  // spares it a sort, whatever the table's size) instead of its three ranges. As three selects,
  // each a range of the index (its own page at most), merged and cut to the page: what is read
  // is what is not equal, however many rows are.
  const parts = arms.map((arm) => select([...conditions, arm]));
  return {
    sql: `${parts.map((part) => `SELECT * FROM (${part.sql})`).join(' UNION ALL ')}${orderBy}${limit?.sql ?? ''}`,
    params: [...parts.flatMap((part) => part.params), ...(limit?.params ?? [])],
  };
};

/** Rows strictly after the cursor in the sort order: equal on a prefix, then beyond on the next key. */
const keysetAfter = (sort: readonly SortKey[], after: readonly SqlValue[]): Condition => {
  const params: SqlValue[] = [];
  const value = (v: SqlValue): '?' => {
    params.push(v);
    return '?';
  };
  const alternatives = sort.map((key, i) => {
    const equalPrefix = sort.slice(0, i).map((k, j) => `${quote(k.column)} IS ${value(after[j]!)}`);
    return `(${[...equalPrefix, beyond(key, after[i]!, value)].join(' AND ')})`;
  });
  return { sql: `(${alternatives.join(' OR ')})`, params };
};

const beyond = (key: SortKey, v: SqlValue, value: (v: SqlValue) => '?'): string => {
  const c = quote(key.column);
  if (key.direction === 'asc') return v === null ? `${c} IS NOT NULL` : `${c} > ${value(v)}`;
  return v === null ? '0' : `(${c} < ${value(v)} OR ${c} IS NULL)`;
};
