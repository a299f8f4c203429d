// Revisions and global positions arrive as decimal strings (query strings, Last-Event-ID,
// If-Match, CLI options, exported books, responses) and become bigint: exact past 2^53, never
// a Number. Every entry point reads them here, so each accepts the same texts.
import * as t from 'io-ts';
import { describedAs } from '../domain/kernel/index.js';

/** At most 20 digits: any unsigned 64-bit position, nothing that could be a typo'd id. */
export const DECIMAL_PATTERN = '[0-9]{1,20}';
const DECIMAL = new RegExp(`^${DECIMAL_PATTERN}$`);

/** The largest revision or position any store keeps: a signed 64-bit integer. */
export const MAX_POSITION = 2n ** 63n - 1n;

/** The bigint of a decimal revision or position a store could hold, or undefined for anything else. */
export const parseDecimal = (text: string): bigint | undefined => {
  if (!DECIMAL.test(text)) return undefined;
  const value = BigInt(text);
  return value <= MAX_POSITION ? value : undefined;
};

/**
 * A revision or position: a bigint in code, a decimal string in JSON. Twenty nines are refused
 * here (a 400 at the edge), never a failure deep in a store.
 */
export const DecimalString = describedAs(
  new t.Type<bigint, string, unknown>(
    'DecimalString',
    (u): u is bigint => typeof u === 'bigint',
    (u, c) => {
      const value = typeof u === 'string' ? parseDecimal(u) : undefined;
      return value === undefined
        ? t.failure(
            u,
            c,
            typeof u === 'string' && DECIMAL.test(u)
              ? `must be at most ${MAX_POSITION.toString()}`
              : 'must be a decimal string ≥ 0 (a revision or position as this API gives them)',
          )
        : t.success(value);
    },
    // String(), not toString(): a value that is already a decimal string passes unchanged.
    (value) => String(value),
  ),
  { type: 'string', pattern: `^${DECIMAL_PATTERN}$` },
);
