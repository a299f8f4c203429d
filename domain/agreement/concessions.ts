// How much of the total concession cap an agreement uses. Counted per SKU and per day: on any
// day, the base discount plus the concessions of the approved promotions in force on a SKU that
// day must stay within the cap, so promotions on other SKUs or at other times do not add up.
import {
  domainError,
  within,
  type DateRange,
  type DomainError,
  type IsoDate,
  type Policy,
  type Tier,
} from '../kernel/index.js';
import { CONCESSIONS_ABOVE_TOTAL_CAP } from './errors.js';
import type { Promotion } from './state.js';
import { totalConcessionCapOf } from './tier-caps.js';

/** A concession in force on some SKUs over a window. */
export interface ConcessionSpan {
  readonly window: DateRange;
  readonly skus: readonly string[];
  readonly concessionBp: number;
}

export interface PeakConcession {
  readonly concessionBp: number;
  /** The first day the peak is reached; null when no concession is in force. */
  readonly day: IsoDate | null;
  /** The SKU it is reached on (the first in sort order on a tie); null with `day`. */
  readonly sku: string | null;
}

/** Which SKU-days a check looks at: every one (the default), or some SKUs over a range. */
export interface ConcessionScope {
  readonly skus?: readonly string[];
  readonly range?: DateRange;
}

const NO_PEAK: PeakConcession = { concessionBp: 0, day: null, sku: null };

/** The concessions of approved promotions; proposed and cancelled ones grant nothing. */
export const spansInForce = (promotions: Readonly<Record<string, Promotion>>): readonly ConcessionSpan[] =>
  Object.values(promotions)
    .filter((p) => p.status === 'APPROVED')
    .map((p) => ({ window: p.window, skus: p.skus, concessionBp: p.concessionBp }));

/** The sum of the concessions in force on one SKU on one day. */
export const concessionOn = (spans: readonly ConcessionSpan[], sku: string, day: IsoDate): number =>
  spans.reduce(
    (sum, span) => (span.skus.includes(sku) && within(span.window, day) ? sum + span.concessionBp : sum),
    0,
  );

/**
 * The most concession in force on one SKU on any one day (of `range`, when given). The sum only
 * rises where a window starts, so those days (and the range's first day) are the only candidates.
 */
const peakOnSku = (spans: readonly ConcessionSpan[], sku: string, range?: DateRange): PeakConcession => {
  const onSku = spans.filter((s) => s.skus.includes(sku));
  const starts = onSku.map((s) => s.window.from).filter((day) => range === undefined || within(range, day));
  const candidates = [...new Set(range === undefined ? starts : [range.from, ...starts])].sort();
  return candidates.reduce<PeakConcession>((peak, day) => {
    const concessionBp = concessionOn(onSku, sku, day);
    return concessionBp > peak.concessionBp ? { concessionBp, day, sku } : peak;
  }, NO_PEAK);
};

/** The busiest SKU-day within `scope`: the first day, then the first SKU, on a tie. */
export const peakConcession = (
  spans: readonly ConcessionSpan[],
  scope: ConcessionScope = {},
): PeakConcession => {
  const skus = [...new Set(scope.skus ?? spans.flatMap((s) => s.skus))].sort();
  return skus
    .map((sku) => peakOnSku(spans, sku, scope.range))
    .reduce<PeakConcession>((best, peak) => {
      if (peak.concessionBp > best.concessionBp) return peak;
      const earlier =
        peak.concessionBp === best.concessionBp &&
        peak.day !== null &&
        best.day !== null &&
        peak.day < best.day;
      return earlier ? peak : best;
    }, NO_PEAK);
};

/** The busiest SKU-day's base discount + concessions, for the cap checks and the read model. */
export const concessionUsed = (
  baseDiscountBp: number,
  spans: readonly ConcessionSpan[],
  scope: ConcessionScope = {},
) => {
  const peak = peakConcession(spans, scope);
  return {
    totalBp: baseDiscountBp + peak.concessionBp,
    concessionBp: peak.concessionBp,
    day: peak.day,
    sku: peak.sku,
  };
};

/** Base discount + concessions on every SKU-day of `scope` within the total concession cap of `tier`. */
export const concessionsWithinCap = (
  baseDiscountBp: number,
  spans: readonly ConcessionSpan[],
  tier: Tier,
  policy: Policy,
  scope: ConcessionScope = {},
): DomainError | undefined => {
  const capBp = totalConcessionCapOf(tier, policy);
  const used = concessionUsed(baseDiscountBp, spans, scope);
  const where = used.day === null ? 'every day' : `${used.sku ?? ''} on ${used.day}`;
  return used.totalBp <= capBp
    ? undefined
    : domainError(
        CONCESSIONS_ABOVE_TOTAL_CAP,
        `Base discount ${baseDiscountBp} bp + concessions ${used.concessionBp} bp = ${used.totalBp} bp` +
          ` for ${where} is above the ${capBp} bp total concession cap of tier ${tier}`,
        {
          baseDiscountBp,
          concessionBp: used.concessionBp,
          totalBp: used.totalBp,
          capBp,
          tier,
          day: used.day,
          sku: used.sku,
        },
      );
};
