// Presented rows as CSV (RFC 4180): a header line with the field names in order, CRLF line
// ends, a cell quoted when it holds a quote, comma, CR or LF (quotes doubled), lists joined
// with `|`, null as an empty cell.
//
// CSV injection (OWASP): a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a
// tab or carriage return before one) as a formula, so an account named `=HYPERLINK(…)` would be
// a link in the analyst's spreadsheet. Such a text cell is written with a single quote first,
// which spreadsheets show as text. Numbers are values, not text: a number cell (`-12.5`) is
// written as it is, and so is a text that is nothing but a decimal number (`-12.5`, `+3`), which
// a spreadsheet reads as that number and cannot be a formula.
import type { FieldValue, PresentedRow } from '../../projections/read-model.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A text a spreadsheet would run as a formula, made text: a single quote first. */
export const neutralised = (text: string): string =>
  FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;

export const csvCell = (value: FieldValue | undefined): string => {
  if (value === undefined || value === null) return '';
  const text =
    typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : neutralised(Array.isArray(value) ? value.join('|') : (value as string));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const line = (cells: readonly string[]): string => `${cells.join(',')}\r\n`;

export const toCsv = (fields: readonly string[], rows: readonly PresentedRow[]): string =>
  line(fields.map((name) => csvCell(name))) +
  rows.map((row) => line(fields.map((name) => csvCell(row[name])))).join('');
