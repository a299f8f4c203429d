import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addHours,
  addMonths,
  addMoney,
  addPeriods,
  applyBp,
  compareMoney,
  compareTiers,
  DateRange,
  daysBetween,
  describeErrors,
  endOfPeriod,
  firstError,
  fold,
  IsoDate,
  IsoDateTime,
  kebabCase,
  Money,
  oneOf,
  Peak,
  Period,
  periodsBetween,
  policyFor,
  POLICY_V1,
  rangeInside,
  rangesOverlap,
  struct,
  within,
  domainError,
  money,
} from '../../../domain/kernel/index.js';

const errorsOf = (codec: t.Mixed, value: unknown) => {
  const result = codec.decode(value);
  return E.isLeft(result) ? describeErrors(result.left) : [];
};

describe('codecs', () => {
  it('reject unknown fields and report every bad field with its path', () => {
    const codec = struct('X', { price: Money, window: DateRange }, { note: t.string });
    expect(
      errorsOf(codec, {
        price: { amount: 1.5, currency: 'cny' },
        window: { from: '2026-02-30', to: '2026-01-01' },
        extra: 1,
      }),
    ).toEqual([
      { path: 'extra', message: 'is not a known field' },
      { path: 'price.amount', message: 'must be an integer' },
      { path: 'price.currency', message: 'must be an ISO 4217 code like CNY' },
      { path: 'window.from', message: 'must be a date YYYY-MM-DD' },
    ]);
    expect(
      errorsOf(codec, {
        price: { amount: 5, currency: 'CNY' },
        window: { from: '2026-02-01', to: '2026-01-01' },
      }),
    ).toEqual([{ path: 'window.to', message: 'must not be before from (2026-02-01)' }]);
    expect(errorsOf(codec, [])).toEqual([{ path: '', message: 'must be an object' }]);
    expect(errorsOf(codec, {})).toEqual([
      { path: 'price', message: 'is required' },
      { path: 'window', message: 'is required' },
    ]);
  });

  it('recognise valid values with is() and encode them back', () => {
    const codec = struct('X', { price: Money }, { note: t.string });
    expect(codec.is({ price: { amount: 5, currency: 'CNY' } })).toBe(true);
    expect(codec.is({ price: { amount: 5, currency: 'CNY' }, other: 1 })).toBe(false);
    expect(codec.encode({ price: { amount: 5, currency: 'CNY' }, note: 'n' })).toEqual({
      price: { amount: 5, currency: 'CNY' },
      note: 'n',
    });
    expect(DateRange.is({ from: '2026-01-01', to: '2026-01-01' })).toBe(true);
    expect(DateRange.is({ from: '2026-01-02', to: '2026-01-01' })).toBe(false);
    expect(Peak.is({ from: '2026-01-01', to: '2026-02-01', upliftBp: 15000 })).toBe(true);
    expect(errorsOf(Peak, { from: '2026-03-01', to: '2026-02-01', upliftBp: 15000 })).toEqual([
      { path: 'to', message: 'must not be before from (2026-03-01)' },
    ]);
    expect(errorsOf(oneOf('Colour', ['RED', 'BLUE']), 'GREEN')).toEqual([
      { path: '', message: 'must be one of RED, BLUE' },
    ]);
  });

  it('normalise timestamps to UTC with milliseconds and refuse one without a zone', () => {
    expect(IsoDateTime.decode('2026-03-01T08:00:00+08:00')).toEqual(E.right('2026-03-01T00:00:00.000Z'));
    expect(IsoDateTime.is('2026-03-01T00:00:00.000Z')).toBe(true);
    expect(errorsOf(IsoDateTime, '2026-03-01T08:00:00')[0]?.message).toMatch(/time zone/);
    expect(errorsOf(IsoDateTime, '2026-02-30T08:00:00Z')).toHaveLength(1);
    expect(IsoDate.is('2024-02-29')).toBe(true);
    expect(IsoDate.is('2025-02-29')).toBe(false);
    expect(Period.is('2026-12')).toBe(true);
    expect(Period.is('2026-13')).toBe(false);
  });
});

describe('calendar arithmetic', () => {
  it('adds days, months (clamped to the month end), hours and periods', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-01-15', -2)).toBe('2025-11-15');
    expect(addHours('2026-03-01T22:00:00.000Z', 4)).toBe('2026-03-02T02:00:00.000Z');
    expect(addPeriods('2026-11', 2)).toBe('2027-01');
    expect(periodsBetween('2025-11', '2026-02')).toBe(3);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    expect(endOfPeriod('2024-02')).toBe('2024-02-29');
  });

  it('answers inclusion and overlap of ranges, both ends inclusive', () => {
    const q1 = { from: '2026-01-01', to: '2026-03-31' };
    expect(within(q1, '2026-03-31')).toBe(true);
    expect(within(q1, '2026-04-01')).toBe(false);
    expect(rangeInside({ from: '2026-02-01', to: '2026-03-31' }, q1)).toBe(true);
    expect(rangeInside({ from: '2026-02-01', to: '2026-04-01' }, q1)).toBe(false);
    expect(rangesOverlap(q1, { from: '2026-03-31', to: '2026-05-01' })).toBe(true);
    expect(rangesOverlap(q1, { from: '2026-04-01', to: '2026-05-01' })).toBe(false);
  });
});

describe('money, basis points and tiers', () => {
  it('adds and compares money only in one currency', () => {
    expect(addMoney(money(100), money(-30))).toEqual(E.right(money(70)));
    expect(compareMoney(money(100), money(30))).toEqual(E.right(1));
    expect(compareMoney(money(30), money(30))).toEqual(E.right(0));
    expect(compareMoney(money(3), money(30))).toEqual(E.right(-1));
    const mismatch = addMoney(money(1), money(1, 'USD'));
    expect(E.isLeft(mismatch) && mismatch.left.code).toBe('CURRENCY_MISMATCH');
    expect(E.isLeft(compareMoney(money(1), money(1, 'USD')))).toBe(true);
  });

  it('applies basis points with integer arithmetic, rounding down', () => {
    expect(applyBp(999, 1200)).toBe(119);
    expect(applyBp(1000, 15000)).toBe(1500);
  });

  it('orders tiers NONE < C < B < A and knows policy v1 by its version', () => {
    expect(compareTiers('A', 'B')).toBeGreaterThan(0);
    expect(compareTiers('NONE', 'C')).toBeLessThan(0);
    expect(policyFor('v1')).toBe(POLICY_V1);
    expect(policyFor('v9')).toBeUndefined();
    expect(POLICY_V1.tiers.A.revenueFloor).toBe(300_000_000);
  });
});

describe('decisions', () => {
  it('takes the first failing check and folds events over a decider', () => {
    const error = domainError('SECOND', 'second');
    expect(
      firstError(
        () => undefined,
        () => error,
        () => domainError('THIRD', 'third'),
      ),
    ).toBe(error);
    expect(firstError(() => undefined)).toBeUndefined();
    expect(fold({ initialState: 0, evolve: (s: number, e: number) => s + e }, [1, 2, 3])).toBe(6);
    expect(kebabCase('AssignAccountManager')).toBe('assign-account-manager');
  });
});
