// The account itself: who it is, who manages it, where the relationship stands.
import type {
  AccountActivated,
  AccountFlaggedAtRisk,
  AccountLost,
  AccountManagerAssigned,
  AccountReactivated,
  AccountRegistered,
} from '../../domain/account/index.js';
import { dateOf, POLICY_V1 } from '../../domain/kernel/index.js';
import { TIER_STATUS, type TierStatusDoc } from './documents.js';
import { on, type EventHandlers } from '../event-handlers.js';
import { onAccount } from './on-account.js';

const registered = (data: AccountRegistered['data']): TierStatusDoc => {
  const day = dateOf(data.at);
  return {
    accountId: data.accountId,
    name: data.name,
    industry: data.industry,
    region: data.region,
    registeredOn: day,
    lastEventOn: day,
    policyVersion: POLICY_V1.version,
    managerId: null,
    status: 'PROSPECT',
    lostSpans: [],
    // Every account starts ungraded; month-end evaluations move it.
    evaluatedTiers: [{ tier: 'NONE', since: day }],
    overrides: [],
    belowFloorStreak: 0,
    groupTiering: [],
    revenue: {},
    openRequests: {},
    lateResolutions: [],
    feedback: [],
    satisfaction: [],
    agreements: {},
    visits: [],
    actions: {},
  };
};

export const accountHandlers: EventHandlers = {
  AccountRegistered: on<AccountRegistered>((data, _event, context) => {
    // A stray duplicate must not wipe the account's history (the domain ignores it too).
    if (context.get(TIER_STATUS, data.accountId) !== undefined) return;
    context.put<TierStatusDoc>(TIER_STATUS, data.accountId, registered(data));
  }),
  AccountManagerAssigned: onAccount<AccountManagerAssigned>((_doc, data) => ({
    // The domain hands the account over at once (effectiveFrom is informative), so does the row.
    managerId: data.next,
  })),
  AccountActivated: onAccount<AccountActivated>(() => ({ status: 'ACTIVE' })),
  AccountFlaggedAtRisk: onAccount<AccountFlaggedAtRisk>(() => ({ status: 'AT_RISK' })),
  AccountLost: onAccount<AccountLost>((doc, data) => ({
    status: 'LOST',
    lostSpans: [...doc.lostSpans, { from: dateOf(data.at), until: null }],
  })),
  AccountReactivated: onAccount<AccountReactivated>((doc, data) => ({
    status: data.status,
    lostSpans: doc.lostSpans.map((span) =>
      span.until === null ? { ...span, until: dateOf(data.at) } : span,
    ),
  })),
};
