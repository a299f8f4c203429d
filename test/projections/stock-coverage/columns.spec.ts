// Every column of a stock_coverage row and every field of its presented form, on one realistic
// commitment: two batches (one partly delivered), weekly stock reports, one cut allocation.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { baseScenario, supply } from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();
/**
 * Sells 10 a day from 500 on 1 March; 100 of batch b-1 (300, due 20 March) arrive on 20 March;
 * b-2 (200) is due 10 April; a shortage fills 75 % of a request on 21 March.
 */
const events = () =>
  baseScenario().add(
    c1.scheduled('b-1', '2026-03-20', 300),
    c1.scheduled('b-2', '2026-04-10', 200),
    c1.reported('2026-03-01', 500, 0),
    c1.reported('2026-03-08', 430, 70),
    c1.reported('2026-03-15', 360, 70),
    c1.shipped('b-1', 300, '2026-03-15'),
    c1.delivered('b-1', 100, '2026-03-20'),
    c1.allocated(200, 150, 7500, '2026-03-21'),
    // 360 − 7 × 10 sold + 100 delivered.
    c1.reported('2026-03-22', 390, 70),
  ).events;

describe('stock_coverage row', () => {
  it('holds every figure as of the day of its latest event, in SQL types', () => {
    const run = runProjection(projection, events());
    expect(run.rows('stock_coverage')).toEqual([
      {
        id: 'acc-1:SKU-1',
        account_id: 'acc-1',
        sku: 'SKU-1',
        as_of: '2026-03-22',
        industry: 'RETAIL',
        region: 'East',
        tier: 'A',
        // No AccountActivated in this log: the account is still a prospect.
        account_status: 'PROSPECT',
        in_service: 1,
        on_hand: 390,
        // b-1's 100 came on the 20th, before the report.
        delivered_since_report: 0,
        estimated_on_hand: 390,
        ads_status: 'OK',
        insufficient_data: 0,
        // 210 sold over the 21 days from 1 to 22 March (the first report's sales do not count).
        ads: 10,
        ads_days: 21,
        dos: 39,
        weeks_of_cover: 5.57,
        safety_days: 14,
        safety_stock: 140,
        lead_time_days: 5,
        // 390 − 5 days × 10 + the 200 of b-1 still to come (due before 27 March).
        projected_at_lead_time: 540,
        // b-1: 300 − 100 delivered; b-2: 200.
        pipeline: 400,
        committed_qty: 1000,
        delivered_qty: 100,
        remaining_committed: 900,
        // b-1 was due before the day: the next batch is b-2.
        next_batch_id: 'b-2',
        next_batch_eta: '2026-04-10',
        next_batch_qty: 200,
        peak_from: null,
        peak_to: null,
        peak_uplift_bp: null,
        stale_after_days: 7,
        last_report_date: '2026-03-22',
        last_fill_ratio_bp: 7500,
        // b-1, due on the 20th, came short.
        account_otif_bp: 0,
        account_batches_due: 1,
        // Written by the projector as of its own day; the daily job makes it current.
        current_as: null,
        commitment_ids: '["c-1"]',
        open_commitment_ids: '["c-1"]',
        // b-1 is past its ETA with 200 still to come.
        flags: '["ALLOCATION_CUT","DELIVERY_LATE"]',
        // The same flags, a 0/1 column each: a flag filter is an indexed equality.
        flag_below_safety: 0,
        flag_stockout_risk: 0,
        flag_peak_undercovered: 0,
        flag_commitment_gap: 0,
        flag_overstock: 0,
        flag_stale_data: 0,
        flag_allocation_cut: 1,
        flag_delivery_late: 1,
      },
    ]);
  });

  it('presents the same figures with booleans and arrays, as of the query’s day', () => {
    const run = runProjection(projection, events());
    expect(serve(run, 'stock-coverage', '2026-03-22')).toEqual([
      {
        accountId: 'acc-1',
        sku: 'SKU-1',
        asOf: '2026-03-22',
        industry: 'RETAIL',
        region: 'East',
        tier: 'A',
        accountStatus: 'PROSPECT',
        inService: true,
        onHand: 390,
        deliveredSinceReport: 0,
        estimatedOnHand: 390,
        adsStatus: 'OK',
        insufficientData: false,
        ads: 10,
        adsDays: 21,
        dos: 39,
        weeksOfCover: 5.57,
        safetyDays: 14,
        safetyStock: 140,
        leadTimeDays: 5,
        projectedAtLeadTime: 540,
        pipeline: 400,
        committedQty: 1000,
        deliveredQty: 100,
        remainingCommitted: 900,
        nextBatchId: 'b-2',
        nextBatchEta: '2026-04-10',
        nextBatchQty: 200,
        peakFrom: null,
        peakTo: null,
        peakUpliftBp: null,
        staleAfterDays: 7,
        lastReportDate: '2026-03-22',
        lastFillRatioBp: 7500,
        accountOtifBp: 0,
        accountBatchesDue: 1,
        commitmentIds: ['c-1'],
        openCommitmentIds: ['c-1'],
        flags: ['ALLOCATION_CUT', 'DELIVERY_LATE'],
      },
    ]);
  });

  it('recomputes the time-dependent figures for a later day without any new event', () => {
    const run = runProjection(projection, events());
    const [row] = serve(run, 'stock-coverage', '2026-04-05');
    expect(row).toMatchObject({
      asOf: '2026-04-05',
      onHand: 390,
      lastReportDate: '2026-03-22',
      // 390 − 14 days × 10 on 5 April, − 5 days × 10 to 10 April + b-1's 200 + b-2's 200.
      estimatedOnHand: 250,
      projectedAtLeadTime: 600,
      nextBatchId: 'b-2',
      // 14 days since the last report: more than tier A's 7.
      flags: ['STALE_DATA', 'ALLOCATION_CUT', 'DELIVERY_LATE'],
    });
  });

  it('ignores the reports after the query’s day', () => {
    const run = runProjection(projection, events());
    const [row] = serve(run, 'stock-coverage', '2026-03-16');
    // 360 on the 15th, 350 estimated on the 16th.
    expect(row).toMatchObject({
      onHand: 360,
      estimatedOnHand: 350,
      lastReportDate: '2026-03-15',
      adsDays: 14,
      ads: 10,
      dos: 35,
    });
  });

  it('starts with the commitment: nothing reported yet is as stale as it gets', () => {
    const run = runProjection(projection, baseScenario().events);
    expect(run.rows('stock_coverage')).toMatchObject([
      {
        id: 'acc-1:SKU-1',
        as_of: '2026-03-01',
        on_hand: null,
        ads_status: 'INSUFFICIENT_DATA',
        insufficient_data: 1,
        ads: null,
        dos: null,
        weeks_of_cover: null,
        safety_stock: null,
        projected_at_lead_time: null,
        pipeline: 0,
        remaining_committed: 1000,
        next_batch_id: null,
        next_batch_eta: null,
        next_batch_qty: null,
        last_report_date: null,
        last_fill_ratio_bp: null,
        flags: '["STALE_DATA"]',
      },
    ]);
  });

  it('shows the peak of the commitment', () => {
    const { peak } = { peak: { from: '2026-05-01', to: '2026-05-31', upliftBp: 15_000 } };
    const run = runProjection(projection, baseScenario({ peak }).events);
    expect(run.rows('stock_coverage')).toMatchObject([
      { peak_from: '2026-05-01', peak_to: '2026-05-31', peak_uplift_bp: 15_000 },
    ]);
  });

  it('follows shipments, deliveries and committed quantity adjustments', () => {
    const run = runProjection(
      projection,
      baseScenario().add(
        c1.scheduled('b-1', '2026-04-01', 300),
        c1.shipped('b-1', 200, '2026-03-25'),
        c1.shipped('b-1', 100, '2026-03-26'),
        c1.delivered('b-1', 120, '2026-03-28'),
        c1.delivered('b-1', 80, '2026-03-29'),
        c1.adjusted(1000, 800, '2026-03-30'),
      ).events,
    );
    expect(run.doc('stock_coverage', 'acc-1:SKU-1')).toMatchObject({
      commitments: [
        { batches: [{ batchId: 'b-1', qty: 300, shipped: 300, delivered: 200 }], committedQty: 800 },
      ],
    });
    expect(run.rows('stock_coverage')).toMatchObject([
      {
        pipeline: 100,
        committed_qty: 800,
        delivered_qty: 200,
        remaining_committed: 600,
        as_of: '2026-03-30',
      },
    ]);
  });
});
