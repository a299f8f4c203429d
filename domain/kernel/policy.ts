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
};

/**
 * v2 adds the contact cadence by tier (A every 30 days, B 90, C 180); everything v1 decided is
 * unchanged, so an event recorded under v1 replays the same under either.
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
