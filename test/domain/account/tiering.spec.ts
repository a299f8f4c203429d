import { describe, expect, it } from 'vitest';
import {
  demotionThreshold,
  evaluateRevenue,
  historyMonths,
  nextTierMove,
  qualifyingTier,
  trailingSum,
  type RevenueByPeriod,
} from '../../../domain/account/index.js';
import { addPeriods, POLICY_V1, type Policy } from '../../../domain/kernel/index.js';
import { yuan } from './builders.js';

const months = (from: string, amounts: readonly number[]): RevenueByPeriod =>
  Object.fromEntries(amounts.map((amount, i) => [addPeriods(from, i), { amount }]));

describe('history months', () => {
  it('is 0 when nothing is recorded up to the evaluated month', () => {
    expect(historyMonths({}, '2026-02', 12)).toBe(0);
    expect(historyMonths(months('2026-03', [1]), '2026-02', 12)).toBe(0);
  });

  it('counts from the first recorded month to the evaluated one, inclusive', () => {
    expect(historyMonths(months('2026-02', [1]), '2026-02', 12)).toBe(1);
    expect(historyMonths({ '2025-12': { amount: 1 }, '2026-02': { amount: 1 } }, '2026-02', 12)).toBe(3);
    expect(historyMonths({ '2025-06': { amount: 1 }, '2025-01': { amount: 1 } }, '2025-11', 12)).toBe(11);
  });

  it('is capped at the window', () => {
    expect(historyMonths(months('2020-01', [1]), '2026-02', 12)).toBe(12);
  });
});

describe('trailing sum', () => {
  it('sums the 12 months ending with the evaluated one, nothing before or after', () => {
    const revenue = {
      ...months('2025-02', [1000]),
      ...months('2025-03', Array(12).fill(10)),
      ...months('2026-03', [5000]),
    };
    expect(trailingSum(revenue, '2026-02', 12)).toBe(120);
    expect(trailingSum(revenue, '2026-03', 12)).toBe(110 + 5000);
  });

  it('crosses a year boundary', () => {
    expect(trailingSum(months('2025-11', [1, 2, 4, 8]), '2026-02', 3)).toBe(14);
  });
});

describe('qualifying tier', () => {
  it.each([
    [0, 'NONE'],
    [yuan(200_000) - 1, 'NONE'],
    [yuan(200_000), 'C'],
    [yuan(1_000_000) - 1, 'C'],
    [yuan(1_000_000), 'B'],
    [yuan(3_000_000) - 1, 'B'],
    [yuan(3_000_000), 'A'],
    [yuan(90_000_000), 'A'],
  ] as const)('qualifies %i minor units for %s', (t12m, tier) => {
    expect(qualifyingTier(t12m, POLICY_V1)).toBe(tier);
  });

  it('falls back to NONE below every floor of a policy whose NONE has a floor', () => {
    const strict: Policy = {
      ...POLICY_V1,
      tiers: { ...POLICY_V1.tiers, NONE: { ...POLICY_V1.tiers.NONE, revenueFloor: 10 } },
    };
    expect(qualifyingTier(5, strict)).toBe('NONE');
  });
});

describe('evaluating revenue', () => {
  it('qualifies NONE under 3 months of history, reporting the plain sum', () => {
    expect(
      evaluateRevenue(months('2026-01', [yuan(5_000_000), yuan(5_000_000)]), '2026-02', POLICY_V1),
    ).toEqual({
      historyMonths: 2,
      t12m: yuan(10_000_000),
      qualifiedTier: 'NONE',
    });
  });

  it('annualises 3 to 11 months, rounding down', () => {
    // 7 months of 10 minor units + 1: 71 × 12 / 7 = 121.7 → 121.
    const revenue = months('2025-08', [11, 10, 10, 10, 10, 10, 10]);
    expect(evaluateRevenue(revenue, '2026-02', POLICY_V1)).toEqual({
      historyMonths: 7,
      t12m: 121,
      qualifiedTier: 'NONE',
    });
    expect(
      evaluateRevenue(months('2025-12', [yuan(50_000), yuan(50_000), yuan(50_000)]), '2026-02', POLICY_V1),
    ).toEqual({
      historyMonths: 3,
      t12m: yuan(600_000),
      qualifiedTier: 'C',
    });
  });

  it('takes the plain sum with a full year', () => {
    expect(evaluateRevenue(months('2025-03', Array(12).fill(yuan(250_000))), '2026-02', POLICY_V1)).toEqual({
      historyMonths: 12,
      t12m: yuan(3_000_000),
      qualifiedTier: 'A',
    });
  });
});

describe('the next tier move', () => {
  const evaluation = (t12m: number) => ({
    historyMonths: 12,
    t12m,
    qualifiedTier: qualifyingTier(t12m, POLICY_V1),
  });

  it('puts the demotion threshold at 90 % of the current floor', () => {
    expect(demotionThreshold('A', POLICY_V1)).toBe(yuan(2_700_000));
    expect(demotionThreshold('B', POLICY_V1)).toBe(yuan(900_000));
    expect(demotionThreshold('C', POLICY_V1)).toBe(yuan(180_000));
    expect(demotionThreshold('NONE', POLICY_V1)).toBe(0);
  });

  it('promotes at once, whatever the streak', () => {
    expect(nextTierMove('C', 0, evaluation(yuan(1_000_000)), POLICY_V1)).toEqual({
      kind: 'PROMOTE',
      to: 'B',
    });
    expect(nextTierMove('C', 1, evaluation(yuan(3_000_000)), POLICY_V1)).toEqual({
      kind: 'PROMOTE',
      to: 'A',
    });
  });

  it('starts a streak below 90 % of the current floor', () => {
    expect(nextTierMove('B', 0, evaluation(yuan(900_000) - 1), POLICY_V1)).toEqual({
      kind: 'STREAK',
      belowFloorStreak: 1,
    });
  });

  it('demotes to the qualified tier when the streak reaches the policy’s count', () => {
    expect(nextTierMove('B', 1, evaluation(yuan(900_000) - 1), POLICY_V1)).toEqual({
      kind: 'DEMOTE',
      to: 'C',
    });
    expect(nextTierMove('A', 1, evaluation(0), POLICY_V1)).toEqual({ kind: 'DEMOTE', to: 'NONE' });
  });

  it('waits for as many evaluations as the policy says', () => {
    const patient: Policy = { ...POLICY_V1, tiering: { ...POLICY_V1.tiering, demotionAfterEvaluations: 3 } };
    expect(nextTierMove('B', 1, evaluation(0), patient)).toEqual({ kind: 'STREAK', belowFloorStreak: 2 });
    expect(nextTierMove('B', 2, evaluation(0), patient)).toEqual({ kind: 'DEMOTE', to: 'NONE' });
  });

  it('resets a running streak at or above the threshold, and stays put without one', () => {
    expect(nextTierMove('B', 1, evaluation(yuan(900_000)), POLICY_V1)).toEqual({
      kind: 'STREAK',
      belowFloorStreak: 0,
    });
    expect(nextTierMove('B', 0, evaluation(yuan(900_000)), POLICY_V1)).toEqual({ kind: 'UNCHANGED' });
    expect(nextTierMove('NONE', 0, evaluation(0), POLICY_V1)).toEqual({ kind: 'UNCHANGED' });
  });
});
