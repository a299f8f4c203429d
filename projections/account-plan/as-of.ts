// An account's plan of a year as of a day, and each of its SKUs: the plan in force then (the
// latest set by then; before the first was set, the first), what was achieved by then against
// it, the share of the year expected by then, and whether it is on pace.
import type { AccountStatus, Industry, IsoDate, Period, Tier } from '../../domain/kernel/index.js';
import { lookup } from '../../domain/kernel/index.js';
import { tierOn } from '../manager-scorecard/tier-history.js';
import type { AccountPlanDoc, Delivery, PlanSkuDoc, PlanTerms, RevenueEntry } from './documents.js';
import { closedDays, daysElapsed, daysInYear, lastClosedMonth, paceOf } from './pace.js';
import { twoDecimals } from '../tier-status/rounding.js';

export interface AccountPlanStatus {
  readonly planId: string;
  readonly accountId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly region: string;
  readonly managerId: string | null;
  readonly status: AccountStatus;
  readonly tier: Tier;
  readonly year: number;
  readonly planSetOn: IsoDate;
  readonly currency: string;
  readonly revenueTargetAmount: number;
  readonly revenueThrough: Period | null;
  readonly revenueToDateAmount: number;
  readonly shareAchieved: number;
  readonly expectedShare: number;
  readonly onPace: boolean;
  readonly gapToTargetAmount: number;
  readonly skusPlanned: number;
  readonly skusBehindPace: readonly string[];
  readonly promotionBudgetAmount: number;
  readonly promotionSpendAmount: number;
  readonly promotionBudgetUsed: number | null;
}

export interface PlanSkuStatus {
  readonly planSkuId: string;
  readonly accountId: string;
  readonly name: string;
  readonly region: string;
  readonly managerId: string | null;
  readonly year: number;
  readonly sku: string;
  readonly planSetOn: IsoDate;
  readonly targetQty: number | null;
  readonly deliveredQty: number;
  readonly shareAchieved: number | null;
  readonly expectedShare: number;
  readonly onPace: boolean | null;
  readonly gapQty: number | null;
  readonly offSeasonDays: number | null;
  readonly peakDays: number | null;
}

/** The plan in force on `day`: the latest set by then, else the first (the row exists from then on). */
const planOn = (plans: readonly PlanTerms[], day: IsoDate): PlanTerms => {
  const first = plans[0];
  if (first === undefined) throw new Error('a plan document has a plan');
  return plans.filter((plan) => plan.setOn <= day).at(-1) ?? first;
};

/** The year's revenue through its last closed month on `day`, each period's latest amount known by then. */
const revenueToDate = (revenue: readonly RevenueEntry[], through: Period | null, day: IsoDate): number => {
  if (through === null) return 0;
  const latest = new Map<Period, number>();
  for (const entry of revenue)
    if (entry.knownOn <= day && entry.period <= through) latest.set(entry.period, entry.amount);
  return [...latest.values()].reduce((sum, amount) => sum + amount, 0);
};

const deliveredBy = (deliveries: readonly Delivery[], sku: string, day: IsoDate): number =>
  deliveries.filter((d) => d.sku === sku && d.on <= day).reduce((sum, d) => sum + d.qty, 0);

const skuPace = (target: number | undefined, delivered: number, year: number, day: IsoDate) =>
  target === undefined ? undefined : paceOf(delivered, target, daysElapsed(year, day), year);

export const accountPlanAsOf = (doc: AccountPlanDoc, asOf: IsoDate): AccountPlanStatus => {
  const plan = planOn(doc.plans, asOf);
  const through = lastClosedMonth(doc.year, asOf);
  const achieved = revenueToDate(doc.revenue, through, asOf);
  const pace = paceOf(achieved, plan.revenueTarget, closedDays(doc.year, asOf), doc.year);
  const spend = doc.promotions
    .filter((p) => p.cost !== null && p.costKnownOn !== null && p.costKnownOn <= asOf)
    .reduce((sum, p) => sum + (p.cost ?? 0), 0);
  const skus = Object.keys(plan.skuTargets).sort();
  return {
    planId: doc.planId,
    accountId: doc.accountId,
    name: doc.name,
    industry: doc.industry,
    region: doc.region,
    managerId: doc.managerId,
    status: doc.status,
    tier: tierOn(doc.tiers, asOf),
    year: doc.year,
    planSetOn: plan.setOn,
    currency: plan.currency,
    revenueTargetAmount: plan.revenueTarget,
    revenueThrough: through,
    revenueToDateAmount: achieved,
    ...pace,
    gapToTargetAmount: plan.revenueTarget - achieved,
    skusPlanned: skus.length,
    skusBehindPace: skus.filter(
      (sku) =>
        skuPace(lookup(plan.skuTargets, sku), deliveredBy(doc.deliveries, sku, asOf), doc.year, asOf)
          ?.onPace === false,
    ),
    promotionBudgetAmount: plan.promotionBudget,
    promotionSpendAmount: spend,
    promotionBudgetUsed: plan.promotionBudget === 0 ? null : twoDecimals(spend / plan.promotionBudget),
  };
};

export const planSkuAsOf = (doc: PlanSkuDoc, asOf: IsoDate): PlanSkuStatus => {
  const plan = planOn(doc.plans, asOf);
  const target = lookup(plan.skuTargets, doc.sku);
  const stock = lookup(plan.stockTargets, doc.sku);
  const delivered = deliveredBy(doc.deliveries, doc.sku, asOf);
  const pace = skuPace(target, delivered, doc.year, asOf);
  return {
    planSkuId: doc.planSkuId,
    accountId: doc.accountId,
    name: doc.name,
    region: doc.region,
    managerId: doc.managerId,
    year: doc.year,
    sku: doc.sku,
    planSetOn: plan.setOn,
    targetQty: target ?? null,
    deliveredQty: delivered,
    shareAchieved: pace?.shareAchieved ?? null,
    expectedShare: twoDecimals(daysElapsed(doc.year, asOf) / daysInYear(doc.year)),
    onPace: pace?.onPace ?? null,
    gapQty: target === undefined ? null : target - delivered,
    offSeasonDays: stock?.offSeasonDays ?? null,
    peakDays: stock?.peakDays ?? null,
  };
};
