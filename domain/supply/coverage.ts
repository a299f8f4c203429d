// Stock coverage of one commitment as of a day: how long the account's stock lasts at its
// sell-through, what is on the way, and the flags that call for action (the stock_coverage read
// model's row). Pure and deterministic: ADS and DOS are plain numbers (they are rates, not money),
// computed in a fixed order from the same input, exact (the read model rounds them to serve them).
// A past asOf sees only what was known that day: reports up to it, batches scheduled by it,
// shipments and deliveries made by it.
import { addDays, daysBetween, FULL_BP, type IsoDate, type Peak, type Policy } from '../kernel/index.js';
import { isDeliveryLate, type BatchOnDay, type DatedQty } from './delivery-punctuality.js';

export * from './delivery-punctuality.js';

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
  /** Cumulative, as known now; when `shipments` is given, its entries up to asOf count instead. */
  readonly shipped: number;
  /** Cumulative, as known now; when `deliveries` is given, its entries up to asOf count instead. */
  readonly delivered: number;
  /** The day it was scheduled: not seen on an earlier asOf. Absent: seen on every day. */
  readonly scheduledOn?: IsoDate;
  readonly shipments?: readonly DatedQty[];
  /**
   * Dated deliveries (the day of each BatchDelivered's `at`). Those on a later day than the
   * latest report are added to its on hand (estimated on hand); one on the report's own day is
   * taken as counted in it. Absent: every delivered unit is taken as counted in the report.
   */
  readonly deliveries?: readonly DatedQty[];
  /** The day its commitment closed: from then on, what is outstanding will not come. */
  readonly closedOn?: IsoDate | null;
}

export interface CoverageInput {
  /** Today: the day the row or the daily snapshot is for. Reports after it are ignored. */
  readonly asOf: IsoDate;
  /** Chronological, asOf strictly increasing. */
  readonly reports: readonly CoverageStockReport[];
  readonly batches: readonly CoverageBatch[];
  readonly committedQty: number;
  readonly deliveredQty: number;
  /** The season the peak flags look at. */
  readonly peak?: Peak | null;
  /**
   * Every season known for the account × SKU (the first listed wins on a day two cover), for
   * the uplift of each day: a past one de-seasonalises the sales, a coming one raises demand.
   * `peak` always counts, listed here or not.
   */
  readonly peaks?: readonly Peak[];
  readonly safetyDays: number;
  /** From the agreement's delivery terms. */
  readonly leadTimeDays: number;
  /** From the tier's policy terms: 7 days for A, 14 for B and C in v1. */
  readonly staleAfterDays: number;
  /** Of the latest SupplyAllocated up to asOf, if any. */
  readonly lastFillRatioBp?: number | null;
  /** The account is LOST on asOf: the figures stand, no flag is raised. */
  readonly accountLost?: boolean;
  /** No commitment is open on asOf: the figures stand, no flag is raised. */
  readonly closed?: boolean;
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
  'DELIVERY_LATE',
] as const;
export type CoverageFlag = (typeof COVERAGE_FLAGS)[number];

export type AdsStatus = 'OK' | 'INSUFFICIENT_DATA';

export interface SalesRate {
  readonly status: AdsStatus;
  /** Base daily sell-through (peak days ÷ their uplift); null on INSUFFICIENT_DATA. */
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
  /** On hand as last reported. */
  readonly onHand: number | null;
  /** Units delivered after the latest report, up to asOf; null without a report. */
  readonly deliveredSinceReport: number | null;
  /**
   * max(0, reported on hand − demand since the report) + units delivered since: the stock on
   * asOf. Without a sales rate, the reported on hand + the deliveries since. Null without a report.
   */
  readonly estimatedOnHand: number | null;
  readonly adsStatus: AdsStatus;
  /**
   * The BASE average daily sell-through: sales on peak days divided by the peak's uplift. The
   * demand of a day is ads × that day's uplift (1 outside a peak); never multiply an uplift
   * into it twice.
   */
  readonly ads: number | null;
  readonly adsDays: number;
  /** Days of supply, estimated on hand ÷ today's demand; null when ADS is unknown or demand is zero. */
  readonly dos: number | null;
  readonly weeksOfCover: number | null;
  /** Today's demand × safety days. */
  readonly safetyStock: number | null;
  /** Projected stock at today + lead time. */
  readonly projectedAtLeadTime: number | null;
  /** Scheduled − delivered of the batches still expected (scheduled or shipped, not delivered). */
  readonly pipeline: number;
  /** Committed − delivered. */
  readonly remainingCommitted: number;
  /** The earliest batch due today or later that is not fully delivered. */
  readonly nextBatch: NextBatch | null;
  readonly peak: Peak | null;
  /** In the order of COVERAGE_FLAGS; none for a LOST account or a closed commitment. */
  readonly flags: readonly CoverageFlag[];
}

const INSUFFICIENT: SalesRate = { status: 'INSUFFICIENT_DATA', ads: null, days: 0 };

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

const asSeasons = (peaks: Peak | readonly Peak[] | null): readonly Peak[] =>
  peaks === null ? [] : 'upliftBp' in peaks ? [peaks as Peak] : (peaks as readonly Peak[]);

/** Days in (from, to] that fall in the season. */
const seasonDaysIn = (from: IsoDate, to: IsoDate, season: Peak): number =>
  Math.max(0, daysBetween(later(addDays(from, 1), season.from), earlier(to, season.to)) + 1);

/**
 * Σ of the days' uplifts over (from, to]: the days, each peak day weighing its uplift. A day
 * two seasons cover counts in the first only (counted day by day only then).
 */
const demandDaysBetween = (from: IsoDate, to: IsoDate, seasons: readonly Peak[]): number => {
  if (to <= from) return 0;
  const [only] = seasons;
  if (seasons.length <= 1) {
    return (
      daysBetween(from, to) +
      (only === undefined ? 0 : seasonDaysIn(from, to, only) * (only.upliftBp / FULL_BP - 1))
    );
  }
  // Days as offsets from `from`: (from, to] is 1..span, each season a sub-range of it.
  const span = daysBetween(from, to);
  const ranges = seasons.map((season) => ({
    first: Math.max(1, daysBetween(from, season.from)),
    last: Math.min(span, daysBetween(from, season.to)),
  }));
  /** The day falls in a season listed before the i-th: it counts there. */
  const claimedBefore = (i: number, day: number): boolean => {
    for (let j = 0; j < i; j += 1) if (ranges[j]!.first <= day && day <= ranges[j]!.last) return true;
    return false;
  };
  let extra = 0;
  seasons.forEach((season, i) => {
    const { first, last } = ranges[i]!;
    let days = 0;
    for (let day = first; day <= last; day += 1) if (!claimedBefore(i, day)) days += 1;
    extra += days * (season.upliftBp / FULL_BP - 1);
  });
  return span + extra;
};

const upliftOn = (day: IsoDate, seasons: readonly Peak[]): number => {
  const season = seasons.find((p) => p.from <= day && day <= p.to);
  return season === undefined ? 1 : season.upliftBp / FULL_BP;
};

/**
 * Base units sold over the ADS window (28 days in v1) ending at the latest report, ÷ the days
 * those sales cover. Each report's sales span the days since the report before it, spread over
 * them in proportion to each day's demand (its uplift), and each day's share is divided by its
 * uplift: a span of w demand-days contributes sold × (its days in the window) ÷ w. The first
 * report's sales cover an unknown span and are not counted; a span of zero demand (closed
 * days) says nothing of the rate. Fewer days than adsMinDays: INSUFFICIENT_DATA.
 */
export const averageDailySales = (
  reports: readonly CoverageStockReport[],
  policy: Policy,
  seasons: readonly Peak[] = [],
): SalesRate => {
  const latest = reports.at(-1);
  if (latest === undefined) return INSUFFICIENT;
  const windowStart = addDays(latest.asOf, -policy.coverage.adsWindowDays);
  let sold = 0;
  let days = 0;
  // Only the reports after the window's start count: walked from the latest back to the first
  // of them, so a long history costs the window, not the history.
  let first = reports.length - 1;
  while (first > 1 && reports[first - 1]!.asOf > windowStart) first -= 1;
  for (let i = Math.max(1, first); i < reports.length; i += 1) {
    const previous = reports[i - 1]!;
    const report = reports[i]!;
    const counted = daysBetween(later(previous.asOf, windowStart), report.asOf);
    if (counted <= 0) continue;
    const weight = demandDaysBetween(previous.asOf, report.asOf, seasons);
    if (weight > 0) {
      sold += (report.soldSinceLast * counted) / weight;
      days += counted;
    }
  }
  return days >= policy.coverage.adsMinDays
    ? { status: 'OK', ads: sold / days, days }
    : { ...INSUFFICIENT, days };
};

/** Expected sales in (from, to]: base ADS a day, × the day's uplift on peak days. */
export const demandBetween = (
  ads: number,
  from: IsoDate,
  to: IsoDate,
  peaks: Peak | readonly Peak[] | null,
): number => ads * demandDaysBetween(from, to, asSeasons(peaks));

/** A batch as known on asOf, with what it still brings. */
interface KnownBatch extends BatchOnDay {
  readonly batchId: string | null;
  readonly shipped: number;
  readonly deliveries: readonly DatedQty[] | undefined;
}

const sumUpTo = (moves: readonly DatedQty[], day: IsoDate): number =>
  moves.reduce((sum, m) => (m.on <= day ? sum + m.qty : sum), 0);

const knownOn = (batch: CoverageBatch, asOf: IsoDate): KnownBatch => ({
  batchId: batch.batchId ?? null,
  eta: batch.eta,
  qty: batch.qty,
  shipped: batch.shipments === undefined ? batch.shipped : sumUpTo(batch.shipments, asOf),
  delivered: batch.deliveries === undefined ? batch.delivered : sumUpTo(batch.deliveries, asOf),
  deliveries: batch.deliveries?.filter((d) => d.on <= asOf),
  closed: batch.closedOn !== undefined && batch.closedOn !== null && batch.closedOn <= asOf,
});

const batchesOn = (batches: readonly CoverageBatch[], asOf: IsoDate): readonly KnownBatch[] =>
  batches.filter((b) => b.scheduledOn === undefined || b.scheduledOn <= asOf).map((b) => knownOn(b, asOf));

/** What a batch still brings: nothing once its commitment is closed. */
const outstanding = (batch: KnownBatch): number =>
  batch.closed ? 0 : Math.max(0, batch.qty - batch.delivered);

const deliveredAfter = (batches: readonly KnownBatch[], day: IsoDate): number =>
  batches.reduce((sum, b) => sum + (b.deliveries ?? []).reduce((s, d) => (d.on > day ? s + d.qty : s), 0), 0);

/** Where the stock stands on asOf, for a known sales rate. */
interface Position {
  readonly asOf: IsoDate;
  /** Base ADS. */
  readonly ads: number;
  readonly seasons: readonly Peak[];
  readonly estimatedOnHand: number;
  /** Estimated on hand ÷ today's demand; null when nothing sells today. */
  readonly dos: number | null;
  /** Today's demand × safety days. */
  readonly safetyStock: number;
  readonly batches: readonly KnownBatch[];
}

/**
 * Stock expected at `date`: estimated on hand − demand from asOf + what the batches still
 * expected bring by then (late batches count as arriving).
 */
const projectedStock = (position: Position, date: IsoDate): number =>
  position.estimatedOnHand -
  demandBetween(position.ads, position.asOf, date, position.seasons) +
  position.batches.filter((b) => b.eta <= date).reduce((sum, b) => sum + outstanding(b), 0);

const remainingOf = (input: CoverageInput): number => Math.max(0, input.committedQty - input.deliveredQty);

/**
 * A peak (not over) that starts within lead time + the horizon (30 days in v1) and whose end
 * the projected stock does not reach with the safety stock at peak demand.
 */
const peakUndercovered = (position: Position, input: CoverageInput, peak: Peak): boolean =>
  peak.from <= addDays(input.asOf, input.leadTimeDays + input.policy.coverage.peakHorizonDays) &&
  projectedStock(position, peak.to) < (position.ads * input.safetyDays * peak.upliftBp) / FULL_BP;

/**
 * Even every committed unit not yet delivered, whenever it comes, falls short of the demand
 * to the peak's end plus safety stock.
 */
const commitmentGap = (position: Position, input: CoverageInput, peak: Peak): boolean =>
  position.estimatedOnHand + remainingOf(input) <
  demandBetween(position.ads, position.asOf, peak.to, position.seasons) + position.safetyStock;

/** The flags that need a sales rate: none of them is raised on INSUFFICIENT_DATA. */
const salesFlags = (position: Position, input: CoverageInput, peak: Peak | null): readonly CoverageFlag[] => {
  const { dos, safetyStock } = position;
  const peakAhead = peak !== null && peak.to >= input.asOf ? peak : null;
  const raised: Partial<Record<CoverageFlag, boolean>> = {
    BELOW_SAFETY: dos !== null && dos < input.safetyDays,
    STOCKOUT_RISK: projectedStock(position, addDays(input.asOf, input.leadTimeDays)) < safetyStock,
    PEAK_UNDERCOVERED: peakAhead !== null && peakUndercovered(position, input, peakAhead),
    COMMITMENT_GAP: peakAhead !== null && commitmentGap(position, input, peakAhead),
    // No sales at all with stock on the shelf is the extreme of overstock.
    OVERSTOCK: dos === null ? position.estimatedOnHand > 0 : dos > input.policy.coverage.overstockDays,
  };
  return COVERAGE_FLAGS.filter((flag) => raised[flag] === true);
};

/** No report at all is as stale as it gets. */
const isStale = (latest: CoverageStockReport | undefined, input: CoverageInput): boolean =>
  latest === undefined || daysBetween(latest.asOf, input.asOf) > input.staleAfterDays;

const isCut = (lastFillRatioBp: number | null | undefined): boolean =>
  lastFillRatioBp !== undefined && lastFillRatioBp !== null && lastFillRatioBp < FULL_BP;

const nextBatchOf = (batches: readonly KnownBatch[], asOf: IsoDate): NextBatch | null => {
  const next = batches
    .filter((b) => b.eta >= asOf && outstanding(b) > 0)
    // Stable sort: equal ETAs keep input order.
    .sort((a, b) => (a.eta < b.eta ? -1 : a.eta > b.eta ? 1 : 0))
    .at(0);
  return next === undefined
    ? null
    : {
        batchId: next.batchId,
        eta: next.eta,
        qty: next.qty,
        shipped: next.shipped,
        delivered: next.delivered,
      };
};

/** The seasons of the input, `peak` included. */
const seasonsOf = (input: CoverageInput): readonly Peak[] => {
  const peaks = input.peaks ?? [];
  const peak = input.peak ?? null;
  const listed =
    peak === null ||
    peaks.some((p) => p.from === peak.from && p.to === peak.to && p.upliftBp === peak.upliftBp);
  return listed ? peaks : [...peaks, peak];
};

const flagsOf = (
  input: CoverageInput,
  position: Position | null,
  latest: CoverageStockReport | undefined,
  batches: readonly KnownBatch[],
): readonly CoverageFlag[] => {
  if (input.accountLost === true || input.closed === true) return [];
  const flags = new Set<CoverageFlag>(
    position === null ? [] : salesFlags(position, input, input.peak ?? null),
  );
  if (isStale(latest, input)) flags.add('STALE_DATA');
  if (isCut(input.lastFillRatioBp)) flags.add('ALLOCATION_CUT');
  if (isDeliveryLate(batches, input.asOf)) flags.add('DELIVERY_LATE');
  return COVERAGE_FLAGS.filter((flag) => flags.has(flag));
};

const positionOf = (
  input: CoverageInput,
  ads: number,
  seasons: readonly Peak[],
  estimatedOnHand: number,
  batches: readonly KnownBatch[],
): Position => {
  const demandToday = ads * upliftOn(input.asOf, seasons);
  return {
    asOf: input.asOf,
    ads,
    seasons,
    estimatedOnHand,
    dos: demandToday === 0 ? null : estimatedOnHand / demandToday,
    safetyStock: demandToday * input.safetyDays,
    batches,
  };
};

export const coverage = (input: CoverageInput): Coverage => {
  const reports = input.reports.filter((r) => r.asOf <= input.asOf);
  const latest = reports.at(-1);
  const seasons = seasonsOf(input);
  const sales = averageDailySales(reports, input.policy, seasons);
  const batches = batchesOn(input.batches, input.asOf);
  const deliveredSinceReport = latest === undefined ? null : deliveredAfter(batches, latest.asOf);
  const estimatedOnHand =
    latest === undefined
      ? null
      : Math.max(0, latest.onHand - demandBetween(sales.ads ?? 0, latest.asOf, input.asOf, seasons)) +
        (deliveredSinceReport ?? 0);
  const position: Position | null =
    estimatedOnHand === null || sales.ads === null
      ? null
      : positionOf(input, sales.ads, seasons, estimatedOnHand, batches);
  const dos = position?.dos ?? null;
  return {
    asOf: input.asOf,
    lastReportAsOf: latest?.asOf ?? null,
    onHand: latest?.onHand ?? null,
    deliveredSinceReport,
    estimatedOnHand,
    adsStatus: sales.status,
    ads: sales.ads,
    adsDays: sales.days,
    dos,
    weeksOfCover: dos === null ? null : dos / 7,
    safetyStock: position?.safetyStock ?? null,
    projectedAtLeadTime:
      position === null ? null : projectedStock(position, addDays(input.asOf, input.leadTimeDays)),
    pipeline: batches.reduce((sum, b) => sum + outstanding(b), 0),
    remainingCommitted: remainingOf(input),
    nextBatch: nextBatchOf(batches, input.asOf),
    peak: input.peak ?? null,
    flags: flagsOf(input, position, latest, batches),
  };
};
