// A tier_status row as of a day: every time-dependent value is computed here from the dated
// records of the document, with the domain's own rules (T12M, tier caps, the cap-breach test).
import { evaluateRevenue } from '../../domain/account/index.js';
import { baseDiscountCapOf, capBreach, totalConcessionCapOf } from '../../domain/agreement/index.js';
import {
  addDays,
  addMonths,
  addPeriods,
  dateOf,
  periodOf,
  type AccountStatus,
  type Industry,
  type IsoDate,
  type Period,
  type Policy,
  type Tier,
} from '../../domain/kernel/index.js';
import type { AgreementTerms, RequestTimes, TierStatusDoc } from './documents.js';
import { effectiveTierOn, effectiveTierSince, evaluatedTierOn, overrideOn } from './effective-tier.js';
import { floorNear, gapToNextFloor, type FloorSide, type NearFloor } from './floors.js';
import { twoDecimals } from './rounding.js';

export interface TierStatus {
  readonly accountId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly region: string;
  readonly managerId: string | null;
  readonly status: AccountStatus;
  readonly tier: Tier;
  readonly tierSince: IsoDate;
  readonly evaluatedTier: Tier;
  readonly overrideTier: Tier | null;
  readonly overrideUntil: IsoDate | null;
  readonly t12mPeriod: Period;
  readonly t12mAmount: number;
  readonly currency: string;
  readonly gapToNextFloor: number | null;
  readonly nearFloor: readonly NearFloor[];
  readonly nearFloorTier: Tier | null;
  readonly nearFloorSide: FloorSide | null;
  readonly nearFloorDistanceAmount: number | null;
  readonly nearFloorDistancePct: number | null;
  readonly belowFloorStreak: number;
  readonly discountCapBp: number;
  readonly totalConcessionCapBp: number;
  readonly capBreach: boolean;
  readonly capBreachAgreementIds: readonly string[];
  readonly openRequests: number;
  readonly slaBreaches: number;
  readonly averageFeedback90d: number | null;
}

/**
 * The most concession in force on one SKU on `day`: the approved promotions whose window holds
 * the day, added up per SKU (promotions on other SKUs or other days do not add up).
 */
const concessionInForce = (terms: AgreementTerms, day: IsoDate): number => {
  const bySku = new Map<string, number>();
  for (const promotion of Object.values(terms.promotions)) {
    if (promotion.status !== 'APPROVED' || day < promotion.window.from || day > promotion.window.to) continue;
    for (const sku of promotion.skus) bySku.set(sku, (bySku.get(sku) ?? 0) + promotion.concessionBp);
  }
  return Math.max(0, ...bySku.values());
};

/**
 * The DRAFT or ACTIVE agreements above the caps of `tier` on `asOf`: a base discount above the
 * base cap, or base + the concessions in force on any SKU that day above the total cap. An
 * agreement stops counting after its validTo even before its AgreementExpired is recorded: the
 * discount is only kept until then.
 */
const agreementsAboveCap = (doc: TierStatusDoc, tier: Tier, asOf: IsoDate, policy: Policy): string[] =>
  Object.entries(doc.agreements)
    .filter(
      ([, terms]) =>
        (terms.status === 'DRAFT' || terms.status === 'ACTIVE') &&
        terms.validTo >= asOf &&
        (capBreach(terms.baseDiscountBp, tier, policy) ||
          terms.baseDiscountBp + concessionInForce(terms, asOf) > totalConcessionCapOf(tier, policy)),
    )
    .map(([agreementId]) => agreementId)
    .sort();

/** Whether the account was LOST on `asOf` (from the day it was lost until the day it was reactivated). */
const lostOn = (doc: TierStatusDoc, asOf: IsoDate): boolean =>
  doc.lostSpans.some((span) => span.from <= asOf && (span.until === null || span.until > asOf));

/** The requests open on `asOf` as far as the document knows: those open now and those resolved late since. */
const openOn = (doc: TierStatusDoc, asOf: IsoDate): readonly RequestTimes[] => {
  const nextDay = `${addDays(asOf, 1)}T00:00:00.000Z`;
  return [
    ...Object.values(doc.openRequests),
    ...doc.lateResolutions.filter((late) => late.resolvedAt >= nextDay),
  ].filter((request) => request.openedAt < nextDay);
};

/**
 * The SLA breaches of the trailing 12 months: requests resolved late within them (by `asOf`),
 * plus the ones open and already past due when `asOf` begins (a request due later that day may
 * still be met) while the account is not LOST: a lost account's open requests are not served.
 */
const slaBreaches = (doc: TierStatusDoc, asOf: IsoDate): number => {
  const dayStart = `${asOf}T00:00:00.000Z`;
  const windowStart = addMonths(asOf, -12);
  const resolvedLate = doc.lateResolutions.filter((late) => {
    const day = dateOf(late.resolvedAt);
    return day > windowStart && day <= asOf;
  }).length;
  const openPastDue = lostOn(doc, asOf) ? 0 : openOn(doc, asOf).filter((r) => r.slaDueAt < dayStart).length;
  return resolvedLate + openPastDue;
};

/** The mean score of the window's days ending with `asOf`, to 2 decimals; null without feedback. */
const averageFeedback = (doc: TierStatusDoc, asOf: IsoDate, policy: Policy): number | null => {
  const windowStart = addDays(asOf, -policy.feedbackWindowDays);
  const scores = doc.feedback.filter((f) => f.on > windowStart && f.on <= asOf).map((f) => f.score);
  if (scores.length === 0) return null;
  return twoDecimals(scores.reduce((sum, score) => sum + score, 0) / scores.length);
};

export const tierStatusAsOf = (doc: TierStatusDoc, asOf: IsoDate, policy: Policy): TierStatus => {
  const tier = effectiveTierOn(doc, asOf);
  const override = overrideOn(doc, asOf);
  // T12M over closed months, as the month-end evaluation sees it: the month before asOf's.
  const t12mPeriod = addPeriods(periodOf(asOf), -1);
  const { t12m } = evaluateRevenue(doc.revenue, t12mPeriod, policy);
  const evaluatedTier = evaluatedTierOn(doc, asOf);
  const near = floorNear(t12m, evaluatedTier, policy);
  // A LOST account keeps its figures but raises no flags: its tier is frozen.
  const flags = doc.status !== 'LOST';
  const breaches = flags ? agreementsAboveCap(doc, tier, asOf, policy) : [];
  return {
    accountId: doc.accountId,
    name: doc.name,
    industry: doc.industry,
    region: doc.region,
    managerId: doc.managerId,
    status: doc.status,
    tier,
    tierSince: effectiveTierSince(doc, asOf),
    evaluatedTier,
    overrideTier: override?.tier ?? null,
    overrideUntil: override?.expiresOn ?? null,
    t12mPeriod,
    t12mAmount: t12m,
    currency: policy.currency,
    gapToNextFloor: gapToNextFloor(t12m, tier, policy),
    nearFloor: near !== null && flags ? [near.direction] : [],
    nearFloorTier: near?.tier ?? null,
    nearFloorSide: near?.side ?? null,
    nearFloorDistanceAmount: near?.distance ?? null,
    nearFloorDistancePct: near?.distancePct ?? null,
    belowFloorStreak: doc.belowFloorStreak,
    discountCapBp: baseDiscountCapOf(tier, policy),
    totalConcessionCapBp: totalConcessionCapOf(tier, policy),
    capBreach: breaches.length > 0,
    capBreachAgreementIds: breaches,
    openRequests: openOn(doc, asOf).length,
    slaBreaches: slaBreaches(doc, asOf),
    averageFeedback90d: averageFeedback(doc, asOf, policy),
  };
};
