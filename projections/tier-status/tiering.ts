// The account's tier as decided by the domain: month-end changes (also one tier_changes row
// each), the below-floor streak, and overrides. The effective tier is derived as of a date.
import type { TierChanged, TierEvaluated, TierOverridden } from '../../domain/account/index.js';
import { compareTiers, dateOf } from '../../domain/kernel/index.js';
import { TIER_CHANGES, type TierChangeDoc } from './documents.js';
import { onAccount, type Handlers } from './handlers.js';

const changed = onAccount<TierChanged['data']>((doc, data) => ({
  ...doc,
  evaluatedTiers: [...doc.evaluatedTiers, { tier: data.to, since: dateOf(data.at) }],
  // A change starts the new tier afresh (the domain resets the streak the same way).
  belowFloorStreak: 0,
}));

export const tieringHandlers: Handlers = {
  TierChanged: (event, context) => {
    const data = event.data as unknown as TierChanged['data'];
    changed(event, context);
    // Keyed by the event: one row per TierChanged, however many an evaluation of a period yields.
    context.put<TierChangeDoc>(TIER_CHANGES, event.eventId, {
      eventId: event.eventId,
      accountId: data.accountId,
      from: data.from,
      to: data.to,
      direction: compareTiers(data.to, data.from) > 0 ? 'up' : 'down',
      changedOn: dateOf(data.at),
      period: data.asOfPeriod,
      rule: data.rule,
      t12m: data.t12m,
      policyVersion: data.policyVersion,
    });
  },
  TierEvaluated: onAccount<TierEvaluated['data']>((doc, data) => ({
    ...doc,
    belowFloorStreak: data.belowFloorStreak,
  })),
  TierOverridden: onAccount<TierOverridden['data']>((doc, data) => ({
    ...doc,
    overrides: [...doc.overrides, { tier: data.tier, from: dateOf(data.at), expiresOn: data.expiresOn }],
  })),
};
