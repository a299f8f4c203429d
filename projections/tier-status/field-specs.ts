// One list per table names each value once: its JSON field, its SQL column and their types.
// The served fields, the plain columns and both row shapes are derived from it, so a column
// can't drift from the field it stores.
import type { Column, ColumnType, Row, SqlValue } from '../projection.js';
import type { Field, FieldValue, PresentedRow } from '../read-model.js';

export interface FieldSpec<View> {
  readonly field: keyof View & string;
  readonly column: string;
  readonly sql: ColumnType;
  readonly type: Field['type'];
  readonly nullable?: boolean;
  readonly description: string;
}

/** The account's identity, first in every per-account table (same columns, same words). */
export const accountFieldSpecs = <
  View extends { accountId: unknown; name: unknown; industry: unknown; region: unknown; managerId: unknown },
>(): readonly FieldSpec<View>[] => [
  { field: 'accountId', column: 'account_id', sql: 'TEXT', type: 'string', description: 'The account' },
  { field: 'name', column: 'name', sql: 'TEXT', type: 'string', description: 'The account’s name' },
  {
    field: 'industry',
    column: 'industry',
    sql: 'TEXT',
    type: 'string',
    description: 'One of the 9 industry codes',
  },
  { field: 'region', column: 'region', sql: 'TEXT', type: 'string', description: 'The account’s region' },
  {
    field: 'managerId',
    column: 'manager_id',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The account manager; null before the first is assigned',
  },
];

export const fieldsOf = <View>(specs: readonly FieldSpec<View>[]): Field[] =>
  specs.map(({ field, type, description, nullable }) => ({
    name: field,
    type,
    description,
    ...(nullable === true ? { nullable } : {}),
  }));

/** The plain columns: every field but the one the table's key column holds. */
export const columnsOf = <View>(specs: readonly FieldSpec<View>[], key: string): Column[] =>
  specs
    .filter((spec) => spec.column !== key)
    .map(({ column, sql, description }) => ({ name: column, type: sql, description }));

/** Booleans as 0/1 and arrays as JSON text, as SQLite keeps them. */
const sqlValue = (value: FieldValue): SqlValue =>
  typeof value === 'boolean'
    ? value
      ? 1
      : 0
    : Array.isArray(value)
      ? JSON.stringify(value)
      : (value as SqlValue);

// A row is written per changed document and batch: the specs of its plain columns are picked
// once per list and key column.
const plainSpecs = new WeakMap<object, Map<string, readonly unknown[]>>();
const plainSpecsOf = <View>(specs: readonly FieldSpec<View>[], key: string): readonly FieldSpec<View>[] => {
  let byKey = plainSpecs.get(specs);
  if (byKey === undefined) plainSpecs.set(specs, (byKey = new Map()));
  let plain = byKey.get(key) as readonly FieldSpec<View>[] | undefined;
  if (plain === undefined) byKey.set(key, (plain = specs.filter((spec) => spec.column !== key)));
  return plain;
};

export const sqlRowOf = <View>(specs: readonly FieldSpec<View>[], key: string, view: View): Row => {
  const row: Record<string, SqlValue> = {};
  for (const spec of plainSpecsOf(specs, key)) row[spec.column] = sqlValue(view[spec.field] as FieldValue);
  return row;
};

/** The view's fields in the declared order (the CSV header's order). */
export const presentedRowOf = <View>(specs: readonly FieldSpec<View>[], view: View): PresentedRow =>
  Object.fromEntries(specs.map((spec) => [spec.field, view[spec.field] as FieldValue]));
