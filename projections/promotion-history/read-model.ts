// How the promotion_history table is served to analysts: every field of a row, the filters of
// its documented queries, its sort keys and the spend reports. Nothing in a row depends on the
// day it is asked for — the tier is the one at the time, the uplift is over the reports received
// — so `present` only reshapes the stored facts and what derives from them.
import { PROMOTION_KINDS } from '../../domain/agreement/index.js';
import { INDUSTRIES, TIERS_DESCENDING } from '../../domain/kernel/index.js';
import { readModel, type Field, type Filter, type PresentedRow, type ReadModel } from '../read-model.js';
import { PROMOTIONS } from './keys.js';
import { derive, type PromotionDoc } from './promotion-row.js';
import { promotionSkuLink } from './promotion-skus.js';
import { spendReports } from './spend-reports.js';

export const PROMOTION_STATUSES = ['PROPOSED', 'APPROVED', 'CANCELLED'] as const;

const field = (name: string, type: Field['type'], description: string, nullable = false): Field =>
  nullable ? { name, type, description, nullable } : { name, type, description };

export const fields: readonly Field[] = [
  field('promotionId', 'string', 'The promotion (unique within its agreement).'),
  field('agreementId', 'string', 'The agreement.'),
  field('accountId', 'string', 'The account.'),
  field('tier', 'string', 'The account’s effective tier at approval; before approval, when proposed.', true),
  field('industry', 'string', 'The account’s industry.', true),
  field('kind', 'string', 'JOINT_PROMOTION, PRICE_CONCESSION or EVENT_SUPPORT.'),
  field('windowFrom', 'string', 'First day of the window.'),
  field('windowTo', 'string', 'Last day of the window, included.'),
  field('quarter', 'string', 'YYYY-Qn of the window’s first day.'),
  field('skus', 'string[]', 'The SKUs promoted.'),
  field('plannedQty', 'integer', 'Quantity planned.'),
  field('actualQty', 'integer', 'Quantity recorded as the result.', true),
  field('currency', 'string', 'Currency of the budget and the actual cost.'),
  field('budgetAmount', 'integer', 'Budget, minor units.'),
  field('actualCostAmount', 'integer', 'Actual cost, minor units.', true),
  field('fundingSplitBp', 'integer', 'Our share of the cost, basis points (the account funds the rest).'),
  field(
    'ourActualCostAmount',
    'integer',
    'Our share of the actual cost by the funding split, rounded down, minor units.',
    true,
  ),
  field('status', 'string', 'PROPOSED, APPROVED or CANCELLED.'),
  field('resultRecorded', 'boolean', 'Whether a result was recorded.'),
  field('proposedOn', 'string', 'Day proposed.'),
  field('approvedOn', 'string', 'Day approved.', true),
  field('cancelledOn', 'string', 'Day cancelled.', true),
  field('cancelReason', 'string', 'Why it was cancelled.', true),
  field('resultRecordedOn', 'string', 'Day the result was recorded.', true),
  field('concessionBp', 'integer', 'Concession granted by the promotion, basis points.'),
  field('concessionUsedBp', 'integer', 'Base discount + concessions on the busiest day, at approval.', true),
  field('concessionCapBp', 'integer', 'Total concession cap of the tier, at approval.', true),
  field('concessionHeadroomBp', 'integer', 'Cap − used, at approval.', true),
  field(
    'baselineDailySales',
    'number',
    'Units a day over the 28 days before the window, a peak day’s sales ÷ its uplift, 2 decimals.',
    true,
  ),
  field(
    'baselineOverlapsPeak',
    'boolean',
    'The 28 days before the window overlap a peak: the baseline is de-seasonalised.',
  ),
  field(
    'seasonalBaselineDailySales',
    'number',
    'What the baseline rate sells a day over the window: × the peak’s uplift on peak days, 2 decimals.',
    true,
  ),
  field('windowDailySales', 'number', 'Units a day in the window as sold, 2 decimals.', true),
  field('extraUnits', 'integer', 'Units sold in the window above the seasonal baseline, whole units.', true),
  field('uplift', 'number', 'Window ÷ seasonal baseline daily sales − 1, 2 decimals.', true),
  field('negativeUplift', 'boolean', 'Uplift below zero.'),
  field(
    'costPerExtraUnitAmount',
    'integer',
    'Actual cost ÷ extra units, rounded half up to whole minor units; null when extra units ≤ 0 or no result.',
    true,
  ),
  field(
    'ourCostPerExtraUnitAmount',
    'integer',
    'Our share of the actual cost ÷ extra units, rounded half up to whole minor units; null when extra units ≤ 0 or no result.',
    true,
  ),
  field('overlapsPeak', 'boolean', 'The window overlaps a peak of the account’s commitments for these SKUs.'),
  field('overlappingPeaks', 'string[]', 'Those peak windows, as from/to.'),
];

export const present = (doc: PromotionDoc): PresentedRow => {
  const d = derive(doc);
  return {
    promotionId: doc.promotionId,
    agreementId: doc.agreementId,
    accountId: doc.accountId,
    tier: doc.tier,
    industry: doc.industry,
    kind: doc.kind,
    windowFrom: doc.window.from,
    windowTo: doc.window.to,
    quarter: d.quarter,
    skus: doc.skus,
    plannedQty: doc.plannedQty,
    actualQty: doc.actualQty,
    currency: doc.budget.currency,
    budgetAmount: doc.budget.amount,
    actualCostAmount: doc.actualCost?.amount ?? null,
    fundingSplitBp: doc.fundingSplitBp,
    ourActualCostAmount: d.ourActualCostAmount,
    status: doc.status,
    resultRecorded: doc.resultRecordedOn !== null,
    proposedOn: doc.proposedOn,
    approvedOn: doc.approvedOn,
    cancelledOn: doc.cancelledOn,
    cancelReason: doc.cancelReason,
    resultRecordedOn: doc.resultRecordedOn,
    concessionBp: doc.concessionBp,
    concessionUsedBp: doc.concessionUsedBp,
    concessionCapBp: doc.concessionCapBp,
    concessionHeadroomBp: d.concessionHeadroomBp,
    baselineDailySales: d.baselineDailySales,
    baselineOverlapsPeak: d.baselineOverlapsPeak,
    seasonalBaselineDailySales: d.seasonalBaselineDailySales,
    windowDailySales: d.windowDailySales,
    extraUnits: d.extraUnits,
    uplift: d.uplift,
    negativeUplift: d.negativeUplift,
    costPerExtraUnitAmount: d.costPerExtraUnitAmount,
    ourCostPerExtraUnitAmount: d.ourCostPerExtraUnitAmount,
    overlapsPeak: d.overlapsPeak,
    overlappingPeaks: doc.overlappingPeaks,
  };
};

const equals = (param: string, column: string, description: string, values?: readonly string[]): Filter => ({
  param,
  description,
  type: 'string',
  column: { name: column, op: 'eq' },
  ...(values === undefined ? {} : { values }),
});

/**
 * A boolean flag of the promotion: `true` keeps the rows that have it, `false` the others. It
 * does not move with asOf (derived from the stored facts), so its 0/1 column answers in SQL.
 */
const flagFilter = (param: string, column: string, description: string): Filter => ({
  param,
  description,
  type: 'boolean',
  values: ['true', 'false'],
  column: { name: column, op: 'eq' },
});

export const filters: readonly Filter[] = [
  equals('accountId', 'account_id', 'Promotions of this account.'),
  equals('agreementId', 'agreement_id', 'Promotions of this agreement.'),
  equals('tier', 'tier', 'Tier at the time.', TIERS_DESCENDING),
  equals('industry', 'industry', 'Industry of the account.', INDUSTRIES),
  equals('kind', 'kind', 'Kind of promotion.', PROMOTION_KINDS),
  equals('status', 'status', 'Status of the promotion.', PROMOTION_STATUSES),
  {
    param: 'sku',
    description: 'Promotions naming this SKU.',
    type: 'string',
    // skus is a JSON array in SQL, which no equality selects: the promotions naming a SKU are
    // found through their pairs (promotion_history_skus), the same as looking in the list.
    link: promotionSkuLink,
    matches: (row, value) => Array.isArray(row['skus']) && row['skus'].includes(value),
  },
  {
    param: 'from',
    description: 'Windows ending on or after this day (with `to`: windows overlapping the range).',
    type: 'date',
    column: { name: 'window_to', op: 'gte' },
  },
  {
    param: 'to',
    description: 'Windows starting on or before this day (with `from`: windows overlapping the range).',
    type: 'date',
    column: { name: 'window_from', op: 'lte' },
  },
  equals('quarter', 'quarter', 'Quarter of the window start, YYYY-Qn.'),
  flagFilter(
    'overlapsPeak',
    'overlaps_peak',
    'Windows overlapping a peak of the account’s commitments for these SKUs.',
  ),
  flagFilter(
    'baselineOverlapsPeak',
    'baseline_overlaps_peak',
    'Promotions whose 28 days before the window overlap a peak: their baseline is de-seasonalised.',
  ),
  flagFilter(
    'negativeUplift',
    'negative_uplift',
    'Promotions that sold less a day than the 28 days before, net of the season (uplift below 0 as served).',
  ),
];

export const promotionHistoryReadModel: ReadModel = readModel<PromotionDoc>({
  name: 'promotion-history',
  collection: PROMOTIONS,
  fields,
  present: (doc) => present(doc),
  filters,
  sortable: [
    'windowFrom',
    'budgetAmount',
    'actualCostAmount',
    'uplift',
    'costPerExtraUnitAmount',
    'ourCostPerExtraUnitAmount',
    // Concession used against the cap: the promotions closest to their tier's cap first.
    'concessionHeadroomBp',
  ],
  // A promotion's row does not move with asOf: every sort is a plain column's.
  sortColumns: {
    windowFrom: 'window_from',
    budgetAmount: 'budget_amount',
    actualCostAmount: 'actual_cost_amount',
    uplift: 'uplift',
    costPerExtraUnitAmount: 'cost_per_extra_unit_amount',
    ourCostPerExtraUnitAmount: 'our_cost_per_extra_unit_amount',
    concessionHeadroomBp: 'concession_headroom_bp',
  },
  reports: spendReports,
});
