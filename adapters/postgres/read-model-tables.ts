// The PostgreSQL tables of a build's layouts (src/consumers/projector/table-layout.ts checks
// every name): plain typed columns an analyst's SQL client shows as they are — TEXT in byte
// order (COLLATE "C", as SQLite compares text), BIGINT, DOUBLE PRECISION — and the document
// as JSON (kept as written, so the reducer gets back exactly what it put). Indexes keep NULLs
// first, as SQLite sorts them ascending.
import { createHash } from 'node:crypto';
import type { ColumnType } from '../../projections/projection.js';
import {
  DOC_COLUMN,
  indexColumns,
  quote,
  type TableLayout,
} from '../../src/consumers/projector/table-layout.js';

/** PostgreSQL cuts longer identifiers silently: two builds' names could then meet. */
const MAX_IDENTIFIER = 63;

const SQL_TYPES: Readonly<Record<ColumnType, string>> = {
  TEXT: 'TEXT COLLATE "C"',
  INTEGER: 'BIGINT',
  REAL: 'DOUBLE PRECISION',
};

/** The array type a column's values are sent as, many rows in one parameter. */
export const ARRAY_TYPES: Readonly<Record<ColumnType, string>> = {
  TEXT: 'text[]',
  INTEGER: 'bigint[]',
  REAL: 'float8[]',
};

export const fits = (name: string, what: string): string => {
  if (Buffer.byteLength(name) > MAX_IDENTIFIER)
    throw new Error(`${what} ${name} is longer than PostgreSQL's ${MAX_IDENTIFIER} characters`);
  return name;
};

const indexName = (layout: TableLayout, i: number): string => {
  const plain = `${layout.physical}__ix${i}`;
  if (plain.length <= MAX_IDENTIFIER) return plain;
  return `ix_${createHash('sha256').update(plain).digest('hex').slice(0, 24)}`;
};

export const createTableSql = (layout: TableLayout): string[] => {
  fits(layout.physical, 'The table');
  fits(layout.table, 'The view');
  const columns = [
    `${quote(layout.key)} TEXT COLLATE "C" PRIMARY KEY NOT NULL`,
    ...layout.columns.map((column) => `${quote(column.name)} ${SQL_TYPES[column.type]}`),
    `${quote(DOC_COLUMN)} JSON NOT NULL`,
  ];
  return [
    `CREATE TABLE ${quote(layout.physical)} (${columns.join(', ')})`,
    ...layout.indexes.map(
      (index, i) =>
        `CREATE INDEX ${quote(indexName(layout, i))} ON ${quote(layout.physical)} (${indexColumns(
          layout,
          index,
        )
          .map((column) => `${quote(column)} NULLS FIRST`)
          .join(', ')})`,
    ),
  ];
};
