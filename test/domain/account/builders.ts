// Small builders of Account commands and events for the specs: defaults for everything, the
// test names only what it is about.
import type { AccountCommand, AccountEvent } from '../../../domain/account/index.js';
import type { Tier } from '../../../domain/kernel/index.js';
import { addPeriods } from '../../../domain/kernel/index.js';

export const ACCOUNT = 'acme-logistics';
export const AT = '2026-03-05T09:00:00.000Z';
export const MANAGER = 'mgr-li';
export const OTHER_MANAGER = 'mgr-wang';
export const DIRECTOR = 'dir-zhao';

/** Yuan to minor units: floors read as in DOMAIN.md (¥200,000 = yuan(200_000)). */
export const yuan = (n: number): number => n * 100;
export const cny = (amount: number) => ({ amount, currency: 'CNY' });

type Data<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>['data'];
type CommandData<T extends AccountCommand['type']> = Extract<AccountCommand, { type: T }>['data'];

const withId = { accountId: ACCOUNT };

const tierChanged = (
  from: Tier,
  to: Tier,
  rule: Data<'TierChanged'>['rule'],
  asOfPeriod: string,
  t12m: number,
  at: string,
): AccountEvent => ({
  type: 'TierChanged',
  data: { ...withId, from, to, t12m: cny(t12m), rule, asOfPeriod, policyVersion: 'v1', at },
});

export const events = {
  registered: (data: Partial<Data<'AccountRegistered'>> = {}): AccountEvent => ({
    type: 'AccountRegistered',
    data: { ...withId, name: 'Acme Logistics', industry: 'LOGISTICS', region: 'East', at: AT, ...data },
  }),
  managerAssigned: (next: string, previous: string | null = null, at = AT): AccountEvent => ({
    type: 'AccountManagerAssigned',
    data: { ...withId, previous, next, effectiveFrom: at.slice(0, 10), at },
  }),
  activated: (at = AT): AccountEvent => ({ type: 'AccountActivated', data: { ...withId, at } }),
  revenueRecorded: (period: string, amount: number, at = AT): AccountEvent => ({
    type: 'RevenueRecorded',
    data: { ...withId, period, amount: cny(amount), sourceRef: `billing-${period}`, at },
  }),
  revenueCorrected: (period: string, delta: number, correctedAmount: number, at = AT): AccountEvent => ({
    type: 'RevenueCorrected',
    data: {
      ...withId,
      period,
      delta: cny(delta),
      reason: 'billing rerun',
      correctedAmount: cny(correctedAmount),
      at,
    },
  }),
  promoted: (from: Tier, to: Tier, asOfPeriod: string, t12m: number, at = AT): AccountEvent =>
    tierChanged(from, to, 'PROMOTION', asOfPeriod, t12m, at),
  demoted: (from: Tier, to: Tier, asOfPeriod: string, t12m: number, at = AT): AccountEvent =>
    tierChanged(from, to, 'DEMOTION_AFTER_HYSTERESIS', asOfPeriod, t12m, at),
  tierEvaluated: (
    asOfPeriod: string,
    t12m: number,
    qualifiedTier: Tier,
    belowFloorStreak: number,
    at = AT,
  ): AccountEvent => ({
    type: 'TierEvaluated',
    data: {
      ...withId,
      asOfPeriod,
      t12m: cny(t12m),
      qualifiedTier,
      belowFloorStreak,
      policyVersion: 'v1',
      at,
    },
  }),
  overridden: (tier: Tier, expiresOn: string, at = AT, approvedBy = DIRECTOR): AccountEvent => ({
    type: 'TierOverridden',
    data: {
      ...withId,
      tier,
      reason: 'strategic account',
      approvedBy,
      expiresOn,
      policyVersion: 'v1',
      at,
    },
  }),
  overrideExpired: (tier: Tier, expiresOn: string, at = AT): AccountEvent => ({
    type: 'TierOverrideExpired',
    data: { ...withId, tier, expiresOn, at },
  }),
  requestOpened: (data: Partial<Data<'ServiceRequestOpened'>> = {}): AccountEvent => ({
    type: 'ServiceRequestOpened',
    data: {
      ...withId,
      requestId: 'sr-1',
      kind: 'SIM_REPLACEMENT',
      channel: 'HOTLINE',
      size: 'SMALL',
      tier: 'NONE',
      slaDueAt: '2026-03-07T09:00:00.000Z',
      policyVersion: 'v1',
      at: AT,
      ...data,
    },
  }),
  flaggedAtRisk: (at = AT): AccountEvent => ({
    type: 'AccountFlaggedAtRisk',
    data: { ...withId, reason: 'usage falling', at },
  }),
  lost: (at = AT): AccountEvent => ({
    type: 'AccountLost',
    data: { ...withId, reason: 'moved to a competitor', at },
  }),
};

/** `count` monthly revenue records of `amount`, starting with `from`. */
export const monthsOfRevenue = (from: string, count: number, amount: number): AccountEvent[] =>
  Array.from({ length: count }, (_, i) => events.revenueRecorded(addPeriods(from, i), amount));

/** A registered account with a manager: ACTIVE. */
export const activeAccount = (): AccountEvent[] => [
  events.registered(),
  events.managerAssigned(MANAGER),
  events.activated(),
];

export const commands = {
  register: (data: Partial<CommandData<'RegisterAccount'>> = {}): AccountCommand => ({
    type: 'RegisterAccount',
    data: { ...withId, name: 'Acme Logistics', industry: 'LOGISTICS', region: 'East', at: AT, ...data },
  }),
  assignManager: (managerId: string, at = AT): AccountCommand => ({
    type: 'AssignAccountManager',
    data: { managerId, effectiveFrom: at.slice(0, 10), at },
  }),
  recordRevenue: (period: string, amount: number, currency = 'CNY', at = AT): AccountCommand => ({
    type: 'RecordRevenue',
    data: { period, amount: { amount, currency }, sourceRef: `billing-${period}`, at },
  }),
  correctRevenue: (period: string, delta: number, currency = 'CNY', at = AT): AccountCommand => ({
    type: 'CorrectRevenue',
    data: { period, delta: { amount: delta, currency }, reason: 'billing rerun', at },
  }),
  evaluateTier: (asOfPeriod: string, at = AT): AccountCommand => ({
    type: 'EvaluateTier',
    data: { asOfPeriod, at },
  }),
  overrideTier: (data: Partial<CommandData<'OverrideTier'>> = {}): AccountCommand => ({
    type: 'OverrideTier',
    data: {
      tier: 'A',
      reason: 'strategic account',
      approvedBy: DIRECTOR,
      expiresOn: '2026-06-30',
      at: AT,
      ...data,
    },
  }),
  openRequest: (data: Partial<CommandData<'OpenServiceRequest'>> = {}): AccountCommand => ({
    type: 'OpenServiceRequest',
    data: { requestId: 'sr-1', kind: 'SIM_REPLACEMENT', channel: 'HOTLINE', at: AT, ...data },
  }),
  resolveRequest: (requestId: string, at: string): AccountCommand => ({
    type: 'ResolveServiceRequest',
    data: { requestId, at },
  }),
  recordFeedback: (aboutManagerId: string, score = 4, comment = ''): AccountCommand => ({
    type: 'RecordFeedback',
    data: { score, aboutManagerId, comment, at: AT },
  }),
  flagAtRisk: (at = AT): AccountCommand => ({ type: 'FlagAtRisk', data: { reason: 'usage falling', at } }),
  markLost: (competitor?: string, at = AT): AccountCommand => ({
    type: 'MarkLost',
    data: { reason: 'moved to a competitor', at, ...(competitor === undefined ? {} : { competitor }) },
  }),
  reactivate: (approvedBy = DIRECTOR, at = AT): AccountCommand => ({
    type: 'Reactivate',
    data: { approvedBy, at },
  }),
};
