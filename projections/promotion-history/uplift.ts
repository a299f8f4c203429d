// How well a promotion sold against its baseline, pure: uplift = average daily sales in the
// window ÷ average daily sales over the 28 days before it − 1, net of the season, and the units
// sold above the baseline, and what each of them cost. Rates are plain numbers (not money),
// served rounded.
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
  /** The base rate: units a day over the baseline, a peak day's ÷ its uplift; summed over the measured SKUs. */
  readonly baselineDailySales: number | null;
  /** The base rate carried into the window: × the peak's uplift on its peak days, averaged over the window. */
  readonly seasonalBaselineDailySales: number | null;
  /** Units a day in the window, as sold; summed over the measured SKUs. */
  readonly windowDailySales: number | null;
  /** Units sold in the window above what the seasonal baseline gives over the same reported days. */
  readonly extraUnits: number | null;
  readonly uplift: number | null;
}

const NOT_MEASURED: Uplift = {
  baselineDailySales: null,
  seasonalBaselineDailySales: null,
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
 *
 * The season: a baseline day inside a peak counts its sales ÷ the peak's uplift (DOMAIN.md), so
 * the baseline is the base rate. The window's own sales are de-seasonalised the same way, for
 * consistency: they are compared with the base rate × the uplift of each window day (1 outside a
 * peak) — what the window would have sold without the promotion. Otherwise a promotion inside the
 * season would be credited with the season, and one right after it blamed for its end. Comparing
 * sums (window sales ÷ expected sales) rather than averaging per-day ratios keeps the uplift and
 * the extra units of one sign: extra units = window sales − expected sales.
 */
export const upliftOf = (skus: readonly string[], sales: Readonly<Record<string, SkuSales>>): Uplift => {
  const measured = skus
    .filter((sku) => Object.hasOwn(sales, sku))
    .map((sku) => sales[sku] as SkuSales)
    .filter((s) => s.baseline.days > 0 && s.window.days > 0);
  if (measured.length === 0) return NOT_MEASURED;
  let baselineDailySales = 0;
  let seasonalBaselineDailySales = 0;
  let windowDailySales = 0;
  let extraUnits = 0;
  for (const { baseline, window } of measured) {
    const baseRate = baseline.deseasonalisedSold / baseline.days;
    const expected = baseRate * window.seasonDays;
    baselineDailySales += baseRate;
    seasonalBaselineDailySales += expected / window.days;
    windowDailySales += window.sold / window.days;
    // Only the window days with data are compared, so a window still being reported is not
    // read as a drop in sales; once fully reported this is sales − expected over the window.
    extraUnits += window.sold - expected;
  }
  return {
    baselineDailySales,
    seasonalBaselineDailySales,
    windowDailySales,
    extraUnits,
    uplift: seasonalBaselineDailySales > 0 ? windowDailySales / seasonalBaselineDailySales - 1 : null,
  };
};

/** Half up to `decimals`; never −0. */
const round = (value: number | null, decimals: number): number | null => {
  if (value === null) return null;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale + 0;
};

/** As served (DOMAIN.md, Read models): averages and ratios to 2 decimals, quantities to whole units. */
export const servedUplift = (uplift: Uplift): Uplift => ({
  baselineDailySales: round(uplift.baselineDailySales, 2),
  seasonalBaselineDailySales: round(uplift.seasonalBaselineDailySales, 2),
  windowDailySales: round(uplift.windowDailySales, 2),
  extraUnits: round(uplift.extraUnits, 0),
  uplift: round(uplift.uplift, 2),
});

/**
 * A cost ÷ extra units, rounded half up to whole minor units (a per-unit figure, not an amount
 * paid, so the fraction is dropped); null without a result or when nothing extra was sold.
 */
export const costPerExtraUnit = (
  actualCostAmount: number | null,
  extraUnits: number | null,
): number | null =>
  actualCostAmount === null || extraUnits === null || extraUnits <= 0
    ? null
    : Math.round(actualCostAmount / extraUnits);
