// A tier_status row as of a day: every time-dependent value is computed here from the dated
// records of the document, with the domain's own rules (T12M, tier caps, the cap-breach test).
import { evaluateRevenue, visitOverdue } from '../../domain/account/index.js';
import { baseDiscountCapOf, totalConcessionCapOf } from '../../domain/agreement/index.js';
import {
  addDays,
  addPeriods,
  periodOf,
  type AccountStatus,
  type Industry,
  type IsoDate,
  type Period,
  type Policy,
  type Tier,
} from '../../domain/kernel/index.js';
import { agreementsAboveCap } from './cap-breach.js';
import type { TierStatusDoc } from './documents.js';
import {
  effectiveTierOn,
  effectiveTierSince,
  evaluatedTierOn,
  groupTieringOn,
  overrideOn,
} from './effective-tier.js';
import { floorNear, gapToNextFloor, type FloorSide, type NearFloor } from './floors.js';
import { twoDecimals } from './rounding.js';
import { lostOn, openOn, slaBreaches } from './sla.js';

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
  readonly groupId: string | null;
  readonly groupT12mAmount: number | null;
  readonly discountCapBp: number;
  readonly totalConcessionCapBp: number;
  readonly capBreach: boolean;
  readonly capBreachAgreementIds: readonly string[];
  readonly openRequests: number;
  readonly slaBreaches: number;
  readonly averageFeedback90d: number | null;
  readonly averageSatisfaction90d: number | null;
  readonly lastVisitOn: IsoDate | null;
  readonly visitCadenceDays: number | null;
  readonly visitOverdue: boolean;
  readonly openActions: number;
  readonly overdueActions: number;
  readonly policyVersion: string;
}

/** The latest visit or meeting known on `asOf` (logged by then). */
const lastVisitOn = (doc: TierStatusDoc, asOf: IsoDate): IsoDate | null =>
  doc.visits.reduce<IsoDate | null>(
    (last, visit) => (visit.loggedOn <= asOf && (last === null || visit.on > last) ? visit.on : last),
    null,
  );

/** The dues of the actions agreed and not completed as known on `asOf`. */
const openActionDues = (doc: TierStatusDoc, asOf: IsoDate): readonly IsoDate[] =>
  Object.values(doc.actions)
    .filter(
      (action) =>
        action.agreedLoggedOn <= asOf &&
        (action.completedLoggedOn === null || action.completedLoggedOn > asOf),
    )
    .map((action) => action.due);

/** The mean of the scores in the window's days ending with `asOf`, to 2 decimals; null without any. */
const averageScore = (scored: TierStatusDoc['feedback'], asOf: IsoDate, policy: Policy): number | null => {
  const windowStart = addDays(asOf, -policy.feedbackWindowDays);
  const scores = scored.filter((f) => f.on > windowStart && f.on <= asOf).map((f) => f.score);
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
  const flags = !lostOn(doc, asOf);
  const breaches = flags ? agreementsAboveCap(doc, tier, asOf, policy) : [];
  const lastVisit = lastVisitOn(doc, asOf);
  const openDues = openActionDues(doc, asOf);
  // Why a member holds its tier: the group its latest evaluation by then was tiered with.
  const group = groupTieringOn(doc, asOf);
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
    groupId: group?.groupId ?? null,
    groupT12mAmount: group?.t12mAmount ?? null,
    discountCapBp: baseDiscountCapOf(tier, policy),
    totalConcessionCapBp: totalConcessionCapOf(tier, policy),
    capBreach: breaches.length > 0,
    capBreachAgreementIds: breaches,
    openRequests: openOn(doc, asOf).length,
    slaBreaches: slaBreaches(doc, asOf),
    averageFeedback90d: averageScore(doc.feedback, asOf, policy),
    averageSatisfaction90d: averageScore(doc.satisfaction, asOf, policy),
    lastVisitOn: lastVisit,
    visitCadenceDays: policy.tiers[tier].contactCadenceDays,
    // Never visited: the cadence runs from the registration, not from the beginning of time.
    visitOverdue: flags && visitOverdue(lastVisit ?? doc.registeredOn, tier, asOf, policy),
    openActions: openDues.length,
    overdueActions: openDues.filter((due) => due < asOf).length,
    policyVersion: policy.version,
  };
};
