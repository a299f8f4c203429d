// The early-warning score: properties over any measures and any weights summing to 100 — the
// score stays within 0..100, the reasons' shares add up to it, and it never falls when one
// factor gets worse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskScore } from '../../../domain/account/index.js';
import { POLICY_V2, RISK_FACTORS, type RiskTerms } from '../../../domain/kernel/index.js';
import { assessRisk, type RiskMeasures } from '../../../domain/process/index.js';

const count = fc.nat({ max: 50 });
const mean = fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null });

const measures: fc.Arbitrary<RiskMeasures> = fc.record({
  revenueRecent: fc.nat({ max: 1e10 }),
  revenueCompared: fc.option(fc.nat({ max: 1e10 }), { nil: null }),
  averageFeedback: mean,
  averageSatisfaction: mean,
  slaBreaches: count,
  supplyShortfalls: count,
  lateDeliveries: count,
  daysSinceVisit: fc.option(fc.nat({ max: 2000 }), { nil: null }),
  cadenceDays: fc.option(fc.integer({ min: 1, max: 365 }), { nil: null }),
  overdueActions: count,
});

/** Any 8 weights summing to 100: cut points in 0..100. */
const weights = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 7, maxLength: 7 }).map((cuts) => {
  const points = [0, ...cuts.sort((a, b) => a - b), 100];
  return Object.fromEntries(RISK_FACTORS.map((factor, i) => [factor, points[i + 1]! - points[i]!]));
}) as fc.Arbitrary<RiskTerms['weights']>;

const terms: fc.Arbitrary<RiskTerms> = weights.map((w) => ({ ...POLICY_V2.risk!, weights: w }));

const cents = (n: number): number => Math.round(n * 100);

describe('the risk score', () => {
  it('stays within 0..100, a valid RiskScore, and its reasons add up to it', () => {
    fc.assert(
      fc.property(measures, terms, (m, t) => {
        const { score, reasons } = assessRisk(m, t);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(RiskScore.is(score)).toBe(true);
        expect(reasons.reduce((sum, reason) => sum + cents(reason.share), 0)).toBe(cents(score));
        for (const reason of reasons) {
          expect(reason.share).toBeGreaterThan(0);
          expect(reason.share).toBeLessThanOrEqual(reason.weight);
        }
      }),
    );
  });

  it('never falls when one factor gets worse', () => {
    const worse: readonly ((m: RiskMeasures) => RiskMeasures)[] = [
      (m) => ({ ...m, revenueRecent: Math.max(0, m.revenueRecent - 1000) }),
      (m) => ({
        ...m,
        averageFeedback: m.averageFeedback === null ? null : Math.max(1, m.averageFeedback - 0.5),
      }),
      (m) => ({
        ...m,
        averageSatisfaction: m.averageSatisfaction === null ? null : Math.max(1, m.averageSatisfaction - 0.5),
      }),
      (m) => ({ ...m, slaBreaches: m.slaBreaches + 1 }),
      (m) => ({ ...m, supplyShortfalls: m.supplyShortfalls + 1 }),
      (m) => ({ ...m, lateDeliveries: m.lateDeliveries + 1 }),
      (m) => ({ ...m, daysSinceVisit: m.daysSinceVisit === null ? null : m.daysSinceVisit + 7 }),
      (m) => ({ ...m, overdueActions: m.overdueActions + 1 }),
    ];
    fc.assert(
      fc.property(measures, terms, fc.constantFrom(...worse), (m, t, worsen) => {
        expect(assessRisk(worsen(m), t).score).toBeGreaterThanOrEqual(assessRisk(m, t).score);
      }),
    );
  });

  it('scores every factor at its worst 100, and nothing wrong 0', () => {
    const t = POLICY_V2.risk!;
    const worst: RiskMeasures = {
      revenueRecent: 0,
      revenueCompared: 100,
      averageFeedback: 1,
      averageSatisfaction: 1,
      slaBreaches: 9,
      supplyShortfalls: 9,
      lateDeliveries: 9,
      daysSinceVisit: 400,
      cadenceDays: 90,
      overdueActions: 9,
    };
    expect(assessRisk(worst, t).score).toBe(100);
    expect(assessRisk(worst, t).reasons).toHaveLength(8);
    const none: RiskMeasures = {
      ...worst,
      revenueRecent: 100,
      averageFeedback: 5,
      averageSatisfaction: null,
      slaBreaches: 0,
      supplyShortfalls: 0,
      lateDeliveries: 0,
      daysSinceVisit: 10,
      overdueActions: 0,
    };
    expect(assessRisk(none, t)).toEqual({ score: 0, reasons: [] });
  });
});

describe('the policy’s risk terms', () => {
  it('weigh the factors to 100 in v2, and put the threshold within it', () => {
    const t = POLICY_V2.risk!;
    expect(RISK_FACTORS.reduce((sum, factor) => sum + t.weights[factor], 0)).toBe(100);
    expect(t.thresholdScore).toBeGreaterThan(0);
    expect(t.thresholdScore).toBeLessThanOrEqual(100);
  });
});
