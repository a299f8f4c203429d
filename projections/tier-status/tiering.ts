// The account's tier as decided by the domain: month-end changes (also one tier_changes row
// each), the below-floor streak, the group the evaluations tiered the account with, and
// overrides. The effective tier is derived as of a date.
import {
  evaluationOf,
  groupBasisOf,
  type GroupTierBasis,
  type TierChanged,
  type TierEvaluated,
  type TierOverridden,
} from '../../domain/account/index.js';
import { compareTiers, dateOf, type IsoDate } from '../../domain/kernel/index.js';
import { TIER_CHANGES, type GroupTiering, type TierChangeDoc } from './documents.js';
import { on, type EventHandlers } from '../event-handlers.js';
import { onAccount } from './on-account.js';

const changed = onAccount<TierChanged>((doc, data) => ({
  evaluatedTiers: [...doc.evaluatedTiers, { tier: data.to, since: dateOf(data.at) }],
  // A change starts the new tier afresh (the domain resets the streak the same way).
  belowFloorStreak: 0,
}));

/**
 * The group an evaluation tiered the account with, appended when it differs from the last one
 * (a month's new figure, joining, leaving); an account never in a group keeps none.
 */
const withGroupTiering = (
  entries: readonly GroupTiering[],
  since: IsoDate,
  group: GroupTierBasis | null,
): readonly GroupTiering[] => {
  const next: GroupTiering = {
    since,
    groupId: group?.groupId ?? null,
    t12mAmount: group?.t12m.amount ?? null,
  };
  const last = entries.at(-1) ?? { groupId: null, t12mAmount: null };
  return last.groupId === next.groupId && last.t12mAmount === next.t12mAmount ? entries : [...entries, next];
};

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
      group: groupBasisOf(data),
      policyVersion: data.policyVersion,
    });
  }),
  // Any stored shape: those written before every evaluation was recorded, or before members
  // were tiered on their group (in no group, then), read the same.
  TierEvaluated: onAccount<TierEvaluated>((doc, data) => ({
    belowFloorStreak: evaluationOf(data).streak,
    groupTiering: withGroupTiering(doc.groupTiering, dateOf(data.at), groupBasisOf(data)),
  })),
  TierOverridden: onAccount<TierOverridden>((doc, data) => ({
    overrides: [...doc.overrides, { tier: data.tier, from: dateOf(data.at), expiresOn: data.expiresOn }],
  })),
};
