// A presented read-model row as the API gives it: exactly the model's fields, in their order,
// as JSON (its codec built from the fields' declared types) or as CSV.
import * as t from 'io-ts';
import { Integer } from '../../domain/kernel/index.js';
import type { Field, PresentedRow, ReadModel } from '../../projections/read-model.js';
import { CSV_CONTENT_TYPE, toCsv } from './csv.js';
import { described } from '../../domain/kernel/index.js';

const FIELD_VALUES: Readonly<Record<Field['type'], t.Mixed>> = {
  string: t.string,
  integer: Integer,
  number: t.number,
  boolean: t.boolean,
  'string[]': t.array(t.string),
};

const fieldCodec = (field: Field): t.Mixed =>
  described(
    field.nullable === true ? t.union([FIELD_VALUES[field.type], t.null]) : FIELD_VALUES[field.type],
    field.description,
  );

/** A presented row: exactly the model's fields, in their order. */
export const rowCodec = (model: ReadModel) =>
  t.type(Object.fromEntries(model.fields.map((field) => [field.name, fieldCodec(field)])));

/** The row with exactly the model's fields, in their order (JSON keys and CSV columns alike). */
export const inFieldOrder = (model: ReadModel, row: PresentedRow): PresentedRow =>
  Object.fromEntries(model.fields.map((field) => [field.name, row[field.name] ?? null]));

export const csvOf = (model: ReadModel, rows: readonly PresentedRow[]) => ({
  type: CSV_CONTENT_TYPE,
  text: toCsv(
    model.fields.map((f) => f.name),
    rows,
  ),
});
