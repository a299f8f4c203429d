// The text SQLite makes of a number it stores in, or compares with, a TEXT column: the driver
// binds a JavaScript number as a REAL, and SQLite writes a REAL with a decimal point always,
// the shortest digits that give the number back, and an exponent only past 10^17 or under
// 10^-4 (10 → "10.0", 0.1 + 0.2 → "0.30000000000000004", 1e20 → "1.0e+20"). PostgreSQL is
// told the same text, so a read model answers alike on both. Exactly SQLite's text for whole
// numbers and for decimals of up to 12 significant digits (amounts, counts, percentages: what
// read models hold); past that SQLite's own digit generation may add a digit this doesn't.

/** Trailing zeros of a fraction dropped, one kept: "1.500" → "1.5", "10" → "10.0". */
const trimmed = (digits: string): string => {
  if (!digits.includes('.')) return `${digits}.0`;
  const trim = digits.replace(/0+$/, '');
  return trim.endsWith('.') ? `${trim}0` : trim;
};

export const sqliteNumberText = (value: number): string => {
  // toExponential() without a precision: the shortest digits that give the number back.
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 17)
    return `${trimmed(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  const digits = mantissa.replace(/[-.]/g, '').length;
  return trimmed(value.toFixed(Math.max(0, digits - 1 - exponent)));
};
