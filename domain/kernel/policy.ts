// The thresholds of the business are a versioned policy. Every event a policy decided
// records the policy's version, so a replay years later gives the same answer.
import { NonEmptyString } from './text.js';
import type { Tier } from './tier.js';

/** The version of the policy a decision was made under, as events record it. */
export const PolicyVersion = NonEmptyString;

export interface TierTerms {
  /** Trailing-12-month revenue at or above which an account earns this tier, in minor units. */
  readonly revenueFloor: number;
  readonly baseDiscountCapBp: number;
  /** Base discount + approved promotion concessions may not exceed this. */
  readonly totalConcessionCapBp: number;
  readonly safetyDays: number;
  readonly smallRequestSlaHours: number;
  /** A stock report older than this is STALE_DATA. */
  readonly staleAfterDays: number;
  /**
   * The longest the account may go without a visit or meeting before it is VISIT_OVERDUE
   * (感情交流); null where the policy keeps no cadence (tier NONE, and every tier under v1).
   */
  readonly contactCadenceDays: number | null;
}

/** The factors of the early-warning score (DOMAIN.md, Groups, relationship and early warning). */
export const RISK_FACTORS = [
  'REVENUE_TREND',
  'FEEDBACK',
  'SATISFACTION',
  'SLA_BREACHES',
  'SUPPLY_SHORTFALLS',
  'LATE_DELIVERIES',
  'VISIT_OVERDUE',
  'OVERDUE_ACTIONS',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

/**
 * How the early warning scores an account from 0 to 100: each factor's severity (0..1) times its
 * weight, the weights summing to 100. A factor reaches its full weight at the `fullAt` count.
 */
export interface RiskTerms {
  /** Points per factor; they sum to 100. */
  readonly weights: Readonly<Record<RiskFactor, number>>;
  /** A score at or above this is at risk (and the FlagAtRisk process flags the account). */
  readonly thresholdScore: number;
  /** An account with at least this share of its region's revenue (12 closed months) is CONCENTRATION. */
  readonly concentrationBp: number;
  readonly revenueTrend: {
    /** The last this many closed months … */
    readonly recentMonths: number;
    /** … against the same months this many months before (12: a year, so the season cancels out). */
    readonly comparedMonthsBack: number;
    /** A fall of this share scores the factor's full weight (less in proportion). */
    readonly fullDeclineBp: number;
  };
  /** A mean feedback or satisfaction score (1–5) at or above this adds no risk; 1 adds the full weight. */
  readonly contentScore: number;
  /** Stock-outs, allocation cuts and late deliveries are counted over this many days. */
  readonly supplyWindowDays: number;
  /** The counts at which a factor scores its full weight. */
  readonly fullAt: {
    readonly slaBreaches: number;
    readonly supplyShortfalls: number;
    readonly lateDeliveries: number;
    readonly overdueActions: number;
  };
}

export interface Policy {
  readonly version: string;
  /** The currency of the revenue floors. */
  readonly currency: string;
  readonly tiers: Readonly<Record<Tier, TierTerms>>;
  readonly largeRequestSlaHours: number;
  readonly tiering: {
    readonly windowMonths: number;
    /** With fewer months of history than this the tier is NONE; from it up to the window, revenue is annualised. */
    readonly minHistoryMonths: number;
    /** Demotion only below this share of the current floor … */
    readonly demotionThresholdBp: number;
    /** … for this many consecutive month-end evaluations. */
    readonly demotionAfterEvaluations: number;
    readonly overrideMaxMonths: number;
  };
  readonly agreement: {
    readonly maxValidityMonths: number;
    /** Days after an agreement's end during which its promotion results and rebates are still booked. */
    readonly settlementDays: number;
  };
  readonly supply: {
    /** Total scheduled ≤ committed × this / 10 000. */
    readonly scheduleToleranceBp: number;
  };
  readonly coverage: {
    readonly adsWindowDays: number;
    readonly adsMinDays: number;
    readonly overstockDays: number;
    /** A peak starting within lead time + this many days is checked for cover. */
    readonly peakHorizonDays: number;
  };
  readonly feedbackWindowDays: number;
  /** "Within 10 % of a floor". */
  readonly nearFloorBp: number;
  /** The early warning's weights and threshold; null where the policy scores no risk (v1). */
  readonly risk: RiskTerms | null;
}

const yuan = (n: number): number => n * 100;

export const POLICY_V1: Policy = {
  version: 'v1',
  currency: 'CNY',
  tiers: {
    A: {
      revenueFloor: yuan(3_000_000),
      baseDiscountCapBp: 2000,
      totalConcessionCapBp: 3000,
      safetyDays: 14,
      smallRequestSlaHours: 4,
      staleAfterDays: 7,
      contactCadenceDays: null,
    },
    B: {
      revenueFloor: yuan(1_000_000),
      baseDiscountCapBp: 1200,
      totalConcessionCapBp: 1800,
      safetyDays: 10,
      smallRequestSlaHours: 8,
      staleAfterDays: 14,
      contactCadenceDays: null,
    },
    C: {
      revenueFloor: yuan(200_000),
      baseDiscountCapBp: 600,
      totalConcessionCapBp: 1000,
      safetyDays: 7,
      smallRequestSlaHours: 24,
      staleAfterDays: 14,
      contactCadenceDays: null,
    },
    NONE: {
      revenueFloor: 0,
      baseDiscountCapBp: 0,
      totalConcessionCapBp: 0,
      safetyDays: 7,
      smallRequestSlaHours: 48,
      staleAfterDays: 14,
      contactCadenceDays: null,
    },
  },
  largeRequestSlaHours: 5 * 24,
  tiering: {
    windowMonths: 12,
    minHistoryMonths: 3,
    demotionThresholdBp: 9000,
    demotionAfterEvaluations: 2,
    overrideMaxMonths: 6,
  },
  agreement: { maxValidityMonths: 36, settlementDays: 90 },
  supply: { scheduleToleranceBp: 10_500 },
  coverage: { adsWindowDays: 28, adsMinDays: 7, overstockDays: 60, peakHorizonDays: 30 },
  feedbackWindowDays: 90,
  nearFloorBp: 1000,
  risk: null,
};

/**
 * v2 adds the contact cadence by tier (A every 30 days, B 90, C 180) and the early warning's
 * weights and threshold; everything v1 decided is unchanged, so an event recorded under v1
 * replays the same under either.
 */
export const POLICY_V2: Policy = {
  ...POLICY_V1,
  version: 'v2',
  tiers: {
    A: { ...POLICY_V1.tiers.A, contactCadenceDays: 30 },
    B: { ...POLICY_V1.tiers.B, contactCadenceDays: 90 },
    C: { ...POLICY_V1.tiers.C, contactCadenceDays: 180 },
    NONE: { ...POLICY_V1.tiers.NONE, contactCadenceDays: null },
  },
  risk: {
    // Revenue falling is the surest sign; the relationship and the service make up the rest.
    weights: {
      REVENUE_TREND: 30,
      FEEDBACK: 10,
      SATISFACTION: 10,
      SLA_BREACHES: 10,
      SUPPLY_SHORTFALLS: 10,
      LATE_DELIVERIES: 10,
      VISIT_OVERDUE: 10,
      OVERDUE_ACTIONS: 10,
    },
    thresholdScore: 35,
    concentrationBp: 1500,
    revenueTrend: { recentMonths: 3, comparedMonthsBack: 12, fullDeclineBp: 5000 },
    contentScore: 4,
    supplyWindowDays: 90,
    fullAt: { slaBreaches: 4, supplyShortfalls: 4, lateDeliveries: 3, overdueActions: 3 },
  },
};

/** Every policy the engine knows, by version: a replay looks up the version an event recorded. */
export const POLICIES: ReadonlyMap<string, Policy> = new Map([
  [POLICY_V1.version, POLICY_V1],
  [POLICY_V2.version, POLICY_V2],
]);

export const policyFor = (
  version: string,
  known: ReadonlyMap<string, Policy> = POLICIES,
): Policy | undefined => known.get(version);
