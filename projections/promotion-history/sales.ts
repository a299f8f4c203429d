// The internal daily-sales lookup, one document per account × SKU. A stock report's
// `soldSinceLast` covers the days since the commitment's previous report, so each report after
// the first becomes a span (after, through] of that many units, spread evenly over its days —
// the convention of the coverage math (domain/supply/coverage.ts `averageDailySales`): the first
// report's sales cover an unknown span and are not counted. Spans are kept whole rather than as
// per-day fractions, so a fully covered range sums to exact units.
import { addDays, daysBetween, type DateRange, type IsoDate } from '../../domain/kernel/index.js';
import { collection } from '../projection.js';

export interface SalesSpan {
  /** The previous report's day: the span starts the day after. */
  readonly after: IsoDate;
  /** The report's day, included. */
  readonly through: IsoDate;
  readonly sold: number;
}

export interface SalesDoc {
  readonly accountId: string;
  readonly sku: string;
  /** In the order the reports arrived; spans of different commitments of the SKU may overlap. */
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

/** Units sold in a range and the distinct days of the range that some report covers. */
export interface SalesInRange {
  readonly sold: number;
  readonly days: number;
}

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

/**
 * Sales in `range` (both ends inclusive): each span counts pro rata to its days inside the
 * range. `days` counts a day once even when two commitments' spans cover it, so an average is
 * sold ÷ days over the days that have data — a range only partly reported is not diluted.
 */
export const salesIn = (spans: readonly SalesSpan[], range: DateRange): SalesInRange => {
  let sold = 0;
  const covered = new Set<IsoDate>();
  for (const span of spans) {
    const first = later(addDays(span.after, 1), range.from);
    const last = earlier(span.through, range.to);
    const counted = daysBetween(first, last) + 1;
    if (counted <= 0) continue;
    sold += (span.sold * counted) / daysBetween(span.after, span.through);
    for (let day = first; day <= last; day = addDays(day, 1)) covered.add(day);
  }
  return { sold, days: covered.size };
};

/** Whether a span has days inside the range. */
export const spanTouches = (span: SalesSpan, range: DateRange): boolean =>
  span.after < range.to && span.through >= range.from;
