// Uplift net of the season: a baseline day inside a peak of the account's commitments for the SKU
// counts at its base rate (its sales ÷ the peak's uplift), and the window is compared with that
// base rate carried into the window (× the peak's uplift on its peak days), so a promotion inside
// the season is credited with its own lift only, and one after a peak is not blamed for the peak's
// end.
import { describe, expect, it } from 'vitest';
import { commitmentCreated, presentedOf, promotionProposed, rowOf, run, stockReported } from './scenario.js';

const SALES_COLUMNS = [
  'baseline_daily_sales',
  'seasonal_baseline_daily_sales',
  'window_daily_sales',
  'extra_units',
  'uplift',
  'negative_uplift',
  'baseline_overlaps_peak',
];
const salesOf = (events: Parameters<typeof run>[0]) => {
  const row = rowOf(run(events), 'P-1');
  return Object.fromEntries(SALES_COLUMNS.map((column) => [column, row[column]]));
};
const peak = (from: string, to: string, upliftBp = 15_000) => ({ peak: { from, to, upliftBp } });

describe('uplift in and around a peak', () => {
  // Base rate 10 a day; the peak sells × 1.5, the promotion × 1.2 on top.
  const inThePeak = [
    stockReported('c-1', '2026-04-02', 0),
    stockReported('c-1', '2026-04-16', 140),
    // 04-17 … 04-30: peak days at 15.
    stockReported('c-1', '2026-04-30', 210),
    // May: peak and promotion, 18 a day.
    stockReported('c-1', '2026-05-31', 558),
  ];

  it('given a promotion inside the peak whose baseline overlaps it, then it is credited with its own lift, not the season’s', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1', peak('2026-04-17', '2026-06-10')),
      promotionProposed('P-1'),
      ...inThePeak,
    ];
    expect(salesOf(events)).toEqual({
      // (140 + 210 ÷ 1.5) ÷ 28.
      baseline_daily_sales: 10,
      seasonal_baseline_daily_sales: 15,
      window_daily_sales: 18,
      // 558 − 15 × 31.
      extra_units: 93,
      uplift: 0.2,
      negative_uplift: 0,
      baseline_overlaps_peak: 1,
    });
    expect(presentedOf(run(events), 'P-1')).toMatchObject({ baselineOverlapsPeak: true, uplift: 0.2 });
  });

  it('given the peak’s commitment created after the reports and the promotion, then the row is the same', () => {
    const events = [
      promotionProposed('P-1'),
      commitmentCreated('c-0', 'SKU-1'),
      ...inThePeak.map((e) => ({ ...e, data: { ...e.data, commitmentId: 'c-0' } })),
      commitmentCreated('c-1', 'SKU-1', peak('2026-04-17', '2026-06-10')),
    ];
    expect(salesOf(events)).toMatchObject({ baseline_daily_sales: 10, uplift: 0.2, extra_units: 93 });
  });

  it('given a promotion right after a peak, then the peak’s end is not read as a negative uplift', () => {
    expect(
      salesOf([
        commitmentCreated('c-1', 'SKU-1', peak('2026-04-03', '2026-04-16')),
        promotionProposed('P-1'),
        stockReported('c-1', '2026-04-02', 0),
        stockReported('c-1', '2026-04-16', 210),
        stockReported('c-1', '2026-04-30', 140),
        stockReported('c-1', '2026-05-31', 310),
      ]),
    ).toEqual({
      baseline_daily_sales: 10,
      seasonal_baseline_daily_sales: 10,
      window_daily_sales: 10,
      extra_units: 0,
      uplift: 0,
      negative_uplift: 0,
      baseline_overlaps_peak: 1,
    });
  });

  it('given a peak that starts inside the window, then only its days expect the season', () => {
    const row = salesOf([
      commitmentCreated('c-1', 'SKU-1', peak('2026-05-16', '2026-06-10')),
      promotionProposed('P-1'),
      stockReported('c-1', '2026-04-02', 0),
      stockReported('c-1', '2026-04-30', 280),
      // 05-01 … 05-15 at 12 (× 1.2), 05-16 … 05-31 at 18 (× 1.2 × 1.5).
      stockReported('c-1', '2026-05-15', 180),
      stockReported('c-1', '2026-05-31', 288),
    ]);
    // Expected: 10 × 15 + 15 × 16 = 390 units over 31 days; sold 468.
    expect(row).toMatchObject({
      baseline_daily_sales: 10,
      extra_units: 78,
      uplift: 0.2,
      baseline_overlaps_peak: 0,
    });
    expect(row['seasonal_baseline_daily_sales']).toBeCloseTo(390 / 31, 2);
    expect(row['window_daily_sales']).toBeCloseTo(468 / 31, 2);
  });
});
