// The account's tier as decided by the domain: month-end changes (also one tier_changes row
// each), the below-floor streak, and overrides. The effective tier is derived as of a date.
import {
  evaluationOf,
  type TierChanged,
  type TierEvaluated,
  type TierOverridden,
} from '../../domain/account/index.js';
import { compareTiers, dateOf } from '../../domain/kernel/index.js';
import { TIER_CHANGES, type TierChangeDoc } from './documents.js';
import { on, type EventHandlers } from '../event-handlers.js';
import { onAccount } from './on-account.js';

const changed = onAccount<TierChanged>((doc, data) => ({
  ...doc,
  evaluatedTiers: [...doc.evaluatedTiers, { tier: data.to, since: dateOf(data.at) }],
  // A change starts the new tier afresh (the domain resets the streak the same way).
  belowFloorStreak: 0,
}));

export const tieringHandlers: EventHandlers = {
  TierChanged: on<TierChanged>((data, event, context) => {
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
  }),
  // Either stored shape: the one written before every evaluation was recorded reads the same.
  TierEvaluated: onAccount<TierEvaluated>((doc, data) => ({
    ...doc,
    belowFloorStreak: evaluationOf(data).streak,
  })),
  TierOverridden: onAccount<TierOverridden>((doc, data) => ({
    ...doc,
    overrides: [...doc.overrides, { tier: data.tier, from: dateOf(data.at), expiresOn: data.expiresOn }],
  })),
};
