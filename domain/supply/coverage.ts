// Stock coverage of one commitment as of a day: how long the account's stock lasts at its
// sell-through, what is on the way, and the flags that call for action (the stock_coverage read
// model's row). Pure and deterministic: ADS and DOS are plain numbers (they are rates, not money),
// computed in a fixed order from the same input.
import { addDays, daysBetween, FULL_BP, type IsoDate, type Peak, type Policy } from '../kernel/index.js';

export interface CoverageStockReport {
  readonly asOf: IsoDate;
  readonly onHand: number;
  /** Units sold since the previous report (the first report's figure covers an unknown span). */
  readonly soldSinceLast: number;
}

export interface CoverageBatch {
  readonly batchId?: string;
  readonly eta: IsoDate;
  readonly qty: number;
  readonly shipped: number;
  readonly delivered: number;
}

export interface CoverageInput {
  /** Today: the day the row or the daily snapshot is for. Reports after it are ignored. */
  readonly asOf: IsoDate;
  /** Chronological, asOf strictly increasing. */
  readonly reports: readonly CoverageStockReport[];
  readonly batches: readonly CoverageBatch[];
  readonly committedQty: number;
  readonly deliveredQty: number;
  readonly peak?: Peak | null;
  readonly safetyDays: number;
  /** From the agreement's delivery terms. */
  readonly leadTimeDays: number;
  /** From the tier's policy terms: 7 days for A, 14 for B and C in v1. */
  readonly staleAfterDays: number;
  /** Of the latest SupplyAllocated, if any. */
  readonly lastFillRatioBp?: number | null;
  readonly policy: Policy;
}

export const COVERAGE_FLAGS = [
  'BELOW_SAFETY',
  'STOCKOUT_RISK',
  'PEAK_UNDERCOVERED',
  'COMMITMENT_GAP',
  'OVERSTOCK',
  'STALE_DATA',
  'ALLOCATION_CUT',
] as const;
export type CoverageFlag = (typeof COVERAGE_FLAGS)[number];

export type AdsStatus = 'OK' | 'INSUFFICIENT_DATA';

export interface SalesRate {
  readonly status: AdsStatus;
  /** Average daily sell-through; null on INSUFFICIENT_DATA. */
  readonly ads: number | null;
  /** Days of sales data the average covers. */
  readonly days: number;
}

export interface NextBatch {
  readonly batchId: string | null;
  readonly eta: IsoDate;
  readonly qty: number;
  readonly shipped: number;
  readonly delivered: number;
}

export interface Coverage {
  readonly asOf: IsoDate;
  readonly lastReportAsOf: IsoDate | null;
  readonly onHand: number | null;
  readonly adsStatus: AdsStatus;
  readonly ads: number | null;
  readonly adsDays: number;
  /** Days of supply, onHand ÷ ADS; null when ADS is unknown or zero (no sales: unbounded). */
  readonly dos: number | null;
  readonly weeksOfCover: number | null;
  /** ADS × safety days. */
  readonly safetyStock: number | null;
  /** Projected stock at today + lead time. */
  readonly projectedAtLeadTime: number | null;
  /** Scheduled − delivered of the batches not yet fully delivered. */
  readonly pipeline: number;
  /** Committed − delivered. */
  readonly remainingCommitted: number;
  /** The earliest batch due today or later that is not fully delivered. */
  readonly nextBatch: NextBatch | null;
  readonly peak: Peak | null;
  /** In the order of COVERAGE_FLAGS. */
  readonly flags: readonly CoverageFlag[];
}

const INSUFFICIENT: SalesRate = { status: 'INSUFFICIENT_DATA', ads: null, days: 0 };

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

/**
 * Units sold over the ADS window (28 days in v1) ending at the latest report, ÷ the days those
 * sales cover. Each report's sales span the days since the report before it; a span that starts
 * before the window counts pro rata (sales assumed even across it). The first report's sales
 * cover an unknown span and are not counted. Fewer days than adsMinDays: INSUFFICIENT_DATA.
 */
export const averageDailySales = (reports: readonly CoverageStockReport[], policy: Policy): SalesRate => {
  const latest = reports.at(-1);
  if (latest === undefined) return INSUFFICIENT;
  const windowStart = addDays(latest.asOf, -policy.coverage.adsWindowDays);
  let sold = 0;
  let days = 0;
  reports.reduce((previous, report) => {
    const span = daysBetween(previous.asOf, report.asOf);
    const counted = Math.min(span, daysBetween(windowStart, report.asOf));
    if (counted > 0) {
      sold += (report.soldSinceLast * counted) / span;
      days += counted;
    }
    return report;
  });
  return days >= policy.coverage.adsMinDays
    ? { status: 'OK', ads: sold / days, days }
    : { ...INSUFFICIENT, days };
};

const outstanding = (batch: CoverageBatch): number => Math.max(0, batch.qty - batch.delivered);

/** Days in (from, to] that fall in the peak. */
const peakDaysIn = (from: IsoDate, to: IsoDate, peak: Peak | null): number => {
  if (peak === null) return 0;
  const first = later(addDays(from, 1), peak.from);
  const last = earlier(to, peak.to);
  return Math.max(0, daysBetween(first, last) + 1);
};

/** Expected sales in (from, to]: ADS a day, × upliftBp / 10 000 on peak days. */
export const demandBetween = (ads: number, from: IsoDate, to: IsoDate, peak: Peak | null): number => {
  const peakDays = peakDaysIn(from, to, peak);
  const upliftFactor = peak === null ? 1 : peak.upliftBp / FULL_BP;
  return ads * (daysBetween(from, to) - peakDays + peakDays * upliftFactor);
};

interface Position {
  readonly report: CoverageStockReport;
  readonly ads: number;
  /** onHand ÷ ADS; null when nothing sells. */
  readonly dos: number | null;
  /** ADS × safety days. */
  readonly safetyStock: number;
}

const positionOf = (report: CoverageStockReport, ads: number, safetyDays: number): Position => ({
  report,
  ads,
  dos: ads === 0 ? null : report.onHand / ads,
  safetyStock: ads * safetyDays,
});

/**
 * Stock expected at `date`: the latest report's on hand − demand since that report + what the
 * batches not yet fully delivered bring by then (late batches count as arriving).
 */
const projectedStock = (position: Position, date: IsoDate, input: CoverageInput, peak: Peak | null): number =>
  position.report.onHand -
  demandBetween(position.ads, position.report.asOf, date, peak) +
  input.batches.filter((b) => b.eta <= date).reduce((sum, b) => sum + outstanding(b), 0);

const remainingOf = (input: CoverageInput): number => Math.max(0, input.committedQty - input.deliveredQty);

/**
 * A peak (not over) that starts within lead time + the horizon (30 days in v1) and whose end
 * the projected stock does not reach with the uplifted safety stock.
 */
const peakUndercovered = (position: Position, input: CoverageInput, peak: Peak): boolean =>
  peak.from <= addDays(input.asOf, input.leadTimeDays + input.policy.coverage.peakHorizonDays) &&
  projectedStock(position, peak.to, input, peak) < (position.safetyStock * peak.upliftBp) / FULL_BP;

/**
 * Even every committed unit not yet delivered, whenever it comes, falls short of the demand
 * to the peak's end plus safety stock.
 */
const commitmentGap = (position: Position, input: CoverageInput, peak: Peak): boolean =>
  position.report.onHand + remainingOf(input) <
  demandBetween(position.ads, position.report.asOf, peak.to, peak) + position.safetyStock;

/** The flags that need a sales rate: none of them is raised on INSUFFICIENT_DATA. */
const salesFlags = (position: Position, input: CoverageInput, peak: Peak | null): readonly CoverageFlag[] => {
  const { dos, safetyStock } = position;
  const peakAhead = peak !== null && peak.to >= input.asOf ? peak : null;
  const raised: Partial<Record<CoverageFlag, boolean>> = {
    BELOW_SAFETY: dos !== null && dos < input.safetyDays,
    STOCKOUT_RISK:
      projectedStock(position, addDays(input.asOf, input.leadTimeDays), input, peak) < safetyStock,
    PEAK_UNDERCOVERED: peakAhead !== null && peakUndercovered(position, input, peakAhead),
    COMMITMENT_GAP: peakAhead !== null && commitmentGap(position, input, peakAhead),
    // No sales at all with stock on the shelf is the extreme of overstock.
    OVERSTOCK: dos === null ? position.report.onHand > 0 : dos > input.policy.coverage.overstockDays,
  };
  return COVERAGE_FLAGS.filter((flag) => raised[flag] === true);
};

/** No report at all is as stale as it gets. */
const isStale = (latest: CoverageStockReport | undefined, input: CoverageInput): boolean =>
  latest === undefined || daysBetween(latest.asOf, input.asOf) > input.staleAfterDays;

const isCut = (lastFillRatioBp: number | null | undefined): boolean =>
  lastFillRatioBp !== undefined && lastFillRatioBp !== null && lastFillRatioBp < FULL_BP;

const nextBatchOf = (batches: readonly CoverageBatch[], asOf: IsoDate): NextBatch | null => {
  const next = batches
    .filter((b) => b.eta >= asOf && b.delivered < b.qty)
    // Stable sort: equal ETAs keep input order.
    .sort((a, b) => (a.eta < b.eta ? -1 : a.eta > b.eta ? 1 : 0))
    .at(0);
  return next === undefined
    ? null
    : {
        batchId: next.batchId ?? null,
        eta: next.eta,
        qty: next.qty,
        shipped: next.shipped,
        delivered: next.delivered,
      };
};

export const coverage = (input: CoverageInput): Coverage => {
  const reports = input.reports.filter((r) => r.asOf <= input.asOf);
  const latest = reports.at(-1);
  const sales = averageDailySales(reports, input.policy);
  const peak = input.peak ?? null;
  const position =
    latest !== undefined && sales.ads !== null ? positionOf(latest, sales.ads, input.safetyDays) : null;
  const flags = new Set<CoverageFlag>(position === null ? [] : salesFlags(position, input, peak));
  if (isStale(latest, input)) flags.add('STALE_DATA');
  if (isCut(input.lastFillRatioBp)) flags.add('ALLOCATION_CUT');
  const dos = position?.dos ?? null;
  return {
    asOf: input.asOf,
    lastReportAsOf: latest?.asOf ?? null,
    onHand: latest?.onHand ?? null,
    adsStatus: sales.status,
    ads: sales.ads,
    adsDays: sales.days,
    dos,
    weeksOfCover: dos === null ? null : dos / 7,
    safetyStock: position?.safetyStock ?? null,
    projectedAtLeadTime:
      position === null
        ? null
        : projectedStock(position, addDays(input.asOf, input.leadTimeDays), input, peak),
    pipeline: input.batches.reduce((sum, b) => sum + outstanding(b), 0),
    remainingCommitted: remainingOf(input),
    nextBatch: nextBatchOf(input.batches, input.asOf),
    peak,
    flags: COVERAGE_FLAGS.filter((flag) => flags.has(flag)),
  };
};
