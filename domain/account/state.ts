// The state of an Account, folded from its events (see evolve.ts). Plain JSON: the application
// snapshots it.
import type { AccountStatus, Industry, IsoDate, IsoDateTime, Money, Period, Tier } from '../kernel/index.js';
import type { StockTarget } from './account-plan.js';
import type { ContactRole } from './contacts.js';
import type { ServiceRequestKind, ServiceRequestSize } from './service-request-kinds.js';
import type { VisitKind } from './visits.js';

/**
 * The version of this state's shape, for snapshots: a snapshot saved under another one is
 * refolded from the events. 2: contacts, visits, agreed actions and plans.
 */
export const ACCOUNT_STATE_VERSION = 2;

export interface TierOverride {
  readonly tier: Tier;
  /** The last day the override applies. */
  readonly expiresOn: IsoDate;
  readonly reason: string;
  readonly approvedBy: string;
}

export interface OpenServiceRequest {
  readonly kind: ServiceRequestKind;
  readonly size: ServiceRequestSize;
  readonly openedAt: IsoDateTime;
  readonly slaDueAt: IsoDateTime;
}

/** A contact as the rules see it: its role and whether it left. Name, phone, email are not here. */
export interface Contact {
  readonly role: ContactRole;
  readonly removed: boolean;
}

export interface Visit {
  readonly on: IsoDate;
  readonly kind: VisitKind;
}

export interface AgreedActionState {
  readonly visitId: string;
  /** The day of the visit that agreed it. */
  readonly agreedOn: IsoDate;
  readonly due: IsoDate;
  readonly owner: string;
  readonly completedOn: IsoDate | null;
}

export interface AccountPlan {
  readonly revenueTarget: Money;
  readonly skuTargets: Readonly<Record<string, number>>;
  readonly promotionBudget: Money;
  readonly stockTargets: Readonly<Record<string, StockTarget>>;
}

export interface UnregisteredAccount {
  readonly exists: false;
}

export interface RegisteredAccount {
  readonly exists: true;
  readonly accountId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly region: string;
  readonly status: AccountStatus;
  readonly managerId: string | null;
  /** Every manager the account has had, in order: feedback may be about a former one. */
  readonly managerHistory: readonly string[];
  /** One record per period, corrections applied. */
  readonly revenue: Readonly<Record<Period, Money>>;
  /** The tier the revenue earned; an active override may make another one effective. */
  readonly tier: Tier;
  readonly override: TierOverride | null;
  readonly belowFloorStreak: number;
  readonly lastEvaluatedPeriod: Period | null;
  readonly openRequests: Readonly<Record<string, OpenServiceRequest>>;
  /** Every contact ever added, by id (removed ones stay: an id is not reused). */
  readonly contacts: Readonly<Record<string, Contact>>;
  readonly visits: Readonly<Record<string, Visit>>;
  /** Every action agreed at a visit, by id, completed or not. */
  readonly actions: Readonly<Record<string, AgreedActionState>>;
  /** The plan of each year (`"2026"`), the latest set. */
  readonly plans: Readonly<Record<string, AccountPlan>>;
}

export type AccountState = UnregisteredAccount | RegisteredAccount;

export const initialState: AccountState = { exists: false };
