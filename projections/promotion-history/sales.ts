// The internal daily-sales lookup, one document per account × SKU. Every stock report becomes a
// span (after, through] of `soldSinceLast` units spread evenly over its days (the convention of
// the coverage math, domain/supply/coverage.ts `averageDailySales`):
// - a commitment's later report covers the days since that commitment's previous report;
// - a commitment's first report covers the days since the previous report of the same account ×
//   SKU from any commitment (at a supply-year change the new commitment's first report takes up
//   where the old one's last stopped), or, for the account × SKU's very first report, since the
//   commitment started: the later of its window's first day and the day it was created (it tracked
//   nothing before), and never later than the report's own day (then its sales fall on that day).
// The account's stock of a SKU is one stock whatever number of commitments it is reported to, so
// a day counts once: when spans of several reports cover it, the last report received restates
// it. Spans are kept whole rather than as per-day fractions, so a fully covered range sums to
// exact units.
import { addDays, daysBetween, type DateRange, type IsoDate } from '../../domain/kernel/index.js';
import { collection } from '../projection.js';

export interface SalesSpan {
  /** The day before the span's first day (the previous report's day, or the commitment's start − 1). */
  readonly after: IsoDate;
  /** The report's day, included. */
  readonly through: IsoDate;
  readonly sold: number;
}

export interface SalesDoc {
  readonly accountId: string;
  readonly sku: string;
  /** In the order the reports arrived: of two spans covering a day, the later one counts. */
  readonly spans: readonly SalesSpan[];
}

export const salesCollection = collection<SalesDoc>({
  table: 'promotion_history_sales',
  key: 'account_sku',
  columns: [
    { name: 'account_id', type: 'TEXT', description: 'The account.' },
    { name: 'sku', type: 'TEXT', description: 'The SKU.' },
    { name: 'spans', type: 'INTEGER', description: 'Stock-report spans recorded.' },
  ],
  indexes: [],
  toRow: (doc) => ({ account_id: doc.accountId, sku: doc.sku, spans: doc.spans.length }),
  internal: true,
});

const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/** The latest report day of the account × SKU strictly before `asOf`; undefined when none. */
export const previousReportDay = (spans: readonly SalesSpan[], asOf: IsoDate): IsoDate | undefined =>
  spans.reduce<IsoDate | undefined>(
    (latest, span) =>
      span.through < asOf && (latest === undefined || span.through > latest) ? span.through : latest,
    undefined,
  );

/** The span of a commitment's first report: see the header. `start` is the commitment's first day. */
export const firstReportSpan = (
  spans: readonly SalesSpan[],
  start: IsoDate,
  asOf: IsoDate,
  sold: number,
): SalesSpan => ({
  after: previousReportDay(spans, asOf) ?? addDays(earlier(start, asOf), -1),
  through: asOf,
  sold,
});

/** What a range's days sold, and the same net of the season. */
export interface SalesInRange {
  /** Units sold on the covered days. */
  readonly sold: number;
  /** Days of the range some report covers: an average is over these, so a range only partly reported is not diluted. */
  readonly days: number;
  /** Units sold, each day's ÷ its season factor: what the days would have sold outside a peak. */
  readonly deseasonalisedSold: number;
  /** The season factors of the covered days, summed: the days a base rate sells on, peak days weighted. */
  readonly seasonDays: number;
}

export type Season = (day: IsoDate) => number;
const NO_SEASON: Season = () => 1;

/**
 * What a range's days sold (both ends inclusive), each day counted once, from the last report
 * received that covers it. `season` is a day's demand factor (a peak's uplift, 1 outside peaks).
 */
export const salesIn = (
  spans: readonly SalesSpan[],
  range: DateRange,
  season: Season = NO_SEASON,
): SalesInRange => {
  const winners = winnersOf(spans, range);
  // Per winning span, the days it supplies grouped by season factor: whole spans × counts, exact sums.
  const won = new Map<number, Map<number, number>>();
  let days = 0;
  let seasonDays = 0;
  let day = range.from;
  for (let offset = 0; offset < winners.length; offset += 1, day = nextDay(day)) {
    const index = winners[offset]!;
    if (index < 0) continue;
    const factor = season(day);
    const counts = won.get(index) ?? new Map<number, number>();
    counts.set(factor, (counts.get(factor) ?? 0) + 1);
    won.set(index, counts);
    days += 1;
    seasonDays += factor;
  }
  let sold = 0;
  let deseasonalisedSold = 0;
  for (const [index, counts] of [...won].sort(([a], [b]) => a - b)) {
    const span = spans[index] as SalesSpan;
    const length = daysBetween(span.after, span.through);
    for (const [factor, count] of counts) {
      const units = (span.sold * count) / length;
      sold += units;
      deseasonalisedSold += units / factor;
    }
  }
  return { sold, days, deseasonalisedSold, seasonDays };
};

/**
 * For each day of the range (by its offset from `range.from`), the index of the last span
 * received that covers it, −1 for none: the spans touching the range are laid over the days in
 * the order received, so each costs its days in the range, not a search per day.
 */
const winnersOf = (spans: readonly SalesSpan[], range: DateRange): Int32Array => {
  const { from, to } = range;
  const winners = new Int32Array(Math.max(0, daysBetween(from, to) + 1)).fill(-1);
  for (let index = 0; index < spans.length; index += 1) {
    const { after, through } = spans[index]!;
    // Touching the range (spanTouches): the span holds the days after `after` through `through`.
    if (!(after < to && through >= from)) continue;
    const first = Math.max(0, daysBetween(from, after) + 1);
    const last = Math.min(winners.length - 1, daysBetween(from, through));
    winners.fill(index, first, last + 1);
  }
  return winners;
};

// A range's days are walked one after the other, over and over (every promotion a report
// reaches): the day after each day is kept rather than computed again.
const nextDays = new Map<IsoDate, IsoDate>();
const nextDay = (day: IsoDate): IsoDate => {
  let next = nextDays.get(day);
  if (next === undefined) nextDays.set(day, (next = addDays(day, 1)));
  return next;
};

/** Whether a span has days inside the range. */
export const spanTouches = (span: SalesSpan, range: DateRange): boolean =>
  span.after < range.to && span.through >= range.from;

/** The first day a commitment tracks: the later of its window's first day and its creation. */
export const commitmentStart = (window: DateRange, createdOn: IsoDate): IsoDate =>
  later(window.from, createdOn);
