// CSV for the tables the API does not serve as CSV (the matrix, the timeline, an account's
// agreements), written as the API writes its own (RFC 4180, CRLF, lists joined by `|`), with the
// same guard against CSV injection: a text cell a spreadsheet would run as a formula starts with
// a single quote. The workbench imports no server code, so the rule is restated here.
export type Cell = string | number | boolean | null | undefined | readonly string[];

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export const csvCell = (value: Cell): string => {
  if (value === undefined || value === null) return '';
  let text: string;
  if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    const joined = typeof value === 'string' ? value : value.join('|');
    text = FORMULA_START.test(joined) && !PLAIN_NUMBER.test(joined) ? `'${joined}` : joined;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const toCsv = (header: readonly string[], rows: readonly (readonly Cell[])[]): string =>
  [header, ...rows].map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
