// The whole row of a promotion, column by column, as SQL shows it and as it is presented: once
// after its full life (proposed, approved, measured), once just proposed with nothing known yet.
import { describe, expect, it } from 'vitest';
import {
  accountRegistered,
  agreementDrafted,
  commitmentCreated,
  presentedOf,
  promotionApproved,
  promotionProposed,
  promotionResultRecorded,
  rowOf,
  rows,
  run,
  steadySales,
  tierChanged,
} from './scenario.js';

const fullLife = [
  accountRegistered(),
  tierChanged('NONE', 'B', '2026-01-31'),
  agreementDrafted(),
  commitmentCreated('c-1', 'SKU-1', { peak: { from: '2026-05-20', to: '2026-06-10', upliftBp: 15_000 } }),
  promotionProposed('P-1'),
  promotionApproved('P-1'),
  ...steadySales(),
  promotionResultRecorded('P-1'),
];

describe('a promotion row', () => {
  it('holds every column after proposal, approval, sales and result', () => {
    expect(rowOf(run(fullLife), 'P-1')).toEqual({
      promotion_key: 'agr-1/P-1',
      promotion_id: 'P-1',
      agreement_id: 'agr-1',
      account_id: 'acc-1',
      tier: 'B',
      industry: 'RETAIL',
      kind: 'JOINT_PROMOTION',
      window_from: '2026-05-01',
      window_to: '2026-05-31',
      quarter: '2026-Q2',
      skus: '["SKU-1"]',
      planned_qty: 500,
      actual_qty: 600,
      currency: 'CNY',
      budget_amount: 100_000,
      actual_cost_amount: 93_000,
      funding_split_bp: 5000,
      our_actual_cost_amount: 46_500,
      status: 'APPROVED',
      result_recorded: 1,
      proposed_on: '2026-03-10',
      approved_on: '2026-03-15',
      cancelled_on: null,
      cancel_reason: null,
      result_recorded_on: '2026-06-05',
      concession_bp: 500,
      concession_used_bp: 1500,
      concession_cap_bp: 1800,
      concession_headroom_bp: 300,
      // 280 units over the 28 days before the window, 620 over its 31 days, 12 of them (05-20 …
      // 05-31) in the peak: the baseline rate expects 10 × (19 + 12 × 1.5) = 370 units of them.
      baseline_daily_sales: 10,
      baseline_overlaps_peak: 0,
      seasonal_baseline_daily_sales: 11.94,
      window_daily_sales: 20,
      extra_units: 250,
      uplift: 0.68,
      negative_uplift: 0,
      // 93 000 ÷ (620 − 370).
      cost_per_extra_unit_amount: 372,
      // Our half of it: 46 500 ÷ 250.
      our_cost_per_extra_unit_amount: 186,
      overlaps_peak: 1,
      overlapping_peaks: '["2026-05-20/2026-06-10"]',
    });
  });

  it('is presented with camelCase fields, booleans and arrays', () => {
    expect(presentedOf(run(fullLife), 'P-1')).toEqual({
      promotionId: 'P-1',
      agreementId: 'agr-1',
      accountId: 'acc-1',
      tier: 'B',
      industry: 'RETAIL',
      kind: 'JOINT_PROMOTION',
      windowFrom: '2026-05-01',
      windowTo: '2026-05-31',
      quarter: '2026-Q2',
      skus: ['SKU-1'],
      plannedQty: 500,
      actualQty: 600,
      currency: 'CNY',
      budgetAmount: 100_000,
      actualCostAmount: 93_000,
      fundingSplitBp: 5000,
      ourActualCostAmount: 46_500,
      status: 'APPROVED',
      resultRecorded: true,
      proposedOn: '2026-03-10',
      approvedOn: '2026-03-15',
      cancelledOn: null,
      cancelReason: null,
      resultRecordedOn: '2026-06-05',
      concessionBp: 500,
      concessionUsedBp: 1500,
      concessionCapBp: 1800,
      concessionHeadroomBp: 300,
      baselineDailySales: 10,
      baselineOverlapsPeak: false,
      seasonalBaselineDailySales: 11.94,
      windowDailySales: 20,
      extraUnits: 250,
      uplift: 0.68,
      negativeUplift: false,
      costPerExtraUnitAmount: 372,
      ourCostPerExtraUnitAmount: 186,
      overlapsPeak: true,
      overlappingPeaks: ['2026-05-20/2026-06-10'],
    });
  });

  it('of a promotion just proposed has the plan and nulls for everything not yet known', () => {
    const result = run([accountRegistered(), agreementDrafted(), promotionProposed('P-1')]);
    expect(rows(result)).toEqual([
      {
        promotion_key: 'agr-1/P-1',
        promotion_id: 'P-1',
        agreement_id: 'agr-1',
        account_id: 'acc-1',
        // A new account's evaluated tier, effective on the day of the proposal.
        tier: 'NONE',
        industry: 'RETAIL',
        kind: 'JOINT_PROMOTION',
        window_from: '2026-05-01',
        window_to: '2026-05-31',
        quarter: '2026-Q2',
        skus: '["SKU-1"]',
        planned_qty: 500,
        actual_qty: null,
        currency: 'CNY',
        budget_amount: 100_000,
        actual_cost_amount: null,
        funding_split_bp: 5000,
        our_actual_cost_amount: null,
        status: 'PROPOSED',
        result_recorded: 0,
        proposed_on: '2026-03-10',
        approved_on: null,
        cancelled_on: null,
        cancel_reason: null,
        result_recorded_on: null,
        concession_bp: 500,
        concession_used_bp: null,
        concession_cap_bp: null,
        concession_headroom_bp: null,
        baseline_daily_sales: null,
        baseline_overlaps_peak: 0,
        seasonal_baseline_daily_sales: null,
        window_daily_sales: null,
        extra_units: null,
        uplift: null,
        negative_uplift: 0,
        cost_per_extra_unit_amount: null,
        our_cost_per_extra_unit_amount: null,
        overlaps_peak: 0,
        overlapping_peaks: '[]',
      },
    ]);
  });

  it('puts the quarter of the window start, not of its end', () => {
    const result = run([
      promotionProposed('P-1', { window: { from: '2026-09-20', to: '2026-10-10' } }),
      promotionProposed('P-2', { window: { from: '2026-01-01', to: '2026-01-31' } }),
      promotionProposed('P-3', { window: { from: '2026-12-31', to: '2026-12-31' } }),
    ]);
    expect(rows(result).map((r) => r['quarter'])).toEqual(['2026-Q3', '2026-Q1', '2026-Q4']);
  });
});
