// Uplift = average daily sales in the window ÷ average daily sales over the 28 days before it
// − 1, from the stock reports of the account's commitments for the promotion's SKUs, whenever
// those reports arrive; null when either side has no data. And the negative-uplift flag.
import { describe, expect, it } from 'vitest';
import {
  accountRegistered,
  commitmentCreated,
  presentedOf,
  promotionProposed,
  rowOf,
  run,
  steadySales,
  stockReported,
} from './scenario.js';

const SALES_COLUMNS = [
  'baseline_daily_sales',
  'window_daily_sales',
  'extra_units',
  'uplift',
  'negative_uplift',
];
const salesOf = (events: Parameters<typeof run>[0]) => {
  const row = rowOf(run(events), 'P-1');
  return Object.fromEntries(SALES_COLUMNS.map((column) => [column, row[column]]));
};

const NO_DATA = {
  baseline_daily_sales: null,
  window_daily_sales: null,
  extra_units: null,
  uplift: null,
  negative_uplift: 0,
};
const DOUBLED = {
  baseline_daily_sales: 10,
  window_daily_sales: 20,
  extra_units: 310,
  uplift: 1,
  negative_uplift: 0,
};

describe('uplift', () => {
  it('counts reports made after the proposal', () => {
    expect(
      salesOf([
        accountRegistered(),
        commitmentCreated('c-1', 'SKU-1'),
        promotionProposed('P-1'),
        ...steadySales(),
      ]),
    ).toEqual(DOUBLED);
  });

  it('counts reports made before the proposal', () => {
    expect(salesOf([commitmentCreated('c-1', 'SKU-1'), ...steadySales(), promotionProposed('P-1')])).toEqual(
      DOUBLED,
    );
  });

  it('is negative, and flagged, when the window sold less a day than the baseline', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1'),
      stockReported('c-1', '2026-04-02', 0),
      stockReported('c-1', '2026-04-30', 280),
      stockReported('c-1', '2026-05-31', 155),
    ];
    expect(salesOf(events)).toEqual({
      baseline_daily_sales: 10,
      window_daily_sales: 5,
      extra_units: -155,
      uplift: -0.5,
      negative_uplift: 1,
    });
    expect(presentedOf(run(events), 'P-1')['negativeUplift']).toBe(true);
  });

  it('is null while the window has no data yet', () => {
    expect(
      salesOf([
        commitmentCreated('c-1', 'SKU-1'),
        promotionProposed('P-1'),
        stockReported('c-1', '2026-04-02', 0),
        stockReported('c-1', '2026-04-30', 280),
      ]),
    ).toEqual(NO_DATA);
  });

  it('is null when no report reaches back into the 28 days before the window', () => {
    expect(
      salesOf([
        commitmentCreated('c-1', 'SKU-1', { window: { from: '2026-05-01', to: '2026-12-31' } }),
        promotionProposed('P-1'),
        stockReported('c-1', '2026-05-10', 200),
        stockReported('c-1', '2026-05-31', 420),
      ]),
    ).toEqual(NO_DATA);
  });

  it('averages over the days reported so far while the window is still being reported', () => {
    expect(
      salesOf([
        commitmentCreated('c-1', 'SKU-1'),
        promotionProposed('P-1'),
        stockReported('c-1', '2026-04-02', 0),
        stockReported('c-1', '2026-04-30', 280),
        stockReported('c-1', '2026-05-10', 150),
      ]),
    ).toEqual({
      baseline_daily_sales: 10,
      window_daily_sales: 15,
      extra_units: 50,
      uplift: 0.5,
      negative_uplift: 0,
    });
  });

  it('splits a report spanning the window start pro rata between baseline and window', () => {
    const row = salesOf([
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1'),
      stockReported('c-1', '2026-04-02', 0),
      stockReported('c-1', '2026-04-20', 180),
      // 04-21 … 05-10: 20 days, 10 of them in the baseline (04-21 … 04-30), 10 in the window.
      stockReported('c-1', '2026-05-10', 300),
    ]);
    // Baseline: 180 (04-03 … 04-20, 18 days) + 150 (10 days) = 330 over 28 days.
    expect(row['baseline_daily_sales']).toBe(11.79);
    expect(row['window_daily_sales']).toBe(15);
  });

  it('serves the averages and the uplift rounded to 2 decimals, the extra units to whole units', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1'),
      promotionProposed('P-1'),
      stockReported('c-1', '2026-04-02', 0),
      stockReported('c-1', '2026-04-30', 300),
      stockReported('c-1', '2026-05-31', 620),
    ];
    // 300 ÷ 28 = 10.714…; 20 ÷ 10.714… − 1 = 0.866…; 620 − 10.714… × 31 = 287.857….
    expect(salesOf(events)).toEqual({
      baseline_daily_sales: 10.71,
      window_daily_sales: 20,
      extra_units: 288,
      uplift: 0.87,
      negative_uplift: 0,
    });
    expect(presentedOf(run(events), 'P-1')).toMatchObject({
      baselineDailySales: 10.71,
      extraUnits: 288,
      uplift: 0.87,
    });
  });

  it('ignores sales of another SKU, of another account and before the baseline', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1'),
      commitmentCreated('c-2', 'SKU-2'),
      commitmentCreated('c-3', 'SKU-1', { accountId: 'acc-2' }),
      promotionProposed('P-1'),
      ...steadySales('c-1'),
      ...steadySales('c-2').map((e) => ({ ...e, data: { ...e.data, soldSinceLast: 9_999 } })),
      stockReported('c-3', '2026-04-02', 0, { accountId: 'acc-2' }),
      stockReported('c-3', '2026-05-31', 9_999, { accountId: 'acc-2' }),
    ];
    expect(salesOf(events)).toEqual(DOUBLED);
    // Reports ending by 04-02, the day before the baseline starts, change nothing.
    expect(
      salesOf([
        ...events.slice(0, 4),
        stockReported('c-1', '2026-03-01', 0),
        stockReported('c-1', '2026-03-20', 500),
        ...events.slice(4),
      ]),
    ).toEqual(DOUBLED);
  });

  it('sums the SKUs measured on both sides and leaves out one reported on one side only', () => {
    const events = [
      commitmentCreated('c-1', 'SKU-1'),
      commitmentCreated('c-2', 'SKU-2'),
      commitmentCreated('c-3', 'SKU-3', { window: { from: '2026-05-01', to: '2026-12-31' } }),
      promotionProposed('P-1', { skus: ['SKU-1', 'SKU-2', 'SKU-3'] }),
      ...steadySales('c-1'),
      // SKU-2: 5 a day before, 5 a day in the window.
      stockReported('c-2', '2026-04-02', 0),
      stockReported('c-2', '2026-04-30', 140),
      stockReported('c-2', '2026-05-31', 155),
      // SKU-3: nothing reported before the window.
      stockReported('c-3', '2026-05-01', 0),
      stockReported('c-3', '2026-05-31', 3_000),
    ];
    expect(salesOf(events)).toEqual({
      baseline_daily_sales: 15,
      window_daily_sales: 25,
      extra_units: 310,
      uplift: 0.67,
      negative_uplift: 0,
    });
  });

  it('is null over a baseline with no sales, while the extra units are still the window’s sales', () => {
    expect(
      salesOf([
        commitmentCreated('c-1', 'SKU-1'),
        promotionProposed('P-1'),
        stockReported('c-1', '2026-04-02', 0),
        stockReported('c-1', '2026-04-30', 0),
        stockReported('c-1', '2026-05-31', 620),
      ]),
    ).toEqual({
      baseline_daily_sales: 0,
      window_daily_sales: 20,
      extra_units: 620,
      uplift: null,
      negative_uplift: 0,
    });
  });

  it('ignores a report of a commitment it never saw created, and one not newer than the last', () => {
    expect(
      salesOf([
        commitmentCreated('c-1', 'SKU-1'),
        promotionProposed('P-1'),
        stockReported('c-unknown', '2026-04-02', 0),
        stockReported('c-unknown', '2026-05-31', 500),
        ...steadySales(),
        stockReported('c-1', '2026-05-31', 5_000),
        stockReported('c-1', '2026-05-20', 5_000),
      ]),
    ).toEqual(DOUBLED);
  });
});
