// The pure sales math behind uplift: a report's sales spread evenly over the days since the
// previous report, counted pro rata inside a range; a day covered by two spans counted once, from
// the later one; the SKUs summed only when measured on both sides.
import { describe, expect, it } from 'vitest';
import { salesIn, spanTouches } from '../../../projections/promotion-history/sales.js';
import { seasonOf } from '../../../projections/promotion-history/season.js';
import { baselineRange, costPerExtraUnit, upliftOf } from '../../../projections/promotion-history/uplift.js';

const MAY = { from: '2026-05-01', to: '2026-05-31' };
/** Outside a peak the de-seasonalised figures are the plain ones. */
const flat = (sold: number, days: number) => ({ sold, days, deseasonalisedSold: sold, seasonDays: days });

describe('salesIn', () => {
  it('counts a span inside the range whole', () => {
    expect(salesIn([{ after: '2026-05-01', through: '2026-05-08', sold: 70 }], MAY)).toEqual(flat(70, 7));
  });

  it('counts the days of a span inside the range pro rata', () => {
    // (04-26, 05-05]: 10 days, 5 of them in May.
    expect(salesIn([{ after: '2026-04-25', through: '2026-05-05', sold: 100 }], MAY)).toEqual(flat(50, 5));
  });

  it('counts nothing of a span outside the range', () => {
    expect(
      salesIn([{ after: '2026-04-01', through: '2026-05-01', sold: 300 }], {
        from: '2026-05-02',
        to: '2026-05-31',
      }),
    ).toEqual(flat(0, 0));
  });

  it('counts a day two spans cover once, from the span received later', () => {
    const spans = [
      { after: '2026-05-01', through: '2026-05-11', sold: 100 },
      { after: '2026-05-06', through: '2026-05-16', sold: 50 },
    ];
    // 05-02 … 05-06 from the first (5 of its 10 days), 05-07 … 05-16 from the second, whole.
    expect(salesIn(spans, MAY)).toEqual(flat(100, 15));
    expect(salesIn([...spans].reverse(), MAY)).toEqual(flat(125, 15));
  });
});

describe('salesIn over a peak', () => {
  it('divides a peak day’s sales by its factor and weighs the day by it', () => {
    // 05-02 … 05-11 at 15 a day, the last 4 in a × 1.5 peak.
    const season = (day: string) => (day >= '2026-05-08' ? 1.5 : 1);
    expect(salesIn([{ after: '2026-05-01', through: '2026-05-11', sold: 150 }], MAY, season)).toEqual({
      sold: 150,
      days: 10,
      deseasonalisedSold: 90 + 60 / 1.5,
      seasonDays: 6 + 4 * 1.5,
    });
  });
});

describe('seasonOf', () => {
  const peak = (from: string, to: string, upliftBp: number) => ({ commitmentId: 'c', from, to, upliftBp });

  it('is the peak’s uplift on its days, 1 outside, the larger of two peaks over a day, and skips an uplift of 0', () => {
    const season = seasonOf([
      peak('2026-05-10', '2026-05-20', 15_000),
      peak('2026-05-15', '2026-05-25', 20_000),
      peak('2026-05-01', '2026-05-31', 0),
    ]);
    expect(['2026-05-09', '2026-05-10', '2026-05-15', '2026-05-25', '2026-05-26'].map(season)).toEqual([
      1, 1.5, 2, 2, 1,
    ]);
  });
});

describe('spanTouches', () => {
  it('is true when a day of the span is in the range and false otherwise', () => {
    expect(spanTouches({ after: '2026-04-30', through: '2026-05-01', sold: 1 }, MAY)).toBe(true);
    expect(spanTouches({ after: '2026-05-31', through: '2026-06-07', sold: 1 }, MAY)).toBe(false);
    expect(spanTouches({ after: '2026-04-20', through: '2026-04-30', sold: 1 }, MAY)).toBe(false);
  });
});

describe('baselineRange', () => {
  it('is the 28 days before the window', () => {
    expect(baselineRange(MAY)).toEqual({ from: '2026-04-03', to: '2026-04-30' });
  });
});

describe('upliftOf', () => {
  const side = flat;

  it('is null on every figure when no SKU has data on both sides', () => {
    expect(upliftOf(['SKU-1', 'SKU-2'], { 'SKU-1': { baseline: side(0, 0), window: side(10, 5) } })).toEqual({
      baselineDailySales: null,
      seasonalBaselineDailySales: null,
      windowDailySales: null,
      extraUnits: null,
      uplift: null,
    });
  });

  it('sums per-SKU averages over each SKU’s own reported days', () => {
    expect(
      upliftOf(['SKU-1', 'SKU-2'], {
        'SKU-1': { baseline: side(280, 28), window: side(300, 10) },
        'SKU-2': { baseline: side(70, 14), window: side(50, 10) },
      }),
    ).toEqual({
      baselineDailySales: 15,
      seasonalBaselineDailySales: 15,
      windowDailySales: 35,
      extraUnits: 200,
      uplift: 35 / 15 - 1,
    });
  });

  it('compares the window with the base rate × its days’ season factors', () => {
    // Base rate (140 + 210 ÷ 1.5) ÷ 28 = 10; the window's 31 days all in a × 1.5 peak.
    const baseline = { sold: 350, days: 28, deseasonalisedSold: 280, seasonDays: 35 };
    const window = { sold: 558, days: 31, deseasonalisedSold: 372, seasonDays: 46.5 };
    expect(upliftOf(['SKU-1'], { 'SKU-1': { baseline, window } })).toEqual({
      baselineDailySales: 10,
      seasonalBaselineDailySales: 15,
      windowDailySales: 18,
      extraUnits: 93,
      uplift: 18 / 15 - 1,
    });
  });

  it('ignores sales of a SKU the promotion does not name', () => {
    expect(
      upliftOf(['SKU-1'], { 'SKU-9': { baseline: side(280, 28), window: side(300, 10) } }).uplift,
    ).toBeNull();
  });
});

describe('costPerExtraUnit', () => {
  it('is the cost per extra unit, and null without a cost or extra units', () => {
    expect(costPerExtraUnit(1000, 8)).toBe(125);
    expect(costPerExtraUnit(null, 8)).toBeNull();
    expect(costPerExtraUnit(1000, null)).toBeNull();
    expect(costPerExtraUnit(1000, -3)).toBeNull();
  });
});
