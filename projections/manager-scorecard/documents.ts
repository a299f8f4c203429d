// The documents the manager-scorecard projection keeps. A month's document holds what its
// manager's portfolio was that month, as it was known during the month: the accounts held (with
// the days they were held and what their figures need), the groups led, and the dated facts of
// the month. The figures are worked out as of the month's last day, or the query's asOf within
// the month (see as-of.ts); what is recorded after a month has ended never changes its row.
import type { IsoDate, Period } from '../../domain/kernel/index.js';
import type { TierHistory } from './tier-history.js';

export const MANAGER_SCORECARD = 'manager_scorecard';
/** Internal: every account's manager and what a month's figures need of it. */
export const SCORECARD_ACCOUNTS = 'manager_scorecard_accounts';
/** Internal: every group's lead manager. */
export const SCORECARD_GROUPS = 'manager_scorecard_groups';
/** Internal: the latest month each manager has a document for. */
export const SCORECARD_MANAGERS = 'manager_scorecard_managers';

/** A period's revenue as recorded (or corrected) on a day: the latest known by a day counts. */
export interface RevenueEntry {
  readonly period: Period;
  readonly amount: number;
  readonly knownOn: IsoDate;
}

/** A visit or meeting (calls do not count for the cadence) and the day it was logged. */
export interface VisitEntry {
  readonly on: IsoDate;
  readonly loggedOn: IsoDate;
}

/** The days an account was LOST: from the day it was lost until the day it was reactivated. */
export interface LostSpan {
  readonly from: IsoDate;
  readonly until: IsoDate | null;
}

/** What a month's figures need of an account, trimmed to what a day of the month can ask. */
export interface AccountFigures {
  readonly registeredOn: IsoDate;
  readonly tiers: TierHistory;
  readonly revenue: readonly RevenueEntry[];
  readonly visits: readonly VisitEntry[];
  readonly lostSpans: readonly LostSpan[];
}

export interface ScorecardAccountDoc extends AccountFigures {
  readonly accountId: string;
  readonly managerId: string | null;
}

/** A stay in a manager's hands within a month: from the day it began (maybe an earlier month) until the day it ended. */
export interface Held {
  readonly heldFrom: IsoDate;
  /** null: still held at the month's end (or as far as the month has gone). */
  readonly heldUntil: IsoDate | null;
}

export type HeldAccount = Held & AccountFigures;

export interface DatedScore {
  readonly on: IsoDate;
  readonly score: number;
}

export interface TierMove {
  readonly accountId: string;
  readonly on: IsoDate;
  readonly direction: 'up' | 'down';
}

export interface Resolution {
  readonly on: IsoDate;
  readonly slaMet: boolean;
}

export interface Loss {
  readonly accountId: string;
  readonly on: IsoDate;
}

export interface ScorecardDoc {
  readonly managerId: string;
  readonly month: Period;
  /** The latest policy version an event of the month recorded (v1 until one does). */
  readonly policyVersion: string;
  /** The day the plain SQL columns are computed as of: the latest event of the month, or its last day. */
  readonly rowDay: IsoDate;
  /** Every account held at some time in the month, by account id. */
  readonly accounts: Readonly<Record<string, HeldAccount>>;
  /** Every group led at some time in the month, by group id. */
  readonly groups: Readonly<Record<string, Held>>;
  /** The month's facts, attributed to the manager who held the account on their day. */
  readonly tierMoves: readonly TierMove[];
  readonly resolutions: readonly Resolution[];
  /** Feedback about this manager (FeedbackRecorded.aboutManagerId). */
  readonly feedback: readonly DatedScore[];
  /** Satisfaction (1–5) of the requests resolved that had one. */
  readonly satisfaction: readonly DatedScore[];
  readonly losses: readonly Loss[];
}

export interface ScorecardManagerDoc {
  readonly managerId: string;
  readonly lastMonth: Period;
}

export interface ScorecardGroupDoc {
  readonly groupId: string;
  readonly managerId: string | null;
}

export const scorecardKey = (managerId: string, month: Period): string => `${managerId}/${month}`;
