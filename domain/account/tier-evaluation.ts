// EvaluateTier, the month-end job. Closed months are evaluated in order, each recorded by a
// TierEvaluated (also when nothing changes, so auditors see that it ran and why), preceded by
// a TierChanged when the tier moves; the below-floor streak survives replay. A month at or
// before the last evaluated one is refused. Months skipped since the last evaluation (a month
// end that did not run, the months an account was LOST) are evaluated first, in order, in the
// same decision: the job stays one command per account and month, and replay only folds events.
// A member of a group is evaluated on the group's combined T12M (group-tiering.ts), and its
// events name the group.
import {
  accept,
  addPeriods,
  periodOf,
  periodsBetween,
  reject,
  type Decision,
  type GroupTieringFacts,
  type IsoDateTime,
  type Period,
  type Policy,
  type Tier,
} from '../kernel/index.js';
import type { EvaluateTier } from './commands.js';
import type { AccountContext } from './context.js';
import type { AccountEvent } from './events.js';
import { tierBasis } from './group-tiering.js';
import type { RegisteredAccount } from './state.js';
import { overrideExpiry } from './tier-override.js';
import { evaluateRevenue, evaluationRule, nextTierMove } from './tiering.js';

/** The tier and streak an evaluation starts from and leaves behind. */
interface Standing {
  readonly tier: Tier;
  readonly streak: number;
}

/** The months to evaluate up to `asOfPeriod`: from the one after the last evaluated one (just it, the first time). */
const periodsUpTo = (lastEvaluated: Period | null, asOfPeriod: Period): readonly Period[] =>
  lastEvaluated === null
    ? [asOfPeriod]
    : Array.from({ length: periodsBetween(lastEvaluated, asOfPeriod) }, (_, i) =>
        addPeriods(lastEvaluated, i + 1),
      );

/** One month's evaluation: its events and the standing it leaves. */
const evaluatePeriod = (
  account: RegisteredAccount,
  standing: Standing,
  period: Period,
  at: IsoDateTime,
  policy: Policy,
  groupFacts: GroupTieringFacts | null,
): { readonly events: readonly AccountEvent[]; readonly standing: Standing } => {
  const own = evaluateRevenue(account.revenue, period, policy);
  const { evaluation, group } = tierBasis(account, own, groupFacts, period, policy);
  const move = nextTierMove(standing.tier, standing.streak, evaluation, policy);
  const rule = evaluationRule(standing.tier, evaluation, move, policy);
  const changed = move.kind === 'PROMOTE' || move.kind === 'DEMOTE';
  const next: Standing = {
    tier: changed ? move.to : standing.tier,
    streak: move.kind === 'STREAK' ? move.belowFloorStreak : changed ? 0 : standing.streak,
  };
  const t12m = { amount: own.t12m, currency: policy.currency };
  const { accountId } = account;
  const evaluated: AccountEvent = {
    type: 'TierEvaluated',
    data: {
      accountId,
      period,
      t12m,
      evaluatedTier: next.tier,
      qualifiedTier: evaluation.qualifiedTier,
      streak: next.streak,
      rule,
      policyVersion: policy.version,
      at,
      group,
    },
  };
  if (!changed) return { events: [evaluated], standing: next };
  const tierChanged: AccountEvent = {
    type: 'TierChanged',
    data: {
      accountId,
      from: standing.tier,
      to: next.tier,
      t12m,
      rule: move.kind === 'PROMOTE' ? 'PROMOTION' : 'DEMOTION_AFTER_HYSTERESIS',
      asOfPeriod: period,
      policyVersion: policy.version,
      at,
      group,
    },
  };
  // The change first: it is what the evaluation decided, and its record follows.
  return { events: [tierChanged, evaluated], standing: next };
};

export const evaluateTier = (
  { data }: EvaluateTier,
  account: RegisteredAccount,
  { policy, group }: AccountContext,
): Decision<AccountEvent> => {
  const { accountId, lastEvaluatedPeriod } = account;
  const currentPeriod = periodOf(data.at);
  // T12M is over closed months: the current month's revenue is not final yet.
  if (data.asOfPeriod >= currentPeriod) {
    return reject('PERIOD_NOT_CLOSED', `${data.asOfPeriod} is not a closed month yet`, {
      accountId,
      asOfPeriod: data.asOfPeriod,
      currentPeriod,
    });
  }
  // A retried month end never gets here: its command id finds the events it wrote.
  if (lastEvaluatedPeriod !== null && data.asOfPeriod <= lastEvaluatedPeriod) {
    return reject(
      'PERIOD_ALREADY_EVALUATED',
      `${data.asOfPeriod} is not after ${lastEvaluatedPeriod}, the last month evaluated`,
      { accountId, asOfPeriod: data.asOfPeriod, lastEvaluatedPeriod },
    );
  }
  const events: AccountEvent[] = [...overrideExpiry(account, data.at)];
  let standing: Standing = { tier: account.tier, streak: account.belowFloorStreak };
  for (const period of periodsUpTo(lastEvaluatedPeriod, data.asOfPeriod)) {
    const evaluated = evaluatePeriod(account, standing, period, data.at, policy, group);
    events.push(...evaluated.events);
    standing = evaluated.standing;
  }
  return accept(...events);
};
