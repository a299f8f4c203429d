import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DecimalString, MAX_POSITION, parseDecimal } from '../../src/position.js';

describe('parseDecimal', () => {
  it('keeps positions past 2^53 exact, up to what a store can hold', () => {
    expect(parseDecimal('9223372036854775807')).toBe(MAX_POSITION);
    expect(parseDecimal('9007199254740993')).toBe(9007199254740993n);
    expect(parseDecimal('0')).toBe(0n);
  });

  it('refuses signs, spaces, fractions, exponents, more than 20 digits, and past 2^63-1', () => {
    for (const text of [
      '-1',
      '+1',
      ' 1',
      '1 ',
      '1.0',
      '1e3',
      '0x10',
      '',
      '123456789012345678901',
      '9223372036854775808',
      '99999999999999999999',
    ])
      expect(parseDecimal(text)).toBeUndefined();
  });
});

describe('DecimalString', () => {
  it('decodes to a bigint and encodes back to the same text', () => {
    const decoded = DecimalString.decode('9007199254740993');
    expect(isRight(decoded) && decoded.right).toBe(9007199254740993n);
    expect(DecimalString.encode(9007199254740993n)).toBe('9007199254740993');
  });

  it('says why: not a decimal string, or larger than a store can hold', () => {
    const tooLarge = DecimalString.decode('99999999999999999999');
    expect(isLeft(tooLarge) && tooLarge.left[0]!.message).toBe(`must be at most ${MAX_POSITION.toString()}`);
    const notDecimal = DecimalString.decode('12a');
    expect(isLeft(notDecimal) && notDecimal.left[0]!.message).toMatch(/^must be a decimal string/);
  });
});
