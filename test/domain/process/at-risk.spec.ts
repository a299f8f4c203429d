// FlagAtRisk's decision: a command only when an ACTIVE account's score crosses the threshold
// since the previous month end, with a command id of the account and the month.
import { describe, expect, it } from 'vitest';
import { onRiskReview, type RiskAssessment, type RiskReview } from '../../../domain/process/index.js';

const scored = (score: number): RiskAssessment => ({
  score,
  reasons: score === 0 ? [] : [{ factor: 'REVENUE_TREND', weight: 30, share: score }],
});

const review = (over: Partial<RiskReview> = {}): RiskReview => ({
  accountId: 'acc-1',
  period: '2026-05',
  at: '2026-06-01T01:00:00.000Z',
  status: 'ACTIVE',
  before: scored(20),
  now: scored(30),
  thresholdScore: 25,
  policyVersion: 'v2',
  ...over,
});

describe('FlagAtRisk decision', () => {
  it('flags an ACTIVE account crossing the threshold, once per account and month end', () => {
    expect(onRiskReview(review())).toEqual([
      {
        commandId: 'flag-at-risk:2026-05:acc-1',
        aggregate: 'account',
        aggregateId: 'acc-1',
        command: {
          type: 'FlagAtRisk',
          data: {
            reason: 'Early warning: risk score 30 reached 25 (REVENUE_TREND 30/30)',
            risk: { score: 30, reasons: ['REVENUE_TREND 30/30'], policyVersion: 'v2' },
            at: '2026-06-01T01:00:00.000Z',
          },
        },
      },
    ]);
  });

  it('flags at the threshold itself, and an account without a previous month end', () => {
    expect(onRiskReview(review({ now: scored(25) }))).toHaveLength(1);
    expect(onRiskReview(review({ before: null }))).toHaveLength(1);
  });

  it('does not flag below the threshold, nor an account already above it at the previous month end', () => {
    expect(onRiskReview(review({ now: scored(24.99) }))).toEqual([]);
    expect(onRiskReview(review({ before: scored(25) }))).toEqual([]);
  });

  it.each(['PROSPECT', 'AT_RISK', 'LOST'] as const)('does not flag a %s account', (status) => {
    expect(onRiskReview(review({ status }))).toEqual([]);
  });
});
