// The documents the tier-status projection keeps. They hold what events said, dated, not
// answers: whatever depends on "today" (the effective tier, T12M, SLA breaches, the feedback
// average) is worked out from them as of the query's date (see as-of.ts).
import type {
  AccountStatus,
  AgreementStatus,
  Industry,
  IsoDate,
  Money,
  Period,
  Tier,
} from '../../domain/kernel/index.js';
import type { TierChangeRule } from '../../domain/account/index.js';

export const TIER_STATUS = 'tier_status';
export const TIER_CHANGES = 'tier_changes';

/** The evaluated tier from `since` on (until the next entry). */
export interface EvaluatedTier {
  readonly tier: Tier;
  readonly since: IsoDate;
}

/** A TierOverridden: `tier` from `from` through `expiresOn`, unless a later override replaces it. */
export interface OverrideSpan {
  readonly tier: Tier;
  readonly from: IsoDate;
  readonly expiresOn: IsoDate;
}

export type PromotionStatus = 'PROPOSED' | 'APPROVED' | 'CANCELLED';

/** What the cap-breach flag needs of a promotion: only an approved one grants its concession. */
export interface PromotionTerms {
  readonly window: { readonly from: IsoDate; readonly to: IsoDate };
  readonly skus: readonly string[];
  readonly concessionBp: number;
  readonly status: PromotionStatus;
}

/** What the read model needs of one of the account's agreements for the cap-breach flag. */
export interface AgreementTerms {
  readonly status: AgreementStatus;
  /** 0 until a BaseDiscountSet. */
  readonly baseDiscountBp: number;
  /** The last day of the validity: the discount is kept until then. */
  readonly validTo: IsoDate;
  /** By promotion id. */
  readonly promotions: Readonly<Record<string, PromotionTerms>>;
}

/** A service request as the SLA figures need it. */
export interface RequestTimes {
  readonly openedAt: string;
  readonly slaDueAt: string;
}

/** A request resolved after its SLA was due (ServiceRequestResolved.slaMet false). */
export interface LateResolution extends RequestTimes {
  readonly resolvedAt: string;
}

/** The days an account was LOST: from `from` until the day it was reactivated (null while still LOST). */
export interface LostSpan {
  readonly from: IsoDate;
  readonly until: IsoDate | null;
}

export interface FeedbackScore {
  readonly on: IsoDate;
  readonly score: number;
}

/** A visit or meeting that counts for the contact cadence (calls do not), and the day it was logged. */
export interface VisitRecord {
  readonly on: IsoDate;
  readonly loggedOn: IsoDate;
}

/** An action agreed at a visit: known from the day the visit was logged, closed from the day its completion was. */
export interface ActionRecord {
  readonly due: IsoDate;
  readonly agreedLoggedOn: IsoDate;
  /** null while open. */
  readonly completedLoggedOn: IsoDate | null;
}

/**
 * The group a month-end evaluation tiered the account with (members are tiered on the group's
 * combined T12M), from the day it was recorded until the next entry; a null group: in none.
 */
export interface GroupTiering {
  readonly since: IsoDate;
  readonly groupId: string | null;
  /** The group's combined T12M the evaluation ran on, minor units; null without a group. */
  readonly t12mAmount: number | null;
}

export interface TierStatusDoc {
  readonly accountId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly region: string;
  readonly registeredOn: IsoDate;
  /** The day of the latest event applied: the plain SQL columns are computed as of it. */
  readonly lastEventOn: IsoDate;
  /** The latest policy version an event of the account recorded (v1 until one does). */
  readonly policyVersion: string;
  readonly managerId: string | null;
  readonly status: AccountStatus;
  /** Oldest first: when the account was LOST, so a past day knows whether it was. */
  readonly lostSpans: readonly LostSpan[];
  /** Oldest first; starts with NONE on the registration day, each TierChanged adds one. */
  readonly evaluatedTiers: readonly EvaluatedTier[];
  /** Oldest first. */
  readonly overrides: readonly OverrideSpan[];
  readonly belowFloorStreak: number;
  /** Oldest first; an entry only when the group or its T12M changed (none before a group did). */
  readonly groupTiering: readonly GroupTiering[];
  /** One record per period, corrections applied. */
  readonly revenue: Readonly<Record<Period, Money>>;
  /** Open service requests by request id. */
  readonly openRequests: Readonly<Record<string, RequestTimes>>;
  /** Requests resolved late, oldest first (those in time are dropped: they never breached). */
  readonly lateResolutions: readonly LateResolution[];
  /** Every score with its day, in the order recorded. */
  readonly feedback: readonly FeedbackScore[];
  /** The satisfaction (1–5) of every resolution that had one, with its day. */
  readonly satisfaction: readonly FeedbackScore[];
  readonly agreements: Readonly<Record<string, AgreementTerms>>;
  /** Visits and meetings in the order logged (a handful a year), so any day's last one can be asked. */
  readonly visits: readonly VisitRecord[];
  /** Agreed actions by action id. */
  readonly actions: Readonly<Record<string, ActionRecord>>;
}

export type TierDirection = 'up' | 'down';

/** One TierChanged, keyed by its event id. */
export interface TierChangeDoc {
  readonly eventId: string;
  readonly accountId: string;
  readonly from: Tier;
  readonly to: Tier;
  readonly direction: TierDirection;
  readonly changedOn: IsoDate;
  readonly period: Period;
  readonly rule: TierChangeRule;
  readonly t12m: Money;
  /** The group whose combined T12M moved the tier; null in no group (and before groups). */
  readonly group: { readonly groupId: string; readonly t12m: Money } | null;
  readonly policyVersion: string;
}
