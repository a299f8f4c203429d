// Service requests against their SLA on a day: which were open, and the breaches of the trailing
// 12 months. A LOST account's open requests are not served, so they count no breach while it is lost.
import { addDays, addMonths, dateOf, type IsoDate } from '../../domain/kernel/index.js';
import type { RequestTimes, TierStatusDoc } from './documents.js';

/** Whether the account was LOST on `asOf` (from the day it was lost until the day it was reactivated). */
export const lostOn = (doc: TierStatusDoc, asOf: IsoDate): boolean =>
  doc.lostSpans.some((span) => span.from <= asOf && (span.until === null || span.until > asOf));

/** The requests open on `asOf` as far as the document knows: those open now and those resolved late since. */
export const openOn = (doc: TierStatusDoc, asOf: IsoDate): readonly RequestTimes[] => {
  const nextDay = `${addDays(asOf, 1)}T00:00:00.000Z`;
  return [
    ...Object.values(doc.openRequests),
    ...doc.lateResolutions.filter((late) => late.resolvedAt >= nextDay),
  ].filter((request) => request.openedAt < nextDay);
};

/**
 * The SLA breaches of the trailing 12 months: requests resolved late within them (by `asOf`),
 * plus the ones open and already past due when `asOf` begins (a request due later that day may
 * still be met) while the account is not LOST: a lost account's open requests are not served.
 */
export const slaBreaches = (doc: TierStatusDoc, asOf: IsoDate): number => {
  const dayStart = `${asOf}T00:00:00.000Z`;
  const windowStart = addMonths(asOf, -12);
  const resolvedLate = doc.lateResolutions.filter((late) => {
    const day = dateOf(late.resolvedAt);
    return day > windowStart && day <= asOf;
  }).length;
  const openPastDue = lostOn(doc, asOf) ? 0 : openOn(doc, asOf).filter((r) => r.slaDueAt < dayStart).length;
  return resolvedLate + openPastDue;
};
