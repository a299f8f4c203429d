// The state of an Account, folded from its events (see evolve.ts). Plain JSON: the application
// snapshots it.
import type { AccountStatus, Industry, IsoDate, IsoDateTime, Money, Period, Tier } from '../kernel/index.js';
import type { ServiceRequestKind, ServiceRequestSize } from './service-request-kinds.js';

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
}

export type AccountState = UnregisteredAccount | RegisteredAccount;

export const initialState: AccountState = { exists: false };
