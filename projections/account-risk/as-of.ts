// An account_risk row as of a day: the factors measured from the dated records of the document
// (tier_status's own as-of figures for the account's side), scored by the policy's weights
// (domain/process/risk-score.ts), with the revenue at risk and the share of the region.
import {
  addDays,
  addPeriods,
  daysBetween,
  FULL_BP,
  lookup,
  type AccountStatus,
  type Industry,
  type IsoDate,
  type Period,
  type Policy,
  type RiskTerms,
  type Tier,
} from '../../domain/kernel/index.js';
import { assessRisk, reasonText, type RiskMeasures } from '../../domain/process/index.js';
import { tierStatusAsOf, type TierStatus } from '../tier-status/index.js';
import type { AccountRiskDoc, RiskBatch } from './documents.js';

export type RiskFlag = 'CONCENTRATION' | 'VISIT_OVERDUE';

export interface AccountRisk {
  readonly accountId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly region: string;
  readonly managerId: string | null;
  readonly tier: Tier;
  readonly accountStatus: AccountStatus;
  readonly score: number | null;
  readonly atRisk: boolean;
  readonly reasons: readonly string[];
  readonly t12mAmount: number;
  readonly revenueAtRisk: number | null;
  readonly currency: string;
  readonly revenueRecent: number;
  readonly revenueCompared: number | null;
  readonly revenueTrendPct: number | null;
  readonly averageFeedback90d: number | null;
  readonly averageSatisfaction90d: number | null;
  readonly slaBreaches: number;
  readonly stockOuts: number;
  readonly allocationCuts: number;
  readonly lateDeliveries: number;
  readonly lastVisitOn: IsoDate | null;
  readonly visitOverdue: boolean;
  readonly openActions: number;
  readonly overdueActions: number;
  readonly regionRevenueSharePct: number | null;
  readonly concentration: boolean;
  readonly flags: readonly RiskFlag[];
  readonly policyVersion: string;
}

const twoDecimals = (value: number): number => Math.round(value * 100) / 100 + 0;

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

const amountOf = (doc: AccountRiskDoc, period: Period): number | undefined =>
  lookup(doc.account.revenue, period)?.amount;

/**
 * The recent closed months against the same months a year (the policy's span) before: only the
 * months recorded a year before are compared, so a young account shows no trend (null).
 */
const revenueTrend = (
  doc: AccountRiskDoc,
  lastClosed: Period,
  terms: RiskTerms,
): { readonly recent: number; readonly compared: number | null } => {
  const months = Array.from({ length: terms.revenueTrend.recentMonths }, (_, i) =>
    addPeriods(lastClosed, -i),
  );
  const recent = sum(months.map((period) => amountOf(doc, period) ?? 0));
  const pairs = months
    .map((period) => ({
      period,
      before: amountOf(doc, addPeriods(period, -terms.revenueTrend.comparedMonthsBack)),
    }))
    .filter((pair): pair is { period: Period; before: number } => pair.before !== undefined);
  if (pairs.length === 0) return { recent, compared: null };
  return {
    recent: sum(pairs.map(({ period }) => amountOf(doc, period) ?? 0)),
    compared: sum(pairs.map(({ before }) => before)),
  };
};

/** The days in (asOf − window, asOf]. */
const inWindow = (days: readonly IsoDate[], asOf: IsoDate, windowDays: number): number => {
  const since = addDays(asOf, -windowDays);
  return days.filter((day) => day > since && day <= asOf).length;
};

/**
 * Late: delivered after its ETA within the window (after `since`), or past its ETA and short
 * while its commitment is open. Every batch the account ever had is asked, each row: one pass.
 */
const lateOn = (doc: AccountRiskDoc, batch: RiskBatch, asOf: IsoDate, since: IsoDate): boolean => {
  if (batch.scheduledOn > asOf) return false;
  let delivered = 0;
  for (const delivery of batch.deliveries) {
    if (delivery.on > asOf) continue;
    if (delivery.on > batch.eta && delivery.on > since) return true;
    delivered += delivery.qty;
  }
  const closedOn = lookup(doc.closedCommitments, batch.commitmentId);
  const open = closedOn === undefined || closedOn > asOf;
  return open && batch.eta < asOf && delivered < batch.qty;
};

/** The batches late on `asOf` within the window. */
const lateDeliveries = (doc: AccountRiskDoc, asOf: IsoDate, windowDays: number): number => {
  const since = addDays(asOf, -windowDays);
  let late = 0;
  for (const batch of Object.values(doc.batches)) if (lateOn(doc, batch, asOf, since)) late += 1;
  return late;
};

/** The account's revenue of the 12 closed months over its region's, in basis points; null when the region has none. */
const regionShareBp = (doc: AccountRiskDoc, lastClosed: Period): number | null => {
  const months = Array.from({ length: 12 }, (_, i) => addPeriods(lastClosed, -i));
  const own = sum(months.map((period) => amountOf(doc, period) ?? 0));
  const region = sum(months.map((period) => lookup(doc.regionRevenue, period) ?? 0));
  return region > 0 ? (own * FULL_BP) / region : null;
};

const measuresOf = (
  doc: AccountRiskDoc,
  status: TierStatus,
  trend: { readonly recent: number; readonly compared: number | null },
  asOf: IsoDate,
  policy: Policy,
  terms: RiskTerms,
): RiskMeasures => ({
  revenueRecent: trend.recent,
  revenueCompared: trend.compared,
  averageFeedback: status.averageFeedback90d,
  averageSatisfaction: status.averageSatisfaction90d,
  slaBreaches: status.slaBreaches,
  supplyShortfalls:
    inWindow(doc.stockOuts, asOf, terms.supplyWindowDays) +
    inWindow(doc.allocationCuts, asOf, terms.supplyWindowDays),
  lateDeliveries: lateDeliveries(doc, asOf, terms.supplyWindowDays),
  // Never visited: the cadence runs from the registration, as VISIT_OVERDUE's does.
  daysSinceVisit: daysBetween(status.lastVisitOn ?? doc.account.registeredOn, asOf),
  cadenceDays: policy.tiers[status.tier].contactCadenceDays,
  overdueActions: status.overdueActions,
});

/** The factors and the score as of `asOf`; null where the policy scores no risk (v1). */
export const riskMeasuresAsOf = (
  doc: AccountRiskDoc,
  asOf: IsoDate,
  policy: Policy,
): { readonly status: TierStatus; readonly measures: RiskMeasures | null } => {
  const status = tierStatusAsOf(doc.account, asOf, policy);
  const terms = policy.risk;
  if (terms === null) return { status, measures: null };
  const trend = revenueTrend(doc, status.t12mPeriod, terms);
  return { status, measures: measuresOf(doc, status, trend, asOf, policy, terms) };
};

export const accountRiskAsOf = (doc: AccountRiskDoc, asOf: IsoDate, policy: Policy): AccountRisk => {
  const { status, measures } = riskMeasuresAsOf(doc, asOf, policy);
  const terms = policy.risk;
  const assessment = measures === null || terms === null ? null : assessRisk(measures, terms);
  // A LOST account keeps its figures but raises no flags (tier_status's VISIT_OVERDUE is already off).
  const flags = status.status !== 'LOST';
  const shareBp = regionShareBp(doc, status.t12mPeriod);
  const concentration = flags && terms !== null && shareBp !== null && shareBp >= terms.concentrationBp;
  const trend =
    measures === null ? null : { recent: measures.revenueRecent, compared: measures.revenueCompared };
  return {
    accountId: doc.accountId,
    name: status.name,
    industry: status.industry,
    region: status.region,
    managerId: status.managerId,
    tier: status.tier,
    accountStatus: status.status,
    score: assessment?.score ?? null,
    atRisk: flags && assessment !== null && terms !== null && assessment.score >= terms.thresholdScore,
    reasons: assessment?.reasons.map(reasonText) ?? [],
    t12mAmount: status.t12mAmount,
    revenueAtRisk: assessment === null ? null : Math.round((status.t12mAmount * assessment.score) / 100),
    currency: status.currency,
    revenueRecent: trend?.recent ?? 0,
    revenueCompared: trend?.compared ?? null,
    revenueTrendPct:
      trend === null || trend.compared === null || trend.compared <= 0
        ? null
        : twoDecimals(((trend.recent - trend.compared) * 100) / trend.compared),
    averageFeedback90d: status.averageFeedback90d,
    averageSatisfaction90d: status.averageSatisfaction90d,
    slaBreaches: status.slaBreaches,
    stockOuts: terms === null ? 0 : inWindow(doc.stockOuts, asOf, terms.supplyWindowDays),
    allocationCuts: terms === null ? 0 : inWindow(doc.allocationCuts, asOf, terms.supplyWindowDays),
    lateDeliveries: measures?.lateDeliveries ?? 0,
    lastVisitOn: status.lastVisitOn,
    visitOverdue: status.visitOverdue,
    openActions: status.openActions,
    overdueActions: status.overdueActions,
    regionRevenueSharePct: shareBp === null ? null : twoDecimals(shareBp / 100),
    concentration,
    flags: [
      ...(concentration ? (['CONCENTRATION'] as const) : []),
      ...(status.visitOverdue ? (['VISIT_OVERDUE'] as const) : []),
    ],
    policyVersion: policy.version,
  };
};
