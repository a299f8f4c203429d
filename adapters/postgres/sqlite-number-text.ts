// The text SQLite makes of a number it stores in, or compares with, a TEXT column: the driver
// binds a JavaScript number as a REAL, and SQLite 3.53.2 writes a REAL with printf's "%!.17g"
// (vdbeMemRenderNum): its own digits (sqlite-fp-decode.ts, not JavaScript's shortest ones), a
// decimal point always, and an exponent of at least two digits below 10^-4 or from 10^17 on
// (10 → "10.0", 0.1 + 0.2 → "0.30000000000000004", 1e20 → "1.0e+20", 1e165 →
// "9.999999999999999e+164"). PostgreSQL is told the same text, so a read model answers alike
// on both, for every double (SQLite stores NaN as NULL: no text to match, a caller error).
import { sqliteDecode } from './sqlite-fp-decode.js';

/** "%!.17g" of the digits: 0.digits × 10^point. */
const generic = (digits: string, point: number): string => {
  const exponent = point - 1;
  if (exponent < -4 || exponent > 16) {
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${digits[0]}.${digits.slice(1) || '0'}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
};

export const sqliteNumberText = (value: number): string => {
  if (value === 0) return '0.0'; // -0 too: SQLite tests r == 0.0 before the sign
  if (value === Infinity || value === -Infinity) return value > 0 ? 'Inf' : '-Inf';
  if (Number.isNaN(value)) throw new RangeError('NaN has no text in SQLite: it stores NULL');
  const { digits, point } = sqliteDecode(Math.abs(value));
  return `${value < 0 ? '-' : ''}${generic(digits, point)}`;
};
