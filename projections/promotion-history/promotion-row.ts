// The promotion_history document (one per promotion) and its table: what the events said,
// plus the per-SKU sales and overlapping peaks the lookups keep up to date. Uplift and cost per
// extra unit are derived from those whenever a row is written, so a late stock report or
// a late result changes them without a second copy to keep in step.
import type { PromotionKind, PromotionStatus } from '../../domain/agreement/index.js';
import {
  applyBp,
  type DateRange,
  type Industry,
  type IsoDate,
  type Money,
  type Tier,
} from '../../domain/kernel/index.js';
import { collection } from '../projection.js';
import { costPerExtraUnit, servedUplift, upliftOf, type SkuSales, type Uplift } from './uplift.js';

export interface PromotionDoc {
  readonly promotionId: string;
  readonly agreementId: string;
  readonly accountId: string;
  /** At approval as PromotionApproved recorded it; until then the effective tier when proposed. */
  readonly tier: Tier | null;
  readonly industry: Industry | null;
  readonly kind: PromotionKind;
  readonly window: DateRange;
  readonly skus: readonly string[];
  readonly plannedQty: number;
  readonly actualQty: number | null;
  readonly budget: Money;
  /** Same currency as the budget: the decider refuses another. */
  readonly actualCost: Money | null;
  readonly concessionBp: number;
  readonly fundingSplitBp: number;
  readonly status: PromotionStatus;
  readonly proposedOn: IsoDate;
  readonly approvedOn: IsoDate | null;
  readonly cancelledOn: IsoDate | null;
  readonly cancelReason: string | null;
  readonly resultRecordedOn: IsoDate | null;
  /** From PromotionApproved: the total concession cap of the tier, and how much of it was used. */
  readonly concessionCapBp: number | null;
  readonly concessionUsedBp: number | null;
  /** Per SKU of the promotion that has sales data on either side. */
  readonly sales: Readonly<Record<string, SkuSales>>;
  /** `from/to` of the peaks of the account's commitments for these SKUs that overlap the window. */
  readonly overlappingPeaks: readonly string[];
  /** `from/to` of those peaks that overlap the 28 days before the window: the baseline is de-seasonalised. */
  readonly baselinePeaks: readonly string[];
}

/** `YYYY-Qn` of a date. */
export const quarterOf = (date: IsoDate): string =>
  `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;

export interface Derived extends Uplift {
  readonly quarter: string;
  readonly concessionHeadroomBp: number | null;
  /** Our share of the actual cost, by the funding split, rounded down: the account funds the rest. */
  readonly ourActualCostAmount: number | null;
  readonly costPerExtraUnitAmount: number | null;
  readonly ourCostPerExtraUnitAmount: number | null;
  readonly negativeUplift: boolean;
  readonly overlapsPeak: boolean;
  readonly baselineOverlapsPeak: boolean;
}

/** What the row shows beyond the stored facts; shared by the table and the presented row. */
export const derive = (doc: PromotionDoc): Derived => {
  // Rounded once, here, so the table, the presented row and the flags show the same figures.
  const uplift = servedUplift(upliftOf(doc.skus, doc.sales));
  const ourActualCost = doc.actualCost === null ? null : applyBp(doc.actualCost.amount, doc.fundingSplitBp);
  return {
    ...uplift,
    quarter: quarterOf(doc.window.from),
    concessionHeadroomBp:
      doc.concessionCapBp === null || doc.concessionUsedBp === null
        ? null
        : doc.concessionCapBp - doc.concessionUsedBp,
    ourActualCostAmount: ourActualCost,
    // Over the extra units as served (whole units), so the row's own figures reproduce them.
    costPerExtraUnitAmount: costPerExtraUnit(doc.actualCost?.amount ?? null, uplift.extraUnits),
    ourCostPerExtraUnitAmount: costPerExtraUnit(ourActualCost, uplift.extraUnits),
    negativeUplift: uplift.uplift !== null && uplift.uplift < 0,
    overlapsPeak: doc.overlappingPeaks.length > 0,
    baselineOverlapsPeak: doc.baselinePeaks.length > 0,
  };
};

const flag = (value: boolean): number => (value ? 1 : 0);

export const promotionsCollection = collection<PromotionDoc>({
  table: 'promotion_history',
  key: 'promotion_key',
  columns: [
    { name: 'promotion_id', type: 'TEXT', description: 'The promotion (unique within its agreement).' },
    { name: 'agreement_id', type: 'TEXT', description: 'The agreement the promotion belongs to.' },
    { name: 'account_id', type: 'TEXT', description: 'The account.' },
    {
      name: 'tier',
      type: 'TEXT',
      description: 'The account’s effective tier at approval; before approval, when proposed.',
    },
    { name: 'industry', type: 'TEXT', description: 'The account’s industry.' },
    { name: 'kind', type: 'TEXT', description: 'JOINT_PROMOTION, PRICE_CONCESSION or EVENT_SUPPORT.' },
    { name: 'window_from', type: 'TEXT', description: 'First day of the promotion window (YYYY-MM-DD).' },
    { name: 'window_to', type: 'TEXT', description: 'Last day of the promotion window, included.' },
    { name: 'quarter', type: 'TEXT', description: 'YYYY-Qn of the window’s first day.' },
    { name: 'skus', type: 'TEXT', description: 'The SKUs promoted, a JSON array.' },
    { name: 'planned_qty', type: 'INTEGER', description: 'Quantity planned.' },
    { name: 'actual_qty', type: 'INTEGER', description: 'Quantity recorded as the result; null before.' },
    { name: 'currency', type: 'TEXT', description: 'Currency of the budget and the actual cost.' },
    { name: 'budget_amount', type: 'INTEGER', description: 'Budget in minor units.' },
    {
      name: 'actual_cost_amount',
      type: 'INTEGER',
      description: 'Actual cost in minor units; null before a result.',
    },
    {
      name: 'funding_split_bp',
      type: 'INTEGER',
      description: 'Our share of the cost, basis points (the account funds the rest).',
    },
    {
      name: 'our_actual_cost_amount',
      type: 'INTEGER',
      description:
        'Our share of the actual cost by the funding split, rounded down, minor units; null before a result.',
    },
    { name: 'status', type: 'TEXT', description: 'PROPOSED, APPROVED or CANCELLED.' },
    { name: 'result_recorded', type: 'INTEGER', description: '1 once a result was recorded, else 0.' },
    { name: 'proposed_on', type: 'TEXT', description: 'Day the promotion was proposed.' },
    { name: 'approved_on', type: 'TEXT', description: 'Day it was approved; null if not.' },
    { name: 'cancelled_on', type: 'TEXT', description: 'Day it was cancelled; null if not.' },
    { name: 'cancel_reason', type: 'TEXT', description: 'Why it was cancelled; null if not.' },
    { name: 'result_recorded_on', type: 'TEXT', description: 'Day its result was recorded; null before.' },
    { name: 'concession_bp', type: 'INTEGER', description: 'Concession granted by the promotion, bp.' },
    {
      name: 'concession_used_bp',
      type: 'INTEGER',
      description:
        'Base discount + approved concessions on the busiest day, this one included (at approval).',
    },
    {
      name: 'concession_cap_bp',
      type: 'INTEGER',
      description: 'Total concession cap of the tier at approval.',
    },
    { name: 'concession_headroom_bp', type: 'INTEGER', description: 'Cap − used at approval; null before.' },
    {
      name: 'baseline_daily_sales',
      type: 'REAL',
      description:
        'Units a day over the 28 days before the window, a peak day’s sales ÷ its uplift (SKUs with data on both sides), 2 decimals.',
    },
    {
      name: 'baseline_overlaps_peak',
      type: 'INTEGER',
      description:
        '1 when the 28 days before the window overlap a peak (the baseline is de-seasonalised), else 0.',
    },
    {
      name: 'seasonal_baseline_daily_sales',
      type: 'REAL',
      description:
        'The baseline rate × the peak uplift of each reported window day (1 outside a peak), a day, 2 decimals.',
    },
    {
      name: 'window_daily_sales',
      type: 'REAL',
      description: 'Units a day in the window as sold (same SKUs), 2 decimals.',
    },
    {
      name: 'extra_units',
      type: 'INTEGER',
      description: 'Units sold over the reported window days above the seasonal baseline, whole units.',
    },
    {
      name: 'uplift',
      type: 'REAL',
      description: 'Window ÷ seasonal baseline daily sales − 1, 2 decimals; null without data.',
    },
    { name: 'negative_uplift', type: 'INTEGER', description: '1 when uplift < 0, else 0.' },
    {
      name: 'cost_per_extra_unit_amount',
      type: 'INTEGER',
      description:
        'Actual cost ÷ extra units, rounded half up to whole minor units; null when extra units ≤ 0 or no result.',
    },
    {
      name: 'our_cost_per_extra_unit_amount',
      type: 'INTEGER',
      description:
        'Our share of the actual cost ÷ extra units, rounded half up to whole minor units; null when extra units ≤ 0 or no result.',
    },
    { name: 'overlaps_peak', type: 'INTEGER', description: '1 when the window overlaps a peak, else 0.' },
    {
      name: 'overlapping_peaks',
      type: 'TEXT',
      description:
        'The overlapping peak windows (from/to) of the account’s commitments for these SKUs, JSON.',
    },
  ],
  // One per documented query: the plain filters, the sort keys and the report groupings.
  indexes: [
    ['account_id'],
    ['agreement_id'],
    ['tier'],
    ['industry'],
    ['kind'],
    ['status'],
    ['quarter'],
    ['window_from'],
    ['window_to'],
    ['budget_amount'],
    ['actual_cost_amount'],
    ['uplift'],
    ['cost_per_extra_unit_amount'],
    ['our_cost_per_extra_unit_amount'],
    ['concession_headroom_bp'],
    // The flag filters (0/1), each in the order its question is asked in: the weakest promotions
    // by uplift, the windows on a peak and the de-seasonalised baselines by date.
    ['negative_uplift', 'uplift'],
    ['overlaps_peak', 'window_from'],
    ['baseline_overlaps_peak', 'window_from'],
  ],
  toRow: (doc) => {
    const d = derive(doc);
    return {
      promotion_id: doc.promotionId,
      agreement_id: doc.agreementId,
      account_id: doc.accountId,
      tier: doc.tier,
      industry: doc.industry,
      kind: doc.kind,
      window_from: doc.window.from,
      window_to: doc.window.to,
      quarter: d.quarter,
      skus: JSON.stringify(doc.skus),
      planned_qty: doc.plannedQty,
      actual_qty: doc.actualQty,
      currency: doc.budget.currency,
      budget_amount: doc.budget.amount,
      actual_cost_amount: doc.actualCost?.amount ?? null,
      funding_split_bp: doc.fundingSplitBp,
      our_actual_cost_amount: d.ourActualCostAmount,
      status: doc.status,
      result_recorded: flag(doc.resultRecordedOn !== null),
      proposed_on: doc.proposedOn,
      approved_on: doc.approvedOn,
      cancelled_on: doc.cancelledOn,
      cancel_reason: doc.cancelReason,
      result_recorded_on: doc.resultRecordedOn,
      concession_bp: doc.concessionBp,
      concession_used_bp: doc.concessionUsedBp,
      concession_cap_bp: doc.concessionCapBp,
      concession_headroom_bp: d.concessionHeadroomBp,
      baseline_daily_sales: d.baselineDailySales,
      baseline_overlaps_peak: flag(d.baselineOverlapsPeak),
      seasonal_baseline_daily_sales: d.seasonalBaselineDailySales,
      window_daily_sales: d.windowDailySales,
      extra_units: d.extraUnits,
      uplift: d.uplift,
      negative_uplift: flag(d.negativeUplift),
      cost_per_extra_unit_amount: d.costPerExtraUnitAmount,
      our_cost_per_extra_unit_amount: d.ourCostPerExtraUnitAmount,
      overlaps_peak: flag(d.overlapsPeak),
      overlapping_peaks: JSON.stringify(doc.overlappingPeaks),
    };
  },
});
