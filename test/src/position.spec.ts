import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/position.js';

describe('parseDecimal', () => {
  it('keeps positions past 2^53 exact', () => {
    expect(parseDecimal('18446744073709551615')).toBe(18446744073709551615n);
    expect(parseDecimal('0')).toBe(0n);
  });

  it('refuses signs, spaces, fractions, exponents and more than 20 digits', () => {
    for (const text of ['-1', '+1', ' 1', '1 ', '1.0', '1e3', '0x10', '', '123456789012345678901'])
      expect(parseDecimal(text)).toBeUndefined();
  });
});
