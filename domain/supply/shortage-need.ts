// What a commitment needs when its SKU is short: enough to sell until the next resupply can
// arrive (lead time) plus its safety days, less the stock the account holds and what is on
// the way. A shortage shares what there is by these needs, not by what remains committed, so
// an account sitting on months of stock does not take the units others run out without.
import { addDays, daysBetween, FULL_BP, type IsoDate, type Peak } from '../kernel/index.js';

/** The plain figures of one commitment the need is computed from (see coverage.ts). */
export interface NeedFigures {
  /** Average daily sales with peak days divided by their uplift; null on INSUFFICIENT_DATA. */
  readonly baseAds: number | null;
  /** Units on the account's shelf today, as estimated from the last report; null without one. */
  readonly estimatedOnHand: number | null;
  /** Units scheduled or shipped and not yet delivered. */
  readonly pipeline: number;
  /** From the agreement's delivery terms. */
  readonly leadTimeDays: number;
  readonly safetyDays: number;
  readonly peak: Peak | null;
  /** The day of the shortage: the span counted is the lead time + safety days after it. */
  readonly asOf: IsoDate;
  /** What the commitment may still be allocated (see remainingAllocatable). */
  readonly remainingAllocatable: number;
}

// ADS is a rate: a product like 0.1 × 30 comes out a hair above 3 and must not round up to 4.
const FLOATING_POINT_DUST = 1e-9;
const wholeUnitsUp = (quantity: number): number => Math.ceil(quantity - FLOATING_POINT_DUST);

/** Days in (from, to] that fall in the peak. */
const peakDaysIn = (from: IsoDate, to: IsoDate, peak: Peak | null): number => {
  if (peak === null) return 0;
  const first = peak.from > from ? peak.from : addDays(from, 1);
  const last = peak.to < to ? peak.to : to;
  return Math.max(0, daysBetween(first, last) + 1);
};

/** Expected sales in the `days` after `asOf`: base ADS a day, × upliftBp / 10 000 on peak days. */
export const demandOver = (baseAds: number, asOf: IsoDate, days: number, peak: Peak | null): number => {
  const peakDays = peakDaysIn(asOf, addDays(asOf, days), peak);
  const upliftBp = peak === null ? FULL_BP : peak.upliftBp;
  return (baseAds * ((days - peakDays) * FULL_BP + peakDays * upliftBp)) / FULL_BP;
};

/**
 * min(remaining allocatable, max(0, ⌈demand over lead time + safety days⌉ − on hand − pipeline)),
 * in whole units. Without a sales rate (INSUFFICIENT_DATA) the need cannot be told: the
 * commitment asks for all it may still be allocated, as before #9, rather than be left out.
 */
export const shortageNeed = (figures: NeedFigures): number => {
  const remaining = Math.max(0, figures.remainingAllocatable);
  if (figures.baseAds === null) return remaining;
  const span = figures.leadTimeDays + figures.safetyDays;
  const demand = wholeUnitsUp(demandOver(figures.baseAds, figures.asOf, span, figures.peak));
  const uncovered = wholeUnitsUp(demand - (figures.estimatedOnHand ?? 0) - figures.pipeline);
  return Math.min(remaining, Math.max(0, uncovered));
};
