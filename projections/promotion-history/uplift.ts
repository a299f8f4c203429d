// How well a promotion sold against its baseline, pure: uplift = average daily sales in the
// window ÷ average daily sales over the 28 days before it − 1, and the cost of each unit sold
// above the baseline. Rates are plain numbers (not money); the cost per extra unit is money and
// is rounded to whole minor units.
import { addDays, type DateRange } from '../../domain/kernel/index.js';
import type { SalesInRange } from './sales.js';

/**
 * The baseline is the 28 days before the window, as the read-model spec (DOMAIN.md) defines
 * uplift. It is deliberately not the policy's ADS window: that is a stock-coverage setting, and a
 * later policy changing it should not redefine the uplift of promotions already measured.
 */
export const BASELINE_DAYS = 28;

export const baselineRange = (window: DateRange): DateRange => ({
  from: addDays(window.from, -BASELINE_DAYS),
  to: addDays(window.from, -1),
});

/** One SKU's sales before and in the window. */
export interface SkuSales {
  readonly baseline: SalesInRange;
  readonly window: SalesInRange;
}

export interface Uplift {
  /** Units a day over the baseline, summed over the measured SKUs. */
  readonly baselineDailySales: number | null;
  /** Units a day in the window, summed over the measured SKUs. */
  readonly windowDailySales: number | null;
  /** Units sold in the window above what the baseline rate gives over the same reported days. */
  readonly extraUnits: number | null;
  readonly uplift: number | null;
}

const NOT_MEASURED: Uplift = {
  baselineDailySales: null,
  windowDailySales: null,
  extraUnits: null,
  uplift: null,
};

/**
 * A SKU counts only when it has sales data on both sides: one side alone says nothing about
 * uplift, and mixing it in would skew the other SKUs' comparison. Each SKU's averages are over
 * its own reported days (SKUs may be reported on different days), then summed over the SKUs.
 * No SKU measured: every figure is null. A baseline of zero sales leaves the uplift null (no
 * ratio to zero) while the extra units are still known.
 */
export const upliftOf = (skus: readonly string[], sales: Readonly<Record<string, SkuSales>>): Uplift => {
  const measured = skus
    .filter((sku) => Object.hasOwn(sales, sku))
    .map((sku) => sales[sku] as SkuSales)
    .filter((s) => s.baseline.days > 0 && s.window.days > 0);
  if (measured.length === 0) return NOT_MEASURED;
  let baselineDailySales = 0;
  let windowDailySales = 0;
  let extraUnits = 0;
  for (const { baseline, window } of measured) {
    const baselineRate = baseline.sold / baseline.days;
    baselineDailySales += baselineRate;
    windowDailySales += window.sold / window.days;
    // Only the window days with data are compared, so a window still being reported is not
    // read as a drop in sales; once fully reported this is sales − baseline × window days.
    extraUnits += window.sold - baselineRate * window.days;
  }
  return {
    baselineDailySales,
    windowDailySales,
    extraUnits,
    uplift: baselineDailySales > 0 ? windowDailySales / baselineDailySales - 1 : null,
  };
};

/** Actual cost ÷ extra units, in minor units; null without a result or without extra units. */
export const costPerExtraUnit = (
  actualCostAmount: number | null,
  extraUnits: number | null,
): number | null =>
  actualCostAmount === null || extraUnits === null || extraUnits <= 0
    ? null
    : Math.round(actualCostAmount / extraUnits);
