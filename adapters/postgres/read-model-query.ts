// A ReadModelQuery as PostgreSQL over a collection's view, with SQLite's answers
// (adapters/sqlite/read-model-query.ts): every column checked against the live layout and
// quoted, every value a parameter; NULLs first ascending and last descending, spelled out;
// text in byte order (the columns are COLLATE "C"); the key as the final tie-breaker.
// SQLite compares a number column with a text that isn't a number as smaller than any text,
// and a text column with a number as that number's text (sqlite-number-text.ts): so does this.
import type { ColumnType } from '../../projections/projection.js';
import { fits } from './read-model-tables.js';
import { linkParts, quote, type TableLayout } from '../../src/consumers/projector/table-layout.js';
import { sqliteNumberText } from './sqlite-number-text.js';
import { InvalidReadModelQuery, type ReadModelQuery, type SqlValue } from '../../src/ports.js';

export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

interface SortKey {
  readonly column: string;
  readonly type: ColumnType;
  readonly direction: 'asc' | 'desc';
}

type Operator = '=' | '>' | '>=' | '<' | '<=';

const isSqlValue = (value: unknown): value is SqlValue =>
  value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

// What SQLite's numeric affinity takes for a number: the text of a decimal, blanks around it.
const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A value as the column's type compares it; 'text-beyond-numbers': a text against a number column. */
const asColumnValue = (type: ColumnType, v: string | number): string | number | 'text-beyond-numbers' => {
  if (type === 'TEXT') return typeof v === 'number' ? sqliteNumberText(v) : v;
  if (typeof v === 'number') return v;
  return NUMERIC_TEXT.test(v) ? Number(v) : 'text-beyond-numbers';
};

export const compileFind = (layout: TableLayout, query: ReadModelQuery = {}): CompiledQuery => {
  const types = new Map<string, ColumnType>([
    [layout.key, 'TEXT'],
    ...layout.columns.map((column): [string, ColumnType] => [column.name, column.type]),
  ]);
  const queryable = [...types.keys()];
  const typeOf = (name: string): ColumnType => {
    const type = types.get(name);
    if (type === undefined)
      throw new InvalidReadModelQuery('unknown_column', `${layout.table} has no column "${name}"`, queryable);
    return type;
  };
  const params: SqlValue[] = [];
  const checked = (v: unknown): SqlValue => {
    if (!isSqlValue(v))
      throw new InvalidReadModelQuery('bad_value', `${String(v)} is not a text, a number or null`);
    return v;
  };
  /** A parameter typed as the column compares it. */
  const param = (type: ColumnType, v: string | number): string => {
    params.push(v);
    const cast = type === 'TEXT' ? 'text' : Number.isSafeInteger(v) ? 'bigint' : 'float8';
    return `$${params.length}::${cast}`;
  };
  /** `column op value` for a non-null value, as SQLite answers it. */
  const compare = (name: string, op: Operator, raw: string | number): string => {
    const type = typeOf(name);
    const v = asColumnValue(type, raw);
    const c = quote(name);
    if (v === 'text-beyond-numbers') return op === '<' || op === '<=' ? `${c} IS NOT NULL` : 'FALSE';
    return `${c} ${op} ${param(type, v)}`;
  };
  const conditions: string[] = [];
  /** After a cursor: the rows beyond it, as arms that each read a range (none: no row is). */
  let arms: string[] | undefined;

  for (const [name, wanted] of Object.entries(query.where ?? {})) {
    typeOf(name);
    if (Array.isArray(wanted)) {
      const values = (wanted as readonly unknown[]).map(checked);
      const present = values.filter((v): v is string | number => v !== null);
      const parts = present.map((v) => compare(name, '=', v));
      if (present.length !== values.length) parts.push(`${quote(name)} IS NULL`);
      conditions.push(parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`);
    } else {
      const v = checked(wanted);
      conditions.push(v === null ? `${quote(name)} IS NULL` : compare(name, '=', v));
    }
  }

  // Through a link: the keys its value index gives (on the day, for pairs that hold some days).
  // The link's columns hold what its filter asks for: a value is compared as the type it has.
  for (const selection of query.links ?? []) {
    const { table, key, value, during } = linkParts(layout, selection);
    const given = (v: string | number) => param(typeof v === 'string' ? 'TEXT' : 'INTEGER', v);
    const present = selection.values.map(checked).filter((v): v is string | number => v !== null);
    if (present.length === 0) {
      conditions.push('FALSE');
      continue;
    }
    const wheres = [`${value} IN (${present.map(given).join(', ')})`];
    if (during !== undefined)
      wheres.push(
        `${during.from} <= ${given(during.day)}`,
        `(${during.until} IS NULL OR ${during.until} > ${given(during.day)})`,
      );
    const linkTable = quote(fits(table, 'The link table'));
    conditions.push(
      `${quote(layout.key)} IN (SELECT ${key} FROM ${linkTable} WHERE ${wheres.join(' AND ')})`,
    );
  }

  for (const [name, other] of Object.entries(query.except ?? {})) {
    typeOf(name);
    const v = checked(other);
    conditions.push(
      v === null
        ? `${quote(name)} IS NOT NULL`
        : // Below-or-above, not `<>`: two ranges of the column's index instead of the whole table.
          `(${quote(name)} IS NULL OR ${compare(name, '<', v)} OR ${compare(name, '>', v)})`,
    );
  }

  for (const [name, bounds] of Object.entries(query.between ?? {})) {
    typeOf(name);
    const [min, max] = bounds;
    if (min !== null && min !== undefined) conditions.push(compare(name, '>=', checked(min)!));
    if (max !== null && max !== undefined) conditions.push(compare(name, '<=', checked(max)!));
  }

  const sort: SortKey[] = (query.orderBy ?? []).map(({ column: name, direction }) => {
    const type = typeOf(name);
    if (direction !== 'asc' && direction !== 'desc')
      throw new InvalidReadModelQuery(
        'bad_value',
        `Sort direction must be asc or desc, not ${String(direction)}`,
      );
    return { column: name, type, direction };
  });
  // The key breaks ties in the direction of the first sort key, as on SQLite (see there).
  if (!sort.some((key) => key.column === layout.key))
    sort.push({ column: layout.key, type: 'TEXT', direction: sort[0]?.direction ?? 'asc' });

  if (query.after !== undefined) {
    if (query.after.length !== sort.length)
      throw new InvalidReadModelQuery(
        'bad_cursor',
        `The cursor has ${query.after.length} values; the sort (${sort.map((k) => k.column).join(', ')}) needs ${sort.length}`,
      );
    const after = query.after.map(checked);
    // Rows strictly after the cursor in the sort order: equal on a prefix, then beyond on the next
    // key. Each arm is one range of an index in the sort's order (see beyond).
    arms = sort.flatMap((key, i) => {
      const ranges = beyond(key, after[i]!, compare, key.column === layout.key);
      // Only for an arm kept: a parameter no arm refers to has no type PostgreSQL can tell.
      if (ranges.length === 0) return [];
      const equalPrefix = sort.slice(0, i).map((k, j) => same(k.column, after[j]!, compare));
      return ranges.map((range) => [...equalPrefix, range].join(' AND '));
    });
  }

  let limit = '';
  if (query.limit !== undefined) {
    if (!Number.isSafeInteger(query.limit) || query.limit < 0)
      throw new InvalidReadModelQuery(
        'bad_limit',
        `The limit must be a whole number ≥ 0, not ${query.limit}`,
      );
    params.push(query.limit);
    limit = ` LIMIT $${params.length}::bigint`;
  }

  const whereOf = (all: readonly string[]) => (all.length === 0 ? '' : ` WHERE ${all.join(' AND ')}`);
  const orderBy = sort
    .map((key, i) =>
      // The key alone sorts in its primary key's own NULL order (it holds no NULL: the same rows),
      // so that index pages it; NULLS FIRST would sort the whole table.
      i === 0 && key.column === layout.key
        ? `${quote(key.column)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`
        : `${quote(key.column)} ${key.direction === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST'}`,
    )
    .join(', ');
  const select = (all: readonly string[]) =>
    `SELECT * FROM ${quote(layout.table)}${whereOf(all)} ORDER BY ${orderBy}${limit}`;
  if (arms === undefined) return { sql: select(conditions), params };
  if (arms.length === 0) return { sql: select([...conditions, 'FALSE']), params };
  if (arms.length === 1) return { sql: select([...conditions, arms[0]!]), params };
  // The arms OR-ed would match no index range: PostgreSQL would read the sort's index from the
  // start, a middle page costing the pages before it. Each arm its own page, merged: at most a
  // page an arm to sort.
  const pages = arms.map((arm) => `(${select([...conditions, arm])})`);
  return { sql: `SELECT * FROM (${pages.join(' UNION ALL ')}) AS page ORDER BY ${orderBy}${limit}`, params };
};

type Compare = (name: string, op: Operator, v: string | number) => string;

/** SQLite's `column IS value`: equal, NULL matching NULL. */
const same = (name: string, v: SqlValue, compare: Compare): string =>
  v === null ? `${quote(name)} IS NULL` : compare(name, '=', v);

/**
 * The rows beyond `v` on one sort key, as ranges of its index: NULLs first ascending, last
 * descending (the key holds none).
 */
const beyond = (key: SortKey, v: SqlValue, compare: Compare, isKey: boolean): string[] => {
  const c = quote(key.column);
  if (key.direction === 'asc') return [v === null ? `${c} IS NOT NULL` : compare(key.column, '>', v)];
  if (v === null) return [];
  return isKey ? [compare(key.column, '<', v)] : [compare(key.column, '<', v), `${c} IS NULL`];
};
