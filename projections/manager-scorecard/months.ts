// A manager's month documents: found or begun when an event of the month reaches the manager.
// A month begins with what the manager still held at the end of their latest month before it
// (the months between, when nothing of theirs happened, are written as copies of it), so every
// month from a manager's first on has its row and its accounts.
import { addPeriods, endOfPeriod, POLICY_V1, type IsoDate, type Period } from '../../domain/kernel/index.js';
import type { ProjectionContext } from '../projection.js';
import {
  MANAGER_SCORECARD,
  SCORECARD_MANAGERS,
  scorecardKey,
  type AccountFigures,
  type Held,
  type ScorecardDoc,
  type ScorecardManagerDoc,
} from './documents.js';
import { tierHistoryFrom } from './tier-history.js';
import { keptWhere } from '../unchanged.js';

const monthStart = (month: Period): IsoDate => `${month}-01`;

/** The latest visit logged before `start` and those since; the visits themselves when that is all of them. */
const visitsFrom = (visits: AccountFigures['visits'], start: IsoDate): AccountFigures['visits'] => {
  if (visits.every((visit, i) => i === 0 || visit.loggedOn >= start)) return visits;
  const latestEarlier = visits
    .filter((visit) => visit.loggedOn < start)
    .reduce<AccountFigures['visits'][number] | undefined>(
      (latest, visit) => (latest === undefined || visit.on > latest.on ? visit : latest),
      undefined,
    );
  return [
    ...(latestEarlier === undefined ? [] : [latestEarlier]),
    ...visits.filter((visit) => visit.loggedOn >= start),
  ];
};

/**
 * An account's figures as a day of `month` or later can ask them: revenue of the 14 months before
 * (T12M runs over the 12 before the day's month; two more keep the history length exact), the
 * latest visit logged before the month and those since, the tier in force at its start and the
 * changes since, the lost spans not over before it. The figures themselves when nothing is older.
 */
export const figuresFrom = <F extends AccountFigures>(figures: F, month: Period): F => {
  const start = monthStart(month);
  const firstPeriod = addPeriods(month, -14);
  const tiers = tierHistoryFrom(figures.tiers, start);
  const revenue = keptWhere(figures.revenue, (entry) => entry.period >= firstPeriod);
  const visits = visitsFrom(figures.visits, start);
  const lostSpans = keptWhere(figures.lostSpans, (span) => span.until === null || span.until >= start);
  const unchanged =
    tiers === figures.tiers &&
    revenue === figures.revenue &&
    visits === figures.visits &&
    lostSpans === figures.lostSpans;
  return unchanged ? figures : { ...figures, tiers, revenue, visits, lostSpans };
};

const stillHeld = <H extends Held>(held: Readonly<Record<string, H>>, map: (h: H) => H) =>
  Object.fromEntries(
    Object.entries(held)
      .filter(([, h]) => h.heldUntil === null)
      .map(([id, h]) => [id, map(h)]),
  );

const emptyMonth = (managerId: string, month: Period): ScorecardDoc => ({
  managerId,
  month,
  policyVersion: POLICY_V1.version,
  rowDay: monthStart(month),
  accounts: {},
  groups: {},
  tierMoves: [],
  resolutions: [],
  feedback: [],
  satisfaction: [],
  losses: [],
});

/** The month after a manager's latest one, before any of its events: what was still held, no facts. */
const carriedInto = (previous: ScorecardDoc, month: Period): ScorecardDoc => ({
  ...emptyMonth(previous.managerId, month),
  policyVersion: previous.policyVersion,
  // A month written only as a copy is known through its last day.
  rowDay: endOfPeriod(month),
  accounts: stillHeld(previous.accounts, (account) => figuresFrom(account, month)),
  groups: stillHeld(previous.groups, (group) => group),
});

/** The manager's document of `month`, begun (with the months before it) when there is none yet. */
const monthOf = (context: ProjectionContext, managerId: string, month: Period): ScorecardDoc => {
  const existing = context.get<ScorecardDoc>(MANAGER_SCORECARD, scorecardKey(managerId, month));
  if (existing !== undefined) return existing;
  const manager = context.get<ScorecardManagerDoc>(SCORECARD_MANAGERS, managerId);
  const latest =
    manager === undefined || manager.lastMonth > month
      ? undefined
      : context.get<ScorecardDoc>(MANAGER_SCORECARD, scorecardKey(managerId, manager.lastMonth));
  if (manager === undefined || manager.lastMonth < month) {
    context.put<ScorecardManagerDoc>(SCORECARD_MANAGERS, managerId, { managerId, lastMonth: month });
  }
  // No month before it (or, for an event dated before the manager's latest month, which streams
  // interleaving a little can bring: none to carry from): the month begins empty.
  if (latest === undefined) return emptyMonth(managerId, month);
  let previous = latest;
  for (let between = addPeriods(latest.month, 1); between < month; between = addPeriods(between, 1)) {
    previous = carriedInto(previous, between);
    context.put<ScorecardDoc>(MANAGER_SCORECARD, scorecardKey(managerId, between), previous);
  }
  return { ...carriedInto(previous, month), rowDay: monthStart(month) };
};

/**
 * Applies `change` to the manager's document of the day's month, recording the day and the
 * policy. A document that stays as it was is not written again.
 */
export const updateMonth = (
  context: ProjectionContext,
  managerId: string,
  day: IsoDate,
  policyVersion: string | undefined,
  change: (doc: ScorecardDoc) => ScorecardDoc,
): void => {
  const month = day.slice(0, 7);
  const key = scorecardKey(managerId, month);
  const stored = context.get<ScorecardDoc>(MANAGER_SCORECARD, key);
  const doc = change(stored ?? monthOf(context, managerId, month));
  const policy = policyVersion ?? doc.policyVersion;
  const rowDay = day > doc.rowDay ? day : doc.rowDay;
  if (doc === stored && policy === doc.policyVersion && rowDay === doc.rowDay) return;
  context.put<ScorecardDoc>(MANAGER_SCORECARD, key, { ...doc, policyVersion: policy, rowDay });
};
