// Folds one event into an Account's state. Records only what events say: it never consults the
// policy, so a replay years later gives the same state.
import { lookup } from '../kernel/index.js';
import { evaluationOf, type AccountEvent, type AccountRegistered } from './events.js';
import type { AccountState, RegisteredAccount } from './state.js';

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
    case 'TierEvaluated': {
      // Either stored shape: the one written before every evaluation was recorded reads the same.
      const { period, streak } = evaluationOf(event.data);
      return { ...account, belowFloorStreak: streak, lastEvaluatedPeriod: period };
    }
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
    case 'ContactAdded':
      // Only id and role: the personal object may be ciphertext or erased, and no rule reads it.
      return {
        ...account,
        contacts: { ...account.contacts, [event.data.contactId]: { role: event.data.role, removed: false } },
      };
    case 'ContactRemoved':
      return {
        ...account,
        contacts: { ...account.contacts, [event.data.contactId]: { role: event.data.role, removed: true } },
      };
    case 'VisitLogged':
      return {
        ...account,
        visits: { ...account.visits, [event.data.visitId]: { on: event.data.on, kind: event.data.kind } },
        actions: {
          ...account.actions,
          ...Object.fromEntries(
            event.data.agreedActions.map((action) => [
              action.actionId,
              {
                visitId: event.data.visitId,
                agreedOn: event.data.on,
                due: action.due,
                owner: action.owner,
                completedOn: null,
              },
            ]),
          ),
        },
      };
    case 'ActionCompleted': {
      const action = lookup(account.actions, event.data.actionId);
      return action === undefined
        ? account
        : {
            ...account,
            actions: { ...account.actions, [event.data.actionId]: { ...action, completedOn: event.data.on } },
          };
    }
    case 'AccountPlanSet':
      return {
        ...account,
        plans: {
          ...account.plans,
          [String(event.data.year)]: {
            revenueTarget: event.data.revenueTarget,
            skuTargets: event.data.skuTargets,
            promotionBudget: event.data.promotionBudget,
            stockTargets: event.data.stockTargets,
          },
        },
      };
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
  contacts: {},
  visits: {},
  actions: {},
  plans: {},
});

export const evolve = (state: AccountState, event: AccountEvent): AccountState => {
  if (state.exists) return evolveRegistered(state, event);
  // Before registration only AccountRegistered means anything; ignoring the rest keeps replay total.
  return event.type === 'AccountRegistered' ? registered(event) : state;
};
