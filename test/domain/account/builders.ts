// Small builders of Account commands and events for the specs: defaults for everything, the
// test names only what it is about.
import type {
  AccountCommand,
  AccountEvent,
  TierEvaluatedV2Data,
  TierEvaluatedV3Data,
  TierEvaluationRule,
} from '../../../domain/account/index.js';
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

type Event<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>;
type Data<T extends AccountEvent['type']> = Event<T>['data'];
type CommandData<T extends AccountCommand['type']> = Extract<AccountCommand, { type: T }>['data'];

const withId = { accountId: ACCOUNT };

// Every event builder takes the fields a test is about, then `over` for any other field (another
// account, another moment): the projection specs build their scenarios from these too.
export const events = {
  registered: (data: Partial<Data<'AccountRegistered'>> = {}): Event<'AccountRegistered'> => ({
    type: 'AccountRegistered',
    data: { ...withId, name: 'Acme Logistics', industry: 'LOGISTICS', region: 'East', at: AT, ...data },
  }),
  managerAssigned: (
    next: string,
    previous: string | null = null,
    at = AT,
    over: Partial<Data<'AccountManagerAssigned'>> = {},
  ): Event<'AccountManagerAssigned'> => ({
    type: 'AccountManagerAssigned',
    data: { ...withId, previous, next, effectiveFrom: at.slice(0, 10), at, ...over },
  }),
  activated: (at = AT, over: Partial<Data<'AccountActivated'>> = {}): Event<'AccountActivated'> => ({
    type: 'AccountActivated',
    data: { ...withId, at, ...over },
  }),
  revenueRecorded: (
    period: string,
    amount: number,
    at = AT,
    over: Partial<Data<'RevenueRecorded'>> = {},
  ): Event<'RevenueRecorded'> => ({
    type: 'RevenueRecorded',
    data: { ...withId, period, amount: cny(amount), sourceRef: `billing-${period}`, at, ...over },
  }),
  revenueCorrected: (
    period: string,
    delta: number,
    correctedAmount: number,
    at = AT,
    over: Partial<Data<'RevenueCorrected'>> = {},
  ): Event<'RevenueCorrected'> => ({
    type: 'RevenueCorrected',
    data: {
      ...withId,
      period,
      delta: cny(delta),
      reason: 'billing rerun',
      correctedAmount: cny(correctedAmount),
      at,
      ...over,
    },
  }),
  tierChanged: (
    from: Tier,
    to: Tier,
    rule: Data<'TierChanged'>['rule'],
    asOfPeriod: string,
    t12m: number,
    at = AT,
    over: Partial<Extract<Data<'TierChanged'>, { group: unknown }>> = {},
  ): Event<'TierChanged'> => ({
    type: 'TierChanged',
    data: {
      ...withId,
      from,
      to,
      t12m: cny(t12m),
      rule,
      asOfPeriod,
      policyVersion: 'v1',
      at,
      group: null,
      ...over,
    },
  }),
  /** The shape stored before members were tiered on their group (no `group`). */
  preGroupTierChanged: (
    from: Tier,
    to: Tier,
    rule: 'PROMOTION' | 'DEMOTION_AFTER_HYSTERESIS',
    asOfPeriod: string,
    t12m: number,
    at = AT,
    over: { readonly accountId?: string } = {},
  ): Event<'TierChanged'> => ({
    type: 'TierChanged',
    data: { ...withId, ...over, from, to, t12m: cny(t12m), rule, asOfPeriod, policyVersion: 'v1', at },
  }),
  promoted: (from: Tier, to: Tier, asOfPeriod: string, t12m: number, at = AT): Event<'TierChanged'> =>
    events.tierChanged(from, to, 'PROMOTION', asOfPeriod, t12m, at),
  demoted: (from: Tier, to: Tier, asOfPeriod: string, t12m: number, at = AT): Event<'TierChanged'> =>
    events.tierChanged(from, to, 'DEMOTION_AFTER_HYSTERESIS', asOfPeriod, t12m, at),
  /** A month-end evaluation as written now: every month, with the rule that decided it. */
  tierEvaluated: (
    period: string,
    t12m: number,
    evaluatedTier: Tier,
    streak: number,
    rule: TierEvaluationRule,
    at = AT,
    over: Partial<TierEvaluatedV3Data> = {},
  ): Event<'TierEvaluated'> => ({
    type: 'TierEvaluated',
    data: {
      ...withId,
      period,
      t12m: cny(t12m),
      evaluatedTier,
      qualifiedTier: evaluatedTier,
      streak,
      rule,
      policyVersion: 'v1',
      at,
      group: null,
      ...over,
    },
  }),
  /** The shape written before members were tiered on their group (no `group`). */
  preGroupTierEvaluated: (
    period: string,
    t12m: number,
    evaluatedTier: Tier,
    streak: number,
    rule: TierEvaluationRule,
    at = AT,
    over: Partial<TierEvaluatedV2Data> = {},
  ): Event<'TierEvaluated'> => ({
    type: 'TierEvaluated',
    data: {
      ...withId,
      period,
      t12m: cny(t12m),
      evaluatedTier,
      qualifiedTier: evaluatedTier,
      streak,
      rule,
      policyVersion: 'v1',
      at,
      ...over,
    },
  }),
  /** The shape stored before every evaluation was recorded (only when the streak moved). */
  legacyTierEvaluated: (
    asOfPeriod: string,
    t12m: number,
    qualifiedTier: Tier,
    belowFloorStreak: number,
    at = AT,
    over: { readonly accountId?: string } = {},
  ): Event<'TierEvaluated'> => ({
    type: 'TierEvaluated',
    data: {
      ...withId,
      ...over,
      asOfPeriod,
      t12m: cny(t12m),
      qualifiedTier,
      belowFloorStreak,
      policyVersion: 'v1',
      at,
    },
  }),
  overridden: (
    tier: Tier,
    expiresOn: string,
    at = AT,
    approvedBy = DIRECTOR,
    over: Partial<Data<'TierOverridden'>> = {},
  ): Event<'TierOverridden'> => ({
    type: 'TierOverridden',
    data: {
      ...withId,
      tier,
      reason: 'strategic account',
      approvedBy,
      expiresOn,
      policyVersion: 'v1',
      at,
      ...over,
    },
  }),
  overrideExpired: (
    tier: Tier,
    expiresOn: string,
    at = AT,
    over: Partial<Data<'TierOverrideExpired'>> = {},
  ): Event<'TierOverrideExpired'> => ({
    type: 'TierOverrideExpired',
    data: { ...withId, tier, expiresOn, at, ...over },
  }),
  requestOpened: (data: Partial<Data<'ServiceRequestOpened'>> = {}): Event<'ServiceRequestOpened'> => ({
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
  requestResolved: (data: Partial<Data<'ServiceRequestResolved'>> = {}): Event<'ServiceRequestResolved'> => ({
    type: 'ServiceRequestResolved',
    data: {
      ...withId,
      requestId: 'sr-1',
      kind: 'SIM_REPLACEMENT',
      size: 'SMALL',
      slaDueAt: '2026-03-07T09:00:00.000Z',
      slaMet: true,
      at: AT,
      ...data,
    },
  }),
  feedbackRecorded: (data: Partial<Data<'FeedbackRecorded'>> = {}): Event<'FeedbackRecorded'> => ({
    type: 'FeedbackRecorded',
    data: { ...withId, score: 4, aboutManagerId: MANAGER, comment: '', at: AT, ...data },
  }),
  flaggedAtRisk: (
    at = AT,
    over: Partial<Data<'AccountFlaggedAtRisk'>> = {},
  ): Event<'AccountFlaggedAtRisk'> => ({
    type: 'AccountFlaggedAtRisk',
    data: { ...withId, reason: 'usage falling', at, ...over },
  }),
  lost: (at = AT, over: Partial<Data<'AccountLost'>> = {}): Event<'AccountLost'> => ({
    type: 'AccountLost',
    data: { ...withId, reason: 'moved to a competitor', at, ...over },
  }),
  reactivated: (
    status: Data<'AccountReactivated'>['status'],
    at = AT,
    over: Partial<Data<'AccountReactivated'>> = {},
  ): Event<'AccountReactivated'> => ({
    type: 'AccountReactivated',
    data: { ...withId, approvedBy: DIRECTOR, status, at, ...over },
  }),
  contactAdded: (contactId = 'ct-chen', over: Partial<Data<'ContactAdded'>> = {}): Event<'ContactAdded'> => ({
    type: 'ContactAdded',
    data: {
      ...withId,
      contactId,
      role: 'DECISION_MAKER',
      personal: { name: 'Chen Jing', phone: '+86 10 6552-8888', email: 'chen.jing@acme.example' },
      at: AT,
      ...over,
    },
  }),
  contactRemoved: (
    contactId = 'ct-chen',
    over: Partial<Data<'ContactRemoved'>> = {},
  ): Event<'ContactRemoved'> => ({
    type: 'ContactRemoved',
    data: { ...withId, contactId, role: 'DECISION_MAKER', at: AT, ...over },
  }),
  visitLogged: (visitId = 'v-1', over: Partial<Data<'VisitLogged'>> = {}): Event<'VisitLogged'> => ({
    type: 'VisitLogged',
    data: {
      ...withId,
      visitId,
      on: '2026-03-04',
      kind: 'VISIT',
      contactIds: ['ct-chen'],
      notes: 'Reviewed the rollout plan',
      agreedActions: [],
      managerId: MANAGER,
      at: AT,
      ...over,
    },
  }),
  actionCompleted: (
    actionId = 'act-1',
    over: Partial<Data<'ActionCompleted'>> = {},
  ): Event<'ActionCompleted'> => ({
    type: 'ActionCompleted',
    data: {
      ...withId,
      actionId,
      visitId: 'v-1',
      due: '2026-03-20',
      on: '2026-03-05',
      onTime: true,
      at: AT,
      ...over,
    },
  }),
  planSet: (year = 2026, over: Partial<Data<'AccountPlanSet'>> = {}): Event<'AccountPlanSet'> => ({
    type: 'AccountPlanSet',
    data: {
      ...withId,
      year,
      revenueTarget: cny(yuan(4_000_000)),
      skuTargets: { 'SKU-ROUTER': 1200 },
      promotionBudget: cny(yuan(150_000)),
      stockTargets: { 'SKU-ROUTER': { offSeasonDays: 21, peakDays: 35 } },
      replacesEarlier: false,
      at: AT,
      ...over,
    },
  }),
};

/** An agreed action as a visit records it. */
export const action = (actionId = 'act-1', due = '2026-03-20') => ({
  actionId,
  what: 'Send the revised rollout quote',
  owner: MANAGER,
  due,
});

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
  recordRevenue: (
    period: string,
    amount: number,
    currency = 'CNY',
    at = AT,
    over: Partial<CommandData<'RecordRevenue'>> = {},
  ): AccountCommand => ({
    type: 'RecordRevenue',
    data: { period, amount: { amount, currency }, sourceRef: `billing-${period}`, at, ...over },
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
  resolveRequest: (
    requestId: string,
    at: string,
    outcome: Pick<CommandData<'ResolveServiceRequest'>, 'satisfaction' | 'causeCode'> = {},
  ): AccountCommand => ({
    type: 'ResolveServiceRequest',
    data: { requestId, at, ...outcome },
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
  addContact: (contactId = 'ct-chen', data: Partial<CommandData<'AddContact'>> = {}): AccountCommand => ({
    type: 'AddContact',
    data: {
      contactId,
      name: 'Chen Jing',
      role: 'DECISION_MAKER',
      phone: '+86 10 6552-8888',
      email: 'chen.jing@acme.example',
      at: AT,
      ...data,
    },
  }),
  removeContact: (
    contactId = 'ct-chen',
    data: Partial<CommandData<'RemoveContact'>> = {},
  ): AccountCommand => ({
    type: 'RemoveContact',
    data: { contactId, at: AT, ...data },
  }),
  logVisit: (visitId = 'v-1', data: Partial<CommandData<'LogVisit'>> = {}): AccountCommand => ({
    type: 'LogVisit',
    data: {
      visitId,
      on: '2026-03-04',
      kind: 'VISIT',
      contactIds: ['ct-chen'],
      notes: 'Reviewed the rollout plan',
      agreedActions: [],
      at: AT,
      ...data,
    },
  }),
  completeAction: (actionId = 'act-1', on = '2026-03-05', at = AT): AccountCommand => ({
    type: 'CompleteAction',
    data: { actionId, on, at },
  }),
  setPlan: (year = 2026, data: Partial<CommandData<'SetAccountPlan'>> = {}): AccountCommand => ({
    type: 'SetAccountPlan',
    data: {
      year,
      revenueTarget: cny(yuan(4_000_000)),
      skuTargets: { 'SKU-ROUTER': 1200 },
      promotionBudget: cny(yuan(150_000)),
      stockTargets: { 'SKU-ROUTER': { offSeasonDays: 21, peakDays: 35 } },
      at: AT,
      ...data,
    },
  }),
};
