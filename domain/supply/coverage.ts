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

/** The batches of one commitment and the day it closed, if it did. */
export interface BatchGroup {
  readonly closedOn: IsoDate | null;
  readonly batches: readonly CoverageBatch[];
}

export interface CoverageInput {
  /** Today: the day the row or the daily snapshot is for. Reports after it are ignored. */
  readonly asOf: IsoDate;
  /** Chronological, asOf strictly increasing. */
  readonly reports: readonly CoverageStockReport[];
  readonly batches: readonly CoverageBatch[];
  /**
   * More batches, by commitment: a group's `closedOn` is each of its batches' (theirs is not
   * read), so a caller holding batches per commitment passes them without a copy of each.
   * They come after `batches`.
   */
  readonly batchGroups?: readonly BatchGroup[];
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
const demandDaysBetween = (from: IsoDate, to: IsoDate, all: readonly Peak[]): number => {
  if (to <= from) return 0;
  // A season holding no day of (from, to] adds nothing (nor claims a day): most spans meet one
  // season or none, and take the short way.
  const seasons = all.length <= 1 ? all : all.filter((season) => season.from <= to && season.to > from);
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
  let extra = 0;
  seasons.forEach((season, i) => {
    extra += unclaimedDays(ranges, i) * (season.upliftBp / FULL_BP - 1);
  });
  return span + extra;
};

/** A range of day numbers, both ends included (empty when last < first). */
interface DayRange {
  readonly first: number;
  readonly last: number;
}

/**
 * The days of the i-th range that no range listed before it holds: its length less what the
 * earlier ones cover of it, merged, so the count costs the seasons, not their days.
 */
const unclaimedDays = (ranges: readonly DayRange[], i: number): number => {
  const { first, last } = ranges[i]!;
  if (last < first) return 0;
  const claimed = ranges
    .slice(0, i)
    .map((r) => ({ first: Math.max(first, r.first), last: Math.min(last, r.last) }))
    .filter((r) => r.first <= r.last)
    .sort((a, b) => a.first - b.first);
  let days = last - first + 1;
  let covered = first - 1; // the last day counted as claimed so far
  for (const r of claimed) {
    const from = Math.max(r.first, covered + 1);
    if (r.last >= from) {
      days -= r.last - from + 1;
      covered = r.last;
    }
  }
  return days;
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

const sumUpTo = (moves: readonly DatedQty[], day: IsoDate): number => {
  let sum = 0;
  for (const m of moves) if (m.on <= day) sum += m.qty;
  return sum;
};

/** The moves up to the day: the list itself when none is later (the usual case, asOf today). */
const upTo = (moves: readonly DatedQty[], day: IsoDate): readonly DatedQty[] => {
  for (const m of moves) if (m.on > day) return moves.filter((d) => d.on <= day);
  return moves;
};

const knownOn = (batch: CoverageBatch, asOf: IsoDate, closedOn: IsoDate | null | undefined): KnownBatch => ({
  batchId: batch.batchId ?? null,
  eta: batch.eta,
  qty: batch.qty,
  shipped: batch.shipments === undefined ? batch.shipped : sumUpTo(batch.shipments, asOf),
  delivered: batch.deliveries === undefined ? batch.delivered : sumUpTo(batch.deliveries, asOf),
  deliveries: batch.deliveries === undefined ? undefined : upTo(batch.deliveries, asOf),
  closed: closedOn !== undefined && closedOn !== null && closedOn <= asOf,
});

const seenOn = (batch: CoverageBatch, asOf: IsoDate): boolean =>
  batch.scheduledOn === undefined || batch.scheduledOn <= asOf;

const batchesOn = (input: CoverageInput): readonly KnownBatch[] => {
  const { asOf } = input;
  const known: KnownBatch[] = [];
  for (const b of input.batches) if (seenOn(b, asOf)) known.push(knownOn(b, asOf, b.closedOn));
  for (const group of input.batchGroups ?? [])
    for (const b of group.batches) if (seenOn(b, asOf)) known.push(knownOn(b, asOf, group.closedOn));
  return known;
};

/** What a batch still brings: nothing once its commitment is closed. */
const outstanding = (batch: KnownBatch): number =>
  batch.closed ? 0 : Math.max(0, batch.qty - batch.delivered);

const deliveredAfter = (batches: readonly KnownBatch[], day: IsoDate): number => {
  let sum = 0;
  for (const b of batches) {
    let s = 0;
    for (const d of b.deliveries ?? []) if (d.on > day) s += d.qty;
    sum += s;
  }
  return sum;
};

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
const projectedStock = (position: Position, date: IsoDate): number => {
  let arriving = 0;
  for (const b of position.batches) if (b.eta <= date) arriving += outstanding(b);
  return (
    position.estimatedOnHand - demandBetween(position.ads, position.asOf, date, position.seasons) + arriving
  );
};

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

/** The flags that need a sales rate (none of them is raised on INSUFFICIENT_DATA), into `raised`. */
const raiseSalesFlags = (
  raised: Set<CoverageFlag>,
  position: Position,
  input: CoverageInput,
  atLeadTime: number,
): void => {
  const { dos, safetyStock } = position;
  const peak = input.peak ?? null;
  const peakAhead = peak !== null && peak.to >= input.asOf ? peak : null;
  if (dos !== null && dos < input.safetyDays) raised.add('BELOW_SAFETY');
  if (atLeadTime < safetyStock) raised.add('STOCKOUT_RISK');
  if (peakAhead !== null && peakUndercovered(position, input, peakAhead)) raised.add('PEAK_UNDERCOVERED');
  if (peakAhead !== null && commitmentGap(position, input, peakAhead)) raised.add('COMMITMENT_GAP');
  // No sales at all with stock on the shelf is the extreme of overstock.
  if (dos === null ? position.estimatedOnHand > 0 : dos > input.policy.coverage.overstockDays)
    raised.add('OVERSTOCK');
};

/** No report at all is as stale as it gets. */
const isStale = (latest: CoverageStockReport | undefined, input: CoverageInput): boolean =>
  latest === undefined || daysBetween(latest.asOf, input.asOf) > input.staleAfterDays;

const isCut = (lastFillRatioBp: number | null | undefined): boolean =>
  lastFillRatioBp !== undefined && lastFillRatioBp !== null && lastFillRatioBp < FULL_BP;

/** The earliest ETA on asOf or later with something outstanding; of equal ETAs, the first listed. */
const nextBatchOf = (batches: readonly KnownBatch[], asOf: IsoDate): NextBatch | null => {
  let next: KnownBatch | undefined;
  for (const b of batches)
    if (b.eta >= asOf && outstanding(b) > 0 && (next === undefined || b.eta < next.eta)) next = b;
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
  atLeadTime: number | null,
  latest: CoverageStockReport | undefined,
  batches: readonly KnownBatch[],
): readonly CoverageFlag[] => {
  if (input.accountLost === true || input.closed === true) return [];
  const flags = new Set<CoverageFlag>();
  if (position !== null) raiseSalesFlags(flags, position, input, atLeadTime!);
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

/**
 * The reports up to asOf. They are chronological (see CoverageInput): when the latest is not
 * later than asOf (the usual case), the list itself.
 */
const reportsUpTo = (
  reports: readonly CoverageStockReport[],
  asOf: IsoDate,
): readonly CoverageStockReport[] => {
  const latest = reports.at(-1);
  return latest === undefined || latest.asOf <= asOf
    ? reports
    : reports.filter((report) => report.asOf <= asOf);
};

export const coverage = (input: CoverageInput): Coverage => {
  const reports = reportsUpTo(input.reports, input.asOf);
  const latest = reports.at(-1);
  const seasons = seasonsOf(input);
  const sales = averageDailySales(reports, input.policy, seasons);
  const batches = batchesOn(input);
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
  // Projected stock at today + lead time: a column, and what STOCKOUT_RISK compares.
  const atLeadTime =
    position === null ? null : projectedStock(position, addDays(input.asOf, input.leadTimeDays));
  let pipeline = 0;
  for (const b of batches) pipeline += outstanding(b);
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
    projectedAtLeadTime: atLeadTime,
    pipeline,
    remainingCommitted: remainingOf(input),
    nextBatch: nextBatchOf(batches, input.asOf),
    peak: input.peak ?? null,
    flags: flagsOf(input, position, atLeadTime, latest, batches),
  };
};
