// Tiering rules, pure: trailing-12-month revenue (T12M), the tier it qualifies for, and the
// move from the current tier with hysteresis (up at once, down only after a below-floor streak).
import {
  addPeriods,
  applyBp,
  compareTiers,
  periodsBetween,
  TIERS_DESCENDING,
  type Period,
  type Policy,
  type Tier,
} from '../kernel/index.js';

/** Revenue by period in minor units of the policy's currency. */
export type RevenueByPeriod = Readonly<Record<Period, { readonly amount: number }>>;

const recordedBetween = (
  revenue: RevenueByPeriod,
  from: Period,
  to: Period,
): ReadonlyArray<readonly [Period, { readonly amount: number }]> =>
  Object.entries(revenue).filter(([period]) => period >= from && period <= to);

/**
 * Months of history an evaluation of `asOfPeriod` sees: from the first recorded period up to
 * and including `asOfPeriod`, capped at the window. 0 when nothing is recorded by then.
 */
export const historyMonths = (revenue: RevenueByPeriod, asOfPeriod: Period, windowMonths: number): number => {
  const periods = recordedBetween(revenue, '0000-01', asOfPeriod).map(([period]) => period);
  if (periods.length === 0) return 0;
  const first = periods.reduce((a, b) => (b < a ? b : a));
  return Math.min(periodsBetween(first, asOfPeriod) + 1, windowMonths);
};

/** Sum of the revenue recorded in the `windowMonths` months ending with `asOfPeriod`. */
export const trailingSum = (revenue: RevenueByPeriod, asOfPeriod: Period, windowMonths: number): number => {
  const windowStart = addPeriods(asOfPeriod, -(windowMonths - 1));
  return recordedBetween(revenue, windowStart, asOfPeriod).reduce(
    (sum, [, record]) => sum + record.amount,
    0,
  );
};

/** The highest tier whose floor the revenue reaches. */
export const qualifyingTier = (t12m: number, policy: Policy): Tier =>
  TIERS_DESCENDING.find((tier) => policy.tiers[tier].revenueFloor <= t12m) ?? 'NONE';

export interface RevenueEvaluation {
  readonly historyMonths: number;
  /** Annualised when history is shorter than the window; the plain sum when too short to qualify. */
  readonly t12m: number;
  readonly qualifiedTier: Tier;
}

/**
 * T12M as of a closed month. Under `minHistoryMonths` of history nothing qualifies (too little
 * to judge); with a partial year the sum is annualised (× window / n, rounded down) so a new
 * account is not held down for a year; with a full window it is the plain sum.
 */
export const evaluateRevenue = (
  revenue: RevenueByPeriod,
  asOfPeriod: Period,
  policy: Policy,
): RevenueEvaluation => {
  const { windowMonths, minHistoryMonths } = policy.tiering;
  const months = historyMonths(revenue, asOfPeriod, windowMonths);
  const sum = trailingSum(revenue, asOfPeriod, windowMonths);
  if (months < minHistoryMonths) return { historyMonths: months, t12m: sum, qualifiedTier: 'NONE' };
  const t12m = months >= windowMonths ? sum : Math.floor((sum * windowMonths) / months);
  return { historyMonths: months, t12m, qualifiedTier: qualifyingTier(t12m, policy) };
};

/** Below this T12M an evaluation counts toward demoting from `tier` (90 % of its floor in v1). */
export const demotionThreshold = (tier: Tier, policy: Policy): number =>
  applyBp(policy.tiers[tier].revenueFloor, policy.tiering.demotionThresholdBp);

export type TierMove =
  | { readonly kind: 'PROMOTE'; readonly to: Tier }
  | { readonly kind: 'DEMOTE'; readonly to: Tier }
  /** Only the below-floor streak moves (it grows, or resets from > 0 to 0). */
  | { readonly kind: 'STREAK'; readonly belowFloorStreak: number }
  | { readonly kind: 'UNCHANGED' };

/**
 * Up at once; down only on the `demotionAfterEvaluations`-th consecutive evaluation below the
 * threshold of the CURRENT tier, and then straight to the qualified tier. Hysteresis keeps one
 * weak month from costing an account its discounts.
 */
export const nextTierMove = (
  current: Tier,
  belowFloorStreak: number,
  evaluation: RevenueEvaluation,
  policy: Policy,
): TierMove => {
  if (compareTiers(evaluation.qualifiedTier, current) > 0) {
    return { kind: 'PROMOTE', to: evaluation.qualifiedTier };
  }
  if (evaluation.t12m < demotionThreshold(current, policy)) {
    const streak = belowFloorStreak + 1;
    return streak >= policy.tiering.demotionAfterEvaluations
      ? { kind: 'DEMOTE', to: evaluation.qualifiedTier }
      : { kind: 'STREAK', belowFloorStreak: streak };
  }
  return belowFloorStreak > 0 ? { kind: 'STREAK', belowFloorStreak: 0 } : { kind: 'UNCHANGED' };
};

export type EvaluationRule =
  | 'PROMOTION'
  | 'DEMOTION_AFTER_HYSTERESIS'
  | 'BELOW_DEMOTION_THRESHOLD'
  | 'WITHIN_HYSTERESIS'
  | 'FLOOR_MET'
  | 'INSUFFICIENT_HISTORY';

/** Why an evaluation gave its move: the name an auditor reads on TierEvaluated. */
export const evaluationRule = (
  current: Tier,
  evaluation: RevenueEvaluation,
  move: TierMove,
  policy: Policy,
): EvaluationRule => {
  if (move.kind === 'PROMOTE') return 'PROMOTION';
  if (move.kind === 'DEMOTE') return 'DEMOTION_AFTER_HYSTERESIS';
  if (evaluation.t12m < demotionThreshold(current, policy)) return 'BELOW_DEMOTION_THRESHOLD';
  if (evaluation.historyMonths < policy.tiering.minHistoryMonths) return 'INSUFFICIENT_HISTORY';
  return evaluation.qualifiedTier === current ? 'FLOOR_MET' : 'WITHIN_HYSTERESIS';
};
