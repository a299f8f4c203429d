// A manager's month as of a day: the month's last day, or the query's asOf within the month.
// Held accounts and groups, their T12M and cadence are as they stood that day; the facts are those
// of the month up to it. A month that begins after the query's day has no figures yet.
import { evaluateRevenue, visitOverdue } from '../../domain/account/index.js';
import {
  addPeriods,
  endOfPeriod,
  periodOf,
  type IsoDate,
  type Period,
  type Policy,
} from '../../domain/kernel/index.js';
import { twoDecimals } from '../tier-status/rounding.js';
import type { AccountFigures, DatedScore, Held, ScorecardDoc } from './documents.js';
import { tierOn } from './tier-history.js';

export interface Scorecard {
  readonly scorecardId: string;
  readonly managerId: string;
  readonly month: Period;
  readonly figuresAsOf: IsoDate | null;
  readonly accountsHeld: number | null;
  readonly accountIds: readonly string[];
  readonly groupsHeld: number | null;
  readonly groupIds: readonly string[];
  readonly portfolioT12mAmount: number | null;
  readonly currency: string;
  readonly tierMovesUp: number | null;
  readonly tierMovesDown: number | null;
  readonly requestsResolved: number | null;
  readonly requestsResolvedInSla: number | null;
  readonly slaCompliance: number | null;
  readonly accountsWithCadence: number | null;
  readonly accountsVisitedInCadence: number | null;
  readonly visitCadenceKept: number | null;
  readonly averageFeedback: number | null;
  readonly averageSatisfaction: number | null;
  readonly accountsLost: number | null;
  readonly policyVersion: string;
}

const heldOn = (held: Held, day: IsoDate): boolean =>
  held.heldFrom <= day && (held.heldUntil === null || held.heldUntil > day);

const lostOn = (account: AccountFigures, day: IsoDate): boolean =>
  account.lostSpans.some((span) => span.from <= day && (span.until === null || span.until > day));

/** Each period's latest amount known on `day`, as the tiering rules read revenue. */
const revenueKnownOn = (account: AccountFigures, day: IsoDate): Record<Period, { amount: number }> => {
  const revenue: Record<Period, { amount: number }> = {};
  for (const entry of account.revenue)
    if (entry.knownOn <= day) revenue[entry.period] = { amount: entry.amount };
  return revenue;
};

/** The latest visit or meeting logged by `day`; null when none. */
const lastVisitOn = (account: AccountFigures, day: IsoDate): IsoDate | null =>
  account.visits.reduce<IsoDate | null>(
    (last, visit) => (visit.loggedOn <= day && (last === null || visit.on > last) ? visit.on : last),
    null,
  );

const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : twoDecimals(part / whole);

const average = (scores: readonly DatedScore[]): number | null =>
  scores.length === 0 ? null : twoDecimals(scores.reduce((sum, s) => sum + s.score, 0) / scores.length);

const notStarted = (doc: ScorecardDoc, scorecardId: string, policy: Policy): Scorecard => ({
  scorecardId,
  managerId: doc.managerId,
  month: doc.month,
  figuresAsOf: null,
  accountsHeld: null,
  accountIds: [],
  groupsHeld: null,
  groupIds: [],
  portfolioT12mAmount: null,
  currency: policy.currency,
  tierMovesUp: null,
  tierMovesDown: null,
  requestsResolved: null,
  requestsResolvedInSla: null,
  slaCompliance: null,
  accountsWithCadence: null,
  accountsVisitedInCadence: null,
  visitCadenceKept: null,
  averageFeedback: null,
  averageSatisfaction: null,
  accountsLost: null,
  policyVersion: policy.version,
});

export const scorecardAsOf = (doc: ScorecardDoc, asOf: IsoDate, policy: Policy): Scorecard => {
  const scorecardId = `${doc.managerId}/${doc.month}`;
  if (asOf < `${doc.month}-01`) return notStarted(doc, scorecardId, policy);
  const monthEnd = endOfPeriod(doc.month);
  const day = asOf < monthEnd ? asOf : monthEnd;
  const upToDay = <F extends { readonly on: IsoDate }>(facts: readonly F[]): F[] =>
    facts.filter((fact) => fact.on <= day);
  // A LOST account is no longer served: not held, not in the portfolio, never overdue.
  const held = Object.entries(doc.accounts)
    .filter(([, account]) => heldOn(account, day) && !lostOn(account, day))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // T12M over closed months, as tier_status shows it that day: up to the month before the day's.
  const t12mPeriod = addPeriods(periodOf(day), -1);
  const withCadence = held.filter(
    ([, account]) => policy.tiers[tierOn(account.tiers, day)].contactCadenceDays !== null,
  );
  const visitedInCadence = withCadence.filter(([, account]) => {
    const last = lastVisitOn(account, day);
    // Never visited: the cadence runs from the registration, as tier_status's VISIT_OVERDUE does.
    return !visitOverdue(last ?? account.registeredOn, tierOn(account.tiers, day), day, policy);
  });
  const groupIds = Object.entries(doc.groups)
    .filter(([, group]) => heldOn(group, day))
    .map(([groupId]) => groupId)
    .sort();
  const moves = upToDay(doc.tierMoves);
  const resolved = upToDay(doc.resolutions);
  const inSla = resolved.filter((resolution) => resolution.slaMet).length;
  return {
    scorecardId,
    managerId: doc.managerId,
    month: doc.month,
    figuresAsOf: day,
    accountsHeld: held.length,
    accountIds: held.map(([accountId]) => accountId),
    groupsHeld: groupIds.length,
    groupIds,
    portfolioT12mAmount: held.reduce(
      (sum, [, account]) => sum + evaluateRevenue(revenueKnownOn(account, day), t12mPeriod, policy).t12m,
      0,
    ),
    currency: policy.currency,
    tierMovesUp: moves.filter((move) => move.direction === 'up').length,
    tierMovesDown: moves.filter((move) => move.direction === 'down').length,
    requestsResolved: resolved.length,
    requestsResolvedInSla: inSla,
    slaCompliance: share(inSla, resolved.length),
    accountsWithCadence: withCadence.length,
    accountsVisitedInCadence: visitedInCadence.length,
    visitCadenceKept: share(visitedInCadence.length, withCadence.length),
    averageFeedback: average(upToDay(doc.feedback)),
    averageSatisfaction: average(upToDay(doc.satisfaction)),
    accountsLost: upToDay(doc.losses).length,
    policyVersion: policy.version,
  };
};
