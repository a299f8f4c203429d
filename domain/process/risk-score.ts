// The early-warning score of an account (DOMAIN.md, Groups, relationship and early warning):
// each factor's severity, from 0 (no sign) to 1 (as bad as the policy counts), times its weight
// in the policy; the weights sum to 100, so the score runs from 0 to 100. Shares are reckoned in
// hundredths of a point and the score is their sum, so the reasons always add up to the score.
import { RISK_FACTORS, type RiskFactor, type RiskTerms } from '../kernel/index.js';

/** What the factors measure, as of one day (the read model and the process gather them alike). */
export interface RiskMeasures {
  /** Revenue of the recent closed months, minor units. */
  readonly revenueRecent: number;
  /** Of the same months a year before; null or 0: no trend to measure (too young an account). */
  readonly revenueCompared: number | null;
  /** Mean feedback (1–5) of the feedback window; null without any. */
  readonly averageFeedback: number | null;
  /** Mean satisfaction (1–5) with the requests resolved in the window; null without any. */
  readonly averageSatisfaction: number | null;
  readonly slaBreaches: number;
  /** Stock-outs reported and allocation cuts in the supply window. */
  readonly supplyShortfalls: number;
  /** Batches delivered late (or overdue) in the supply window. */
  readonly lateDeliveries: number;
  /** Days since the last visit or meeting; null where the policy keeps no cadence for the tier. */
  readonly daysSinceVisit: number | null;
  readonly cadenceDays: number | null;
  readonly overdueActions: number;
}

export interface RiskReason {
  readonly factor: RiskFactor;
  readonly weight: number;
  /** Its share of the score, to 2 decimals. */
  readonly share: number;
}

export interface RiskAssessment {
  /** 0–100, to 2 decimals: the sum of the reasons' shares. */
  readonly score: number;
  /** The factors that add to the score, the largest share first. */
  readonly reasons: readonly RiskReason[];
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** The fall of revenue against the same months a year before, as a share of the policy's full fall. */
const revenueTrend = (m: RiskMeasures, terms: RiskTerms): number => {
  if (m.revenueCompared === null || m.revenueCompared <= 0) return 0;
  const fall = 1 - m.revenueRecent / m.revenueCompared;
  return clamp01((fall * 10_000) / terms.revenueTrend.fullDeclineBp);
};

/** A mean at or above the content score adds nothing; a mean of 1 adds the full weight. */
const discontent = (average: number | null, terms: RiskTerms): number =>
  average === null ? 0 : clamp01((terms.contentScore - average) / (terms.contentScore - 1));

/** Overdue by a day counts half, overdue by a whole cadence more counts in full. */
const visitOverdue = (m: RiskMeasures): number => {
  if (m.daysSinceVisit === null || m.cadenceDays === null || m.daysSinceVisit <= m.cadenceDays) return 0;
  return 0.5 + 0.5 * clamp01((m.daysSinceVisit - m.cadenceDays) / m.cadenceDays);
};

const severities = (m: RiskMeasures, terms: RiskTerms): Record<RiskFactor, number> => ({
  REVENUE_TREND: revenueTrend(m, terms),
  FEEDBACK: discontent(m.averageFeedback, terms),
  SATISFACTION: discontent(m.averageSatisfaction, terms),
  SLA_BREACHES: clamp01(m.slaBreaches / terms.fullAt.slaBreaches),
  SUPPLY_SHORTFALLS: clamp01(m.supplyShortfalls / terms.fullAt.supplyShortfalls),
  LATE_DELIVERIES: clamp01(m.lateDeliveries / terms.fullAt.lateDeliveries),
  VISIT_OVERDUE: visitOverdue(m),
  OVERDUE_ACTIONS: clamp01(m.overdueActions / terms.fullAt.overdueActions),
});

export const assessRisk = (measures: RiskMeasures, terms: RiskTerms): RiskAssessment => {
  const severity = severities(measures, terms);
  const hundredths = RISK_FACTORS.map((factor) => ({
    factor,
    weight: terms.weights[factor],
    cents: Math.round(terms.weights[factor] * severity[factor] * 100),
  }));
  const total = hundredths.reduce((sum, { cents }) => sum + cents, 0);
  return {
    score: total / 100,
    reasons: hundredths
      .filter(({ cents }) => cents > 0)
      // Stable: equal shares keep the policy's order of the factors.
      .sort((a, b) => b.cents - a.cents)
      .map(({ factor, weight, cents }) => ({ factor, weight, share: cents / 100 })),
  };
};

/** A reason as the read model and the flag show it: `REVENUE_TREND 18.6/30` (share/weight). */
export const reasonText = ({ factor, share, weight }: RiskReason): string => `${factor} ${share}/${weight}`;

/** Whether the score is at or above the policy's threshold. */
export const atRisk = (assessment: RiskAssessment, terms: RiskTerms): boolean =>
  assessment.score >= terms.thresholdScore;
