// Brings a promotion row's sales figures and the peaks around it up to date from the lookups.
// Each is recomputed whole from what the lookups hold (never adjusted by a delta), so the
// result depends only on the facts seen, not on the order the handlers happened to touch it.
import { rangesOverlap, type DateRange } from '../../domain/kernel/index.js';
import type { ProjectionContext } from '../projection.js';
import { accountSkuKey, SALES } from './keys.js';
import type { PromotionDoc } from './promotion-row.js';
import { salesIn, type SalesDoc } from './sales.js';
import { seasonOf } from './season.js';
import { skuLinksOf } from './sku-links.js';
import { baselineRange, type SkuSales } from './uplift.js';

/** The SKU's sales before and in the promotion's window; undefined when neither side has data. */
const skuSalesOf = (context: ProjectionContext, doc: PromotionDoc, sku: string): SkuSales | undefined => {
  const sales = context.get<SalesDoc>(SALES, accountSkuKey(doc.accountId, sku));
  if (sales === undefined) return undefined;
  // Peak days are weighed by their peak's uplift on both sides (uplift.ts says why).
  const season = seasonOf(skuLinksOf(context, doc.accountId, sku).peaks);
  const measured = {
    baseline: salesIn(sales.spans, baselineRange(doc.window), season),
    window: salesIn(sales.spans, doc.window, season),
  };
  return measured.baseline.days === 0 && measured.window.days === 0 ? undefined : measured;
};

/** Every SKU's sales recomputed, keyed in the promotion's SKU order. */
export const withSales = (context: ProjectionContext, doc: PromotionDoc): PromotionDoc => ({
  ...doc,
  sales: Object.fromEntries(
    doc.skus.flatMap((sku) => {
      const measured = skuSalesOf(context, doc, sku);
      return measured === undefined ? [] : [[sku, measured] as const];
    }),
  ),
});

/** The distinct `from/to` windows of the peaks on the promotion's SKUs that overlap `range`, sorted. */
const peaksOver = (context: ProjectionContext, doc: PromotionDoc, range: DateRange): string[] => {
  const windows = doc.skus.flatMap((sku) =>
    skuLinksOf(context, doc.accountId, sku)
      .peaks.filter((peak) => rangesOverlap(peak, range))
      .map((peak) => `${peak.from}/${peak.to}`),
  );
  return [...new Set(windows)].sort();
};

/** The peaks overlapping the window, and those overlapping the baseline (which is de-seasonalised). */
export const withPeaks = (context: ProjectionContext, doc: PromotionDoc): PromotionDoc => ({
  ...doc,
  overlappingPeaks: peaksOver(context, doc, doc.window),
  baselinePeaks: peaksOver(context, doc, baselineRange(doc.window)),
});
