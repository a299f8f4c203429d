// A ReadModelQuery as SQL over a collection's view: every column name is checked against the
// live layout and quoted; every value is a parameter. Keyset pagination follows SQLite's
// order (NULLs first ascending, last descending) with the key as the final tie-breaker.
import type { LinkSelection } from '../../projections/read-model.js';
import { InvalidReadModelQuery, type ReadModelQuery, type SqlValue } from '../../src/ports.js';
import { linkParts } from '../../src/consumers/projector/table-layout.js';
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

  for (const selection of query.links ?? []) conditions.push(linked(layout, selection, checked));

  // `<>` reads the whole table; below-or-above is two ranges of the column's index. Each range
  // is an arm of its own (see below) when a single column is excepted.
  const exceptions = Object.entries(query.except ?? {}).map(([name, other]): Condition[] => {
    const c = column(name);
    return other === null
      ? [condition(`${c} IS NOT NULL`)]
      : [condition(`${c} IS NULL`), condition(`${c} < ?`, other), condition(`${c} > ?`, other)];
  });
  const exceptArms = exceptions.length === 1 && exceptions[0]!.length > 1 ? exceptions[0]! : undefined;
  if (exceptArms === undefined)
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

  let afterArms: Condition[] | undefined;
  if (query.after !== undefined) {
    if (query.after.length !== sort.length)
      throw new InvalidReadModelQuery(
        'bad_cursor',
        `The cursor has ${query.after.length} values; the sort (${sort.map((k) => k.column).join(', ')}) needs ${sort.length}`,
      );
    afterArms = keysetAfter(sort, query.after.map(checked), layout.key);
  }
  // The arms merged below: the excepted column's ranges, or else the cursor's (the other as one OR).
  const arms = exceptArms ?? (afterArms !== undefined && afterArms.length > 1 ? afterArms : undefined);
  if (afterArms !== undefined && arms !== afterArms)
    conditions.push(
      afterArms.length === 0
        ? condition('0')
        : afterArms.length === 1
          ? afterArms[0]!
          : {
              sql: `(${afterArms.map((a) => a.sql).join(' OR ')})`,
              params: afterArms.flatMap((a) => a.params),
            },
    );

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
  // is what is not equal, however many rows are. The same for the ways a row can be beyond a
  // cursor: a middle page costs a page, not the pages before it.
  const parts = arms.map((arm) => select([...conditions, arm]));
  return {
    sql: `${parts.map((part) => `SELECT * FROM (${part.sql})`).join(' UNION ALL ')}${orderBy}${limit?.sql ?? ''}`,
    params: [...parts.flatMap((part) => part.params), ...(limit?.params ?? [])],
  };
};

/**
 * The rows a link pairs with any of the values (on the day, for pairs that hold some days): the
 * keys its value index gives, each a seek of the primary key, however large the table.
 */
const linked = (
  layout: TableLayout,
  selection: LinkSelection,
  checked: (v: unknown) => SqlValue,
): Condition => {
  const { table, key, value, during } = linkParts(layout, selection);
  const asked = selection.values.map(checked);
  if (asked.length === 0) return { sql: '0', params: [] };
  const wheres = [`${value} IN (${asked.map(() => '?').join(', ')})`];
  const params: SqlValue[] = [...asked];
  if (during !== undefined) {
    wheres.push(`${during.from} <= ?`, `(${during.until} IS NULL OR ${during.until} > ?)`);
    params.push(during.day, during.day);
  }
  return {
    sql: `${quote(layout.key)} IN (SELECT ${key} FROM ${quote(table)} WHERE ${wheres.join(' AND ')})`,
    params,
  };
};

/**
 * Rows strictly after the cursor in the sort order, as arms that are each a range of an index in
 * that order: equal on a prefix, then beyond on the next key.
 */
const keysetAfter = (sort: readonly SortKey[], after: readonly SqlValue[], key: string): Condition[] =>
  sort.flatMap((sortKey, i) => {
    const ranges = beyond(sortKey, after[i]!, sortKey.column === key);
    const prefix = sort.slice(0, i).map((k, j) => ({ sql: `${quote(k.column)} IS ?`, params: [after[j]!] }));
    return ranges.map((range) => ({
      sql: [...prefix, range].map((c) => c.sql).join(' AND '),
      params: [...prefix, range].flatMap((c) => c.params),
    }));
  });

/** The rows beyond `v` on one sort key: NULLs first ascending, last descending (the key holds none). */
const beyond = (key: SortKey, v: SqlValue, isKey: boolean): Condition[] => {
  const c = quote(key.column);
  if (key.direction === 'asc')
    return [v === null ? { sql: `${c} IS NOT NULL`, params: [] } : { sql: `${c} > ?`, params: [v] }];
  if (v === null) return [];
  const below = { sql: `${c} < ?`, params: [v] };
  return isKey ? [below] : [below, { sql: `${c} IS NULL`, params: [] }];
};
