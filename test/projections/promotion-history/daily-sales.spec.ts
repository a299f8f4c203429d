// Daily sales of an account × SKU, as the uplift reads them: counted once per day whatever
// number of commitments report them, and every report counted — a commitment's first one too,
// spread over the days since the previous report of the account × SKU (from any commitment), or,
// for the account × SKU's very first report, since the commitment started (the later of its
// window's first day and the day it was created).
import { describe, expect, it } from 'vitest';
import { at, commitmentCreated, promotionProposed, rowOf, run, stockReported } from './scenario.js';

const SALES_COLUMNS = ['baseline_daily_sales', 'window_daily_sales', 'extra_units', 'uplift'];
const salesOf = (events: Parameters<typeof run>[0]) => {
  const row = rowOf(run(events), 'P-1');
  return Object.fromEntries(SALES_COLUMNS.map((column) => [column, row[column]]));
};

/** 10 a day over the 28 days before the May window, 20 a day in it. */
const DOUBLED = { baseline_daily_sales: 10, window_daily_sales: 20, extra_units: 310, uplift: 1 };

describe('daily sales of an account × SKU', () => {
  describe('given two commitments of the same account and SKU', () => {
    const commitments = [
      commitmentCreated('c-1', 'SKU-1'),
      commitmentCreated('c-9', 'SKU-1', { window: { from: '2026-04-01', to: '2026-09-30' } }),
      promotionProposed('P-1'),
    ];
    const weeks = (commitmentId: string, baseline: number, window: number) => [
      stockReported(commitmentId, '2026-04-02', 0),
      stockReported(commitmentId, '2026-04-30', baseline),
      stockReported(commitmentId, '2026-05-31', window),
    ];

    it('when both report the same weeks, then each day is counted once, not twice', () => {
      expect(salesOf([...commitments, ...weeks('c-1', 280, 620), ...weeks('c-9', 280, 620)])).toEqual(
        DOUBLED,
      );
    });

    it('when they report different figures for the same days, then the later report restates them', () => {
      const events = [
        ...commitments,
        stockReported('c-1', '2026-04-02', 0),
        stockReported('c-9', '2026-04-02', 0),
        stockReported('c-9', '2026-04-30', 999),
        stockReported('c-1', '2026-04-30', 280),
        stockReported('c-1', '2026-05-31', 9_999),
        stockReported('c-9', '2026-05-31', 620),
      ];
      expect(salesOf(events)).toEqual(DOUBLED);
    });
  });

  describe('given a supply-year change at the window start (a new commitment from 1 May)', () => {
    const yearChange = [
      commitmentCreated('c-old', 'SKU-1', { window: { from: '2026-02-01', to: '2026-04-30' } }),
      commitmentCreated('c-new', 'SKU-1', {
        window: { from: '2026-05-01', to: '2026-12-31' },
        at: at('2026-04-21'),
      }),
      promotionProposed('P-1'),
      stockReported('c-old', '2026-04-02', 0),
      stockReported('c-old', '2026-04-30', 280),
    ];

    it('when the new commitment first reports, then its sales count over the days since the old one’s last report', () => {
      expect(
        salesOf([
          ...yearChange,
          // 05-01 … 05-10: the new commitment's first report, 20 a day.
          stockReported('c-new', '2026-05-10', 200),
          stockReported('c-new', '2026-05-31', 420),
        ]),
      ).toEqual(DOUBLED);
    });
  });

  describe('given the account × SKU’s very first report', () => {
    it('when it comes from a commitment created inside its window, then it counts from the day of creation', () => {
      expect(
        salesOf([
          commitmentCreated('c-1', 'SKU-1', { at: at('2026-04-03') }),
          promotionProposed('P-1'),
          // 04-03 … 04-30: 28 days.
          stockReported('c-1', '2026-04-30', 280),
          stockReported('c-1', '2026-05-31', 620),
        ]),
      ).toEqual(DOUBLED);
    });

    it('when it comes from a commitment created before its window, then it counts from the window’s first day', () => {
      expect(
        salesOf([
          commitmentCreated('c-1', 'SKU-1', {
            window: { from: '2026-04-03', to: '2026-12-31' },
            at: at('2026-03-20'),
          }),
          promotionProposed('P-1'),
          stockReported('c-1', '2026-04-30', 280),
          stockReported('c-1', '2026-05-31', 620),
        ]),
      ).toEqual(DOUBLED);
    });

    it('when it is dated before the commitment started, then its sales fall on its own day', () => {
      expect(
        salesOf([
          commitmentCreated('c-1', 'SKU-1', {
            window: { from: '2026-04-20', to: '2026-12-31' },
            at: at('2026-04-20'),
          }),
          promotionProposed('P-1'),
          // 38 on 04-03 alone, then 10 a day over 04-04 … 04-30: 308 over the 28 days.
          stockReported('c-1', '2026-04-03', 38),
          stockReported('c-1', '2026-04-30', 270),
          stockReported('c-1', '2026-05-31', 620),
        ]),
        // 620 − 11 × 31 = 279; 20 ÷ 11 − 1 = 0.818….
      ).toEqual({ baseline_daily_sales: 11, window_daily_sales: 20, extra_units: 279, uplift: 0.82 });
    });
  });
});
