// The state of an Account, folded from its events. Plain JSON (the application snapshots it),
// and `evolve` only records what events say: it never consults the policy.
import type { AccountStatus, Industry, IsoDate, IsoDateTime, Money, Period, Tier } from '../kernel/index.js';
import type { AccountEvent, AccountRegistered } from './events.js';
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

/** Own keys only: a request id like `constructor` must not find Object.prototype. */
export const lookup = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const without = <V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

const evolveRegistered = (account: RegisteredAccount, event: AccountEvent): RegisteredAccount => {
  switch (event.type) {
    case 'AccountRegistered':
      // The decider never registers twice; a stray duplicate must not wipe the history.
      return account;
    case 'AccountManagerAssigned':
      return {
        ...account,
        managerId: event.data.next,
        managerHistory: account.managerHistory.includes(event.data.next)
          ? account.managerHistory
          : [...account.managerHistory, event.data.next],
      };
    case 'AccountActivated':
      return { ...account, status: 'ACTIVE' };
    case 'RevenueRecorded':
      return { ...account, revenue: { ...account.revenue, [event.data.period]: event.data.amount } };
    case 'RevenueCorrected':
      return { ...account, revenue: { ...account.revenue, [event.data.period]: event.data.correctedAmount } };
    case 'TierChanged':
      return {
        ...account,
        tier: event.data.to,
        belowFloorStreak: 0,
        lastEvaluatedPeriod: event.data.asOfPeriod,
      };
    case 'TierEvaluated':
      return {
        ...account,
        belowFloorStreak: event.data.belowFloorStreak,
        lastEvaluatedPeriod: event.data.asOfPeriod,
      };
    case 'TierOverridden':
      return {
        ...account,
        override: {
          tier: event.data.tier,
          expiresOn: event.data.expiresOn,
          reason: event.data.reason,
          approvedBy: event.data.approvedBy,
        },
      };
    case 'TierOverrideExpired':
      return { ...account, override: null };
    case 'ServiceRequestOpened':
      return {
        ...account,
        openRequests: {
          ...account.openRequests,
          [event.data.requestId]: {
            kind: event.data.kind,
            size: event.data.size,
            openedAt: event.data.at,
            slaDueAt: event.data.slaDueAt,
          },
        },
      };
    case 'ServiceRequestResolved':
      return { ...account, openRequests: without(account.openRequests, event.data.requestId) };
    case 'FeedbackRecorded':
      return account;
    case 'AccountFlaggedAtRisk':
      return { ...account, status: 'AT_RISK' };
    case 'AccountLost':
      return { ...account, status: 'LOST' };
    case 'AccountReactivated':
      return { ...account, status: event.data.status };
  }
};

const registered = (event: AccountRegistered): RegisteredAccount => ({
  exists: true,
  accountId: event.data.accountId,
  name: event.data.name,
  industry: event.data.industry,
  region: event.data.region,
  status: 'PROSPECT',
  managerId: null,
  managerHistory: [],
  revenue: {},
  tier: 'NONE',
  override: null,
  belowFloorStreak: 0,
  lastEvaluatedPeriod: null,
  openRequests: {},
});

export const evolve = (state: AccountState, event: AccountEvent): AccountState => {
  if (state.exists) return evolveRegistered(state, event);
  // Before registration only AccountRegistered means anything; ignoring the rest keeps replay total.
  return event.type === 'AccountRegistered' ? registered(event) : state;
};
