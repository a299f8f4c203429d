// Presented rows as CSV (RFC 4180): a header line with the field names in order, CRLF line
// ends, a cell quoted when it holds a quote, comma, CR or LF (quotes doubled), lists joined
// with `|`, null as an empty cell.
import type { FieldValue, PresentedRow } from '../../projections/read-model.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const NEEDS_QUOTES = /[",\r\n]/;

export const csvCell = (value: FieldValue | undefined): string => {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join('|') : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const line = (cells: readonly string[]): string => `${cells.join(',')}\r\n`;

export const toCsv = (fields: readonly string[], rows: readonly PresentedRow[]): string =>
  line(fields.map((name) => csvCell(name))) +
  rows.map((row) => line(fields.map((name) => csvCell(row[name])))).join('');
