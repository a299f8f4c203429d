// An account's events reach the manager who holds it that day: its figures (tier, revenue,
// visits, lost) are refreshed in the manager's month, and the month's facts (tier moves, resolved
// requests and their SLA and satisfaction, losses) are counted there. A hand-over ends the stay
// with the one manager and begins it with the next, on the day it is recorded.
import {
  countsForCadence,
  type AccountLost,
  type AccountManagerAssigned,
  type AccountReactivated,
  type AccountRegistered,
  type FeedbackRecorded,
  type RevenueCorrected,
  type RevenueRecorded,
  type ServiceRequestResolved,
  type TierChanged,
  type TierEvaluated,
  type TierOverridden,
  type VisitLogged,
} from '../../domain/account/index.js';
import {
  addPeriods,
  compareTiers,
  dateOf,
  lookup,
  periodOf,
  type IsoDate,
  type IsoDateTime,
  type Period,
} from '../../domain/kernel/index.js';
import { on, type EventHandler, type EventHandlers } from '../event-handlers.js';
import type { ProjectionContext } from '../projection.js';
import {
  SCORECARD_ACCOUNTS,
  type AccountFigures,
  type Held,
  type HeldAccount,
  type ScorecardAccountDoc,
  type ScorecardDoc,
} from './documents.js';
import { figuresFrom, updateMonth } from './months.js';
import { ungraded, withOverride, withTierChange, type TierHistory } from './tier-history.js';
import { sameEntries, sameFields, sharedWith } from '../unchanged.js';

interface AccountEventData {
  readonly accountId: string;
  readonly at: IsoDateTime;
  readonly policyVersion?: string;
}

/** The tier history, or the stored one when it holds the same entries. */
const sharedTiers = (next: TierHistory, before: TierHistory | undefined): TierHistory =>
  before !== undefined &&
  sameEntries(next.evaluated, before.evaluated) &&
  sameEntries(next.overrides, before.overrides)
    ? before
    : next;

/**
 * The account as the month holds it: its figures for the month and the stay's days. The parts
 * (or the whole) the month held already stay shared, so an event that changes nothing of it
 * leaves the month's accounts as they were.
 */
const heldAccount = (figures: AccountFigures, held: Held, before: HeldAccount | undefined): HeldAccount => {
  const next: HeldAccount = {
    registeredOn: figures.registeredOn,
    tiers: sharedTiers(figures.tiers, before?.tiers),
    revenue: sharedWith(figures.revenue, before?.revenue),
    visits: sharedWith(figures.visits, before?.visits),
    lostSpans: sharedWith(figures.lostSpans, before?.lostSpans),
    heldFrom: held.heldFrom,
    heldUntil: held.heldUntil,
  };
  return before !== undefined && sameFields(next, before) ? before : next;
};

/** The account's figures put in (or refreshed in) the manager's month, with the stay's days `days` gives. */
const withAccount = (
  doc: ScorecardDoc,
  account: ScorecardAccountDoc,
  days: (stay: Held | undefined) => Held,
): ScorecardDoc => {
  const before = lookup(doc.accounts, account.accountId);
  const held = heldAccount(figuresFrom(account, doc.month), days(before), before);
  return held === before ? doc : { ...doc, accounts: { ...doc.accounts, [account.accountId]: held } };
};

/** Refreshed in the month of the manager who holds it: the stay keeps its days. */
const holding = (doc: ScorecardDoc, account: ScorecardAccountDoc, day: IsoDate): ScorecardDoc =>
  withAccount(doc, account, (stay) => ({
    heldFrom: stay?.heldFrom ?? day,
    heldUntil: stay?.heldUntil ?? null,
  }));

/** Taken over on `day`: a stay still running goes on, one that ended earlier this month begins again. */
const taking = (doc: ScorecardDoc, account: ScorecardAccountDoc, day: IsoDate): ScorecardDoc =>
  withAccount(doc, account, (stay) => ({
    heldFrom: stay !== undefined && stay.heldUntil === null ? stay.heldFrom : day,
    heldUntil: null,
  }));

/** The stay ends on `day` (the account is not held on it). */
const releasing = (doc: ScorecardDoc, accountId: string, day: IsoDate): ScorecardDoc => {
  const stay = lookup(doc.accounts, accountId);
  return stay === undefined
    ? doc
    : { ...doc, accounts: { ...doc.accounts, [accountId]: { ...stay, heldUntil: day } } };
};

/** What the account's document keeps: figures a day of the month before the event's can ask (streams interleave a little). */
const trimmed = (account: ScorecardAccountDoc, day: IsoDate): ScorecardAccountDoc =>
  figuresFrom(account, addPeriods(periodOf(day), -1));

/**
 * Folds one event into the account's document and, when it has a manager, into the manager's
 * month: its figures, and the fact `count` adds. An account not seen registered is ignored.
 */
const onAccount = <E extends { readonly data: AccountEventData }>(
  reduce: (account: ScorecardAccountDoc, data: E['data'], day: IsoDate) => ScorecardAccountDoc,
  count: (doc: ScorecardDoc, data: E['data'], day: IsoDate) => ScorecardDoc = (doc) => doc,
): EventHandler =>
  on<E>((data, _event, context) => {
    const account = context.get<ScorecardAccountDoc>(SCORECARD_ACCOUNTS, data.accountId);
    if (account === undefined) return;
    const day = dateOf(data.at);
    const next = trimmed(reduce(account, data, day), day);
    if (next !== account) context.put<ScorecardAccountDoc>(SCORECARD_ACCOUNTS, data.accountId, next);
    if (next.managerId === null) return;
    updateMonth(context, next.managerId, day, data.policyVersion, (doc) =>
      count(holding(doc, next, day), data, day),
    );
  });

const handOver = (context: ProjectionContext, data: AccountManagerAssigned['data']): void => {
  const account = context.get<ScorecardAccountDoc>(SCORECARD_ACCOUNTS, data.accountId);
  if (account === undefined) return;
  const day = dateOf(data.at);
  const next = trimmed({ ...account, managerId: data.next }, day);
  context.put<ScorecardAccountDoc>(SCORECARD_ACCOUNTS, data.accountId, next);
  const previous = account.managerId;
  if (previous !== null && previous !== data.next) {
    updateMonth(context, previous, day, undefined, (doc) => releasing(doc, data.accountId, day));
  }
  updateMonth(context, data.next, day, undefined, (doc) => taking(doc, next, day));
};

const withRevenue = (account: ScorecardAccountDoc, period: Period, amount: number, day: IsoDate) => ({
  ...account,
  revenue: [...account.revenue, { period, amount, knownOn: day }],
});

export const accountHandlers: EventHandlers = {
  AccountRegistered: on<AccountRegistered>((data, _event, context) => {
    if (context.get(SCORECARD_ACCOUNTS, data.accountId) !== undefined) return;
    const day = dateOf(data.at);
    context.put<ScorecardAccountDoc>(SCORECARD_ACCOUNTS, data.accountId, {
      accountId: data.accountId,
      managerId: null,
      registeredOn: day,
      tiers: ungraded(day),
      revenue: [],
      visits: [],
      lostSpans: [],
    });
  }),
  AccountManagerAssigned: on<AccountManagerAssigned>((data, _event, context) => handOver(context, data)),
  RevenueRecorded: onAccount<RevenueRecorded>((account, data, day) =>
    withRevenue(account, data.period, data.amount.amount, day),
  ),
  RevenueCorrected: onAccount<RevenueCorrected>((account, data, day) =>
    withRevenue(account, data.period, data.correctedAmount.amount, day),
  ),
  TierChanged: onAccount<TierChanged>(
    (account, data, day) => ({ ...account, tiers: withTierChange(account.tiers, data.to, day) }),
    (doc, data, day) => ({
      ...doc,
      tierMoves: [
        ...doc.tierMoves,
        {
          accountId: data.accountId,
          on: day,
          direction: compareTiers(data.to, data.from) > 0 ? 'up' : 'down',
        },
      ],
    }),
  ),
  // Nothing to fold, but the month-end evaluation reaches every managed account each month: its
  // manager's month has a row (and names the evaluation's policy) though nothing else happened.
  TierEvaluated: onAccount<TierEvaluated>((account) => account),
  TierOverridden: onAccount<TierOverridden>((account, data, day) => ({
    ...account,
    tiers: withOverride(account.tiers, data.tier, day, data.expiresOn),
  })),
  VisitLogged: onAccount<VisitLogged>((account, data, day) =>
    countsForCadence(data.kind)
      ? { ...account, visits: [...account.visits, { on: data.on, loggedOn: day }] }
      : account,
  ),
  ServiceRequestResolved: onAccount<ServiceRequestResolved>(
    (account) => account,
    (doc, data, day) => ({
      ...doc,
      resolutions: [...doc.resolutions, { on: day, slaMet: data.slaMet }],
      satisfaction:
        data.satisfaction === undefined
          ? doc.satisfaction
          : [...doc.satisfaction, { on: day, score: data.satisfaction }],
    }),
  ),
  AccountLost: onAccount<AccountLost>(
    (account, _data, day) => ({ ...account, lostSpans: [...account.lostSpans, { from: day, until: null }] }),
    (doc, data, day) => ({ ...doc, losses: [...doc.losses, { accountId: data.accountId, on: day }] }),
  ),
  AccountReactivated: onAccount<AccountReactivated>((account, _data, day) => ({
    ...account,
    lostSpans: account.lostSpans.map((span) => (span.until === null ? { ...span, until: day } : span)),
  })),
  // Feedback is about a manager, whoever holds the account now.
  FeedbackRecorded: on<FeedbackRecorded>((data, _event, context) => {
    const day = dateOf(data.at);
    updateMonth(context, data.aboutManagerId, day, undefined, (doc) => ({
      ...doc,
      feedback: [...doc.feedback, { on: day, score: data.score }],
    }));
  }),
};
