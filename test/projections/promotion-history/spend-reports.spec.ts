// The spend reports: by account, by tier (at the time) and by quarter of the window start —
// sums of budget, actual cost and our share of it, and counts, per currency. A cancelled
// promotion is counted but its budget, never spent, is not summed.
import { describe, expect, it } from 'vitest';
import { money } from '../../../domain/kernel/index.js';
import { portfolio } from './portfolio.js';
import { promotionApproved, promotionProposed, promotionResultRecorded, report, run } from './scenario.js';

const result = run(portfolio);

describe('spend reports', () => {
  it('spend-by-account', () => {
    expect(report(result, 'spend-by-account')).toEqual([
      {
        group: 'acc-1',
        currency: 'CNY',
        promotions: 2,
        cancelled: 0,
        withResult: 1,
        budgetAmount: 140_000,
        actualCostAmount: 93_000,
        ourActualCostAmount: 46_500,
      },
      {
        group: 'acc-2',
        currency: 'CNY',
        promotions: 1,
        cancelled: 1,
        withResult: 0,
        budgetAmount: 0,
        actualCostAmount: 0,
        ourActualCostAmount: 0,
      },
    ]);
  });

  it('spend-by-tier', () => {
    expect(report(result, 'spend-by-tier')).toEqual([
      {
        group: 'A',
        currency: 'CNY',
        promotions: 1,
        cancelled: 1,
        withResult: 0,
        budgetAmount: 0,
        actualCostAmount: 0,
        ourActualCostAmount: 0,
      },
      {
        group: 'B',
        currency: 'CNY',
        promotions: 2,
        cancelled: 0,
        withResult: 1,
        budgetAmount: 140_000,
        actualCostAmount: 93_000,
        ourActualCostAmount: 46_500,
      },
    ]);
  });

  it('spend-by-quarter', () => {
    expect(report(result, 'spend-by-quarter')).toEqual([
      {
        group: '2026-Q2',
        currency: 'CNY',
        promotions: 1,
        cancelled: 0,
        withResult: 1,
        budgetAmount: 100_000,
        actualCostAmount: 93_000,
        ourActualCostAmount: 46_500,
      },
      {
        group: '2026-Q3',
        currency: 'CNY',
        promotions: 1,
        cancelled: 1,
        withResult: 0,
        budgetAmount: 0,
        actualCostAmount: 0,
        ourActualCostAmount: 0,
      },
      {
        group: '2026-Q4',
        currency: 'CNY',
        promotions: 1,
        cancelled: 0,
        withResult: 0,
        budgetAmount: 40_000,
        actualCostAmount: 0,
        ourActualCostAmount: 0,
      },
    ]);
  });

  it('never adds amounts across currencies, and puts an unknown tier last', () => {
    const mixed = run([
      promotionProposed('P-1', { budget: money(500, 'USD') }),
      promotionApproved('P-1'),
      promotionResultRecorded('P-1', { actualCost: money(450, 'USD') }),
      promotionProposed('P-2', { budget: money(9_000) }),
      promotionProposed('P-3', { budget: money(1_000) }),
      promotionApproved('P-3', { tier: 'C', capBp: 1000, usedBp: 500 }),
    ]);
    expect(report(mixed, 'spend-by-tier')).toEqual([
      {
        group: 'B',
        currency: 'USD',
        promotions: 1,
        cancelled: 0,
        withResult: 1,
        budgetAmount: 500,
        actualCostAmount: 450,
        ourActualCostAmount: 225,
      },
      {
        group: 'C',
        currency: 'CNY',
        promotions: 1,
        cancelled: 0,
        withResult: 0,
        budgetAmount: 1_000,
        actualCostAmount: 0,
        ourActualCostAmount: 0,
      },
      // No account registration in this log: the tier of P-2 is unknown.
      {
        group: null,
        currency: 'CNY',
        promotions: 1,
        cancelled: 0,
        withResult: 0,
        budgetAmount: 9_000,
        actualCostAmount: 0,
        ourActualCostAmount: 0,
      },
    ]);
  });

  it('is empty over no rows', () => {
    expect(report(run([]), 'spend-by-account')).toEqual([]);
  });
});
