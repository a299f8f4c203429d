// stock_coverage_daily: one snapshot per account × SKU × report date, written when the report
// arrives with the figures and flags as of that date, and never rewritten by later events.
import { describe, expect, it } from 'vitest';
import { projection } from '../../../projections/stock-coverage/index.js';
import { runProjection } from '../../support/projection-harness.js';
import {
  baseScenario,
  scenario,
  commitmentCreated,
  registered,
  agreementDrafted,
  steadyReports,
  supply,
  tierChanged,
  tierOverridden,
} from './scenario.js';
import { serve } from './serve.js';

const c1 = supply();

const reportedWeekly = () =>
  baseScenario().add(
    c1.scheduled('b-1', '2026-03-20', 300),
    ...steadyReports(390),
    c1.delivered('b-1', 300, '2026-03-20'),
  );

describe('daily snapshots', () => {
  it('are written for each report, as of its date', () => {
    const run = runProjection(projection, reportedWeekly().events);
    expect(
      run.rows('stock_coverage_daily').map((r) => [r['id'], r['report_date'], r['ads_days'], r['on_hand']]),
    ).toEqual([
      // The first report's sales cover an unknown span: no data yet.
      ['acc-1:SKU-1:2026-03-01', '2026-03-01', 0, 600],
      ['acc-1:SKU-1:2026-03-08', '2026-03-08', 7, 530],
      ['acc-1:SKU-1:2026-03-15', '2026-03-15', 14, 460],
      ['acc-1:SKU-1:2026-03-22', '2026-03-22', 21, 390],
    ]);
  });

  it('hold every column, computed as of the report date', () => {
    const run = runProjection(projection, reportedWeekly().events);
    expect(run.rows('stock_coverage_daily')[1]).toEqual({
      id: 'acc-1:SKU-1:2026-03-08',
      account_id: 'acc-1',
      sku: 'SKU-1',
      report_date: '2026-03-08',
      industry: 'RETAIL',
      region: 'East',
      tier: 'A',
      account_status: 'PROSPECT',
      in_service: 1,
      on_hand: 530,
      delivered_since_report: 0,
      estimated_on_hand: 530,
      ads_status: 'OK',
      insufficient_data: 0,
      ads: 10,
      ads_days: 7,
      dos: 53,
      weeks_of_cover: 7.57,
      safety_days: 14,
      safety_stock: 140,
      lead_time_days: 5,
      projected_at_lead_time: 480,
      pipeline: 300,
      committed_qty: 1000,
      delivered_qty: 0,
      remaining_committed: 1000,
      next_batch_id: 'b-1',
      next_batch_eta: '2026-03-20',
      next_batch_qty: 300,
      peak_from: null,
      peak_to: null,
      peak_uplift_bp: null,
      stale_after_days: 7,
      last_report_date: '2026-03-08',
      last_fill_ratio_bp: null,
      account_otif_bp: null,
      account_batches_due: 0,
      commitment_ids: '["c-1"]',
      open_commitment_ids: '["c-1"]',
      flags: '[]',
    });
  });

  it('keep what was known on the day: a later delivery does not rewrite them', () => {
    const run = runProjection(projection, reportedWeekly().events);
    const [, , onThe15th, onThe22nd] = run.rows('stock_coverage_daily');
    expect(onThe15th).toMatchObject({ pipeline: 300, delivered_qty: 0 });
    expect(onThe22nd).toMatchObject({ pipeline: 300, delivered_qty: 0 });
    expect(run.rows('stock_coverage')).toMatchObject([{ pipeline: 0, delivered_qty: 300 }]);
  });

  it('raise the flags of the day', () => {
    const reports = steadyReports(100);
    const run = runProjection(
      projection,
      baseScenario().add(
        ...reports.slice(0, 2),
        c1.allocated(100, 50, 5000, '2026-03-10'),
        ...reports.slice(2),
      ).events,
    );
    expect(run.rows('stock_coverage_daily').map((r) => r['flags'])).toEqual([
      '[]',
      // 240 on hand, ADS 10: 24 days of supply, 190 after the lead time, not cut yet.
      '[]',
      // 170 on hand: 120 after the lead time, under the 140 safety stock; half filled on the 10th.
      '["STOCKOUT_RISK","ALLOCATION_CUT"]',
      // 100 on hand: 10 days of supply.
      '["BELOW_SAFETY","STOCKOUT_RISK","ALLOCATION_CUT"]',
    ]);
  });

  it('take the tier effective on the report date', () => {
    const run = runProjection(
      projection,
      scenario().add(
        registered(),
        tierChanged('NONE', 'B'),
        agreementDrafted(),
        commitmentCreated({ tier: 'B' }),
        tierOverridden('A', '2026-03-10', '2026-03-02'),
        c1.reported('2026-03-08', 500, 0),
        // Reported late: the override ran out on the 10th.
        c1.reported('2026-03-11', 470, 30, '2026-03-12'),
      ).events,
    );
    expect(
      run.rows('stock_coverage_daily').map((r) => [r['report_date'], r['tier'], r['stale_after_days']]),
    ).toEqual([
      ['2026-03-08', 'A', 7],
      ['2026-03-11', 'B', 14],
    ]);
  });

  it('are presented as of their report date whatever the query’s day', () => {
    const run = runProjection(projection, reportedWeekly().events);
    const rows = serve(run, 'stock-coverage-daily', '2026-12-31', { from: '2026-03-22' });
    expect(rows).toMatchObject([
      {
        accountId: 'acc-1',
        sku: 'SKU-1',
        reportDate: '2026-03-22',
        onHand: 390,
        // b-1, due on the 20th, was not recorded as delivered when the report came.
        flags: ['DELIVERY_LATE'],
        insufficientData: false,
      },
    ]);
  });
});

describe('stock-coverage-daily filters', () => {
  const run = () =>
    runProjection(
      projection,
      reportedWeekly().add(
        commitmentCreated({ commitmentId: 'c-2', sku: 'SKU-2' }),
        supply('c-2').reported('2026-03-22', 10, 0),
      ).events,
    );
  const idsOf = (params: Record<string, string>) =>
    serve(run(), 'stock-coverage-daily', '2026-03-22', params).map(
      (r) => `${String(r['sku'])}@${String(r['reportDate'])}`,
    );

  it('accountId: the account’s snapshots, or none for another account', () => {
    expect(idsOf({ accountId: 'acc-1' })).toHaveLength(5);
    expect(idsOf({ accountId: 'acc-2' })).toEqual([]);
  });

  it('sku: the SKU’s snapshots only', () => {
    expect(idsOf({ sku: 'SKU-2' })).toEqual(['SKU-2@2026-03-22']);
    expect(idsOf({ sku: 'SKU-3' })).toEqual([]);
  });

  it('from and to: report dates inside the inclusive range', () => {
    expect(idsOf({ sku: 'SKU-1', from: '2026-03-08', to: '2026-03-15' })).toEqual([
      'SKU-1@2026-03-08',
      'SKU-1@2026-03-15',
    ]);
    expect(idsOf({ from: '2026-03-23' })).toEqual([]);
    expect(idsOf({ to: '2026-02-28' })).toEqual([]);
  });
});
