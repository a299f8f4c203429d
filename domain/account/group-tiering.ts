// Members of a group are tiered on the group's combined T12M (DOMAIN.md, Groups): the sum of
// every member's T12M by the tiering rules, the same figure the groups read model shows. The
// combined figure is never below a member's own, so the member is promoted at once to what the
// group qualifies for and never held below it; a demotion keeps its hysteresis, on the group's
// figure. Membership is the group's as the application loaded it for this decision: a member
// that joins or leaves counts from the next month end (a month evaluated is never evaluated again).
import type { GroupTieringFacts, Period, Policy } from '../kernel/index.js';
import type { GroupTierBasis } from './events.js';
import type { RegisteredAccount } from './state.js';
import { evaluateRevenue, qualifyingTier, type RevenueEvaluation } from './tiering.js';

/** What a month's tier move runs on, and the group that gave it (null for an account in no group). */
export interface TierBasis {
  readonly evaluation: RevenueEvaluation;
  readonly group: GroupTierBasis | null;
}

/**
 * The group's evaluation of a month. Its history is the longest of its members': one member
 * with enough history lets the group qualify (a new member is tiered with its group at once);
 * when no member has enough, nothing qualifies, as for an account alone.
 */
export const groupEvaluation = (
  memberRevenue: GroupTieringFacts['memberRevenue'],
  period: Period,
  policy: Policy,
): RevenueEvaluation => {
  const members = Object.values(memberRevenue).map((revenue) => evaluateRevenue(revenue, period, policy));
  const t12m = members.reduce((sum, member) => sum + member.t12m, 0);
  const historyMonths = members.reduce((longest, member) => Math.max(longest, member.historyMonths), 0);
  return {
    historyMonths,
    t12m,
    qualifiedTier: historyMonths < policy.tiering.minHistoryMonths ? 'NONE' : qualifyingTier(t12m, policy),
  };
};

/**
 * The basis of one month's evaluation: the account's own revenue alone, or its group's. The
 * account's own revenue is always its state's (the decision's own stream), whatever the facts say.
 */
export const tierBasis = (
  account: RegisteredAccount,
  own: RevenueEvaluation,
  group: GroupTieringFacts | null,
  period: Period,
  policy: Policy,
): TierBasis => {
  if (group === null) return { evaluation: own, group: null };
  const evaluation = groupEvaluation(
    { ...group.memberRevenue, [account.accountId]: account.revenue },
    period,
    policy,
  );
  return {
    evaluation,
    group: { groupId: group.groupId, t12m: { amount: evaluation.t12m, currency: policy.currency } },
  };
};
