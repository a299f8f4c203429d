// Revisions and positions: bigint in code, decimal strings in JSON (exact beyond 2^53). One
// codec reads them from a query or a response and writes them into one.
import * as t from 'io-ts';
import { describedAs } from '../../domain/kernel/index.js';

/** At most 20 digits: a bigint never goes through Number(). */
const DECIMAL = /^[0-9]{1,20}$/;

export const DecimalString = describedAs(
  new t.Type<bigint, string, unknown>(
    'DecimalString',
    (u): u is bigint => typeof u === 'bigint',
    (u, c) =>
      typeof u === 'string' && DECIMAL.test(u)
        ? t.success(BigInt(u))
        : t.failure(u, c, 'must be a decimal number ≥ 0 (a revision or position as this API gives them)'),
    // String(), not toString(): a value that is already a decimal string passes unchanged.
    (value) => String(value),
  ),
  { type: 'string', pattern: '^[0-9]+$' },
);
