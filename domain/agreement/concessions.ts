// How much of the total concession cap an agreement uses. Counted per day: on any day the
// base discount plus the concessions of the approved promotions running that day must stay
// within the cap, so promotions at different times do not stack.
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

/** A concession in force over a window. */
export interface ConcessionSpan {
  readonly window: DateRange;
  readonly concessionBp: number;
}

export interface PeakConcession {
  readonly concessionBp: number;
  /** The first day the peak is reached; null when no concession is in force. */
  readonly day: IsoDate | null;
}

/** The concessions of approved promotions; proposed and cancelled ones grant nothing. */
export const spansInForce = (promotions: Readonly<Record<string, Promotion>>): readonly ConcessionSpan[] =>
  Object.values(promotions)
    .filter((p) => p.status === 'APPROVED')
    .map((p) => ({ window: p.window, concessionBp: p.concessionBp }));

/** The sum of the concessions in force on one day. */
export const concessionOn = (spans: readonly ConcessionSpan[], day: IsoDate): number =>
  spans.reduce((sum, span) => (within(span.window, day) ? sum + span.concessionBp : sum), 0);

/**
 * The most concession in force on any one day (of `range`, when given). The sum only rises
 * where a window starts, so those days (and the range's first day) are the only candidates.
 */
export const peakConcession = (spans: readonly ConcessionSpan[], range?: DateRange): PeakConcession => {
  const starts = spans.map((s) => s.window.from).filter((day) => range === undefined || within(range, day));
  const candidates = [...new Set(range === undefined ? starts : [range.from, ...starts])].sort();
  return candidates.reduce<PeakConcession>(
    (peak, day) => {
      const concessionBp = concessionOn(spans, day);
      return concessionBp > peak.concessionBp ? { concessionBp, day } : peak;
    },
    { concessionBp: 0, day: null },
  );
};

/** The busiest day's base discount + concessions, for the cap checks and the read model. */
export const concessionUsed = (baseDiscountBp: number, spans: readonly ConcessionSpan[]) => {
  const peak = peakConcession(spans);
  return { totalBp: baseDiscountBp + peak.concessionBp, concessionBp: peak.concessionBp, day: peak.day };
};

/** Base discount + concessions on every day within the total concession cap of `tier`. */
export const concessionsWithinCap = (
  baseDiscountBp: number,
  spans: readonly ConcessionSpan[],
  tier: Tier,
  policy: Policy,
): DomainError | undefined => {
  const capBp = totalConcessionCapOf(tier, policy);
  const used = concessionUsed(baseDiscountBp, spans);
  return used.totalBp <= capBp
    ? undefined
    : domainError(
        CONCESSIONS_ABOVE_TOTAL_CAP,
        `Base discount ${baseDiscountBp} bp + concessions ${used.concessionBp} bp = ${used.totalBp} bp` +
          ` on ${used.day ?? 'every day'} is above the ${capBp} bp total concession cap of tier ${tier}`,
        {
          baseDiscountBp,
          concessionBp: used.concessionBp,
          totalBp: used.totalBp,
          capBp,
          tier,
          day: used.day,
        },
      );
};
