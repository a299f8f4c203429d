// EvaluateTier, the month-end job: evaluates a closed month in period order, records tier
// changes and the below-floor streak (so hysteresis survives replay), and retires an expired override.
import { accept, periodOf, reject, type Money, type Policy, type Decision } from '../kernel/index.js';
import type { EvaluateTier } from './commands.js';
import type { AccountContext } from './context.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';
import { overrideExpiry } from './tier-override.js';
import { evaluateRevenue, nextTierMove } from './tiering.js';

const tierEvents = (
  data: EvaluateTier['data'],
  account: RegisteredAccount,
  policy: Policy,
): readonly AccountEvent[] => {
  const evaluation = evaluateRevenue(account.revenue, data.asOfPeriod, policy);
  const move = nextTierMove(account.tier, account.belowFloorStreak, evaluation, policy);
  const t12m: Money = { amount: evaluation.t12m, currency: policy.currency };
  const common = { accountId: account.accountId, asOfPeriod: data.asOfPeriod, t12m };
  switch (move.kind) {
    case 'PROMOTE':
    case 'DEMOTE':
      return [
        {
          type: 'TierChanged',
          data: {
            ...common,
            from: account.tier,
            to: move.to,
            rule: move.kind === 'PROMOTE' ? 'PROMOTION' : 'DEMOTION_AFTER_HYSTERESIS',
            policyVersion: policy.version,
            at: data.at,
          },
        },
      ];
    case 'STREAK':
      return [
        {
          type: 'TierEvaluated',
          data: {
            ...common,
            qualifiedTier: evaluation.qualifiedTier,
            belowFloorStreak: move.belowFloorStreak,
            policyVersion: policy.version,
            at: data.at,
          },
        },
      ];
    case 'UNCHANGED':
      return [];
  }
};

export const evaluateTier = (
  { data }: EvaluateTier,
  account: RegisteredAccount,
  { policy }: AccountContext,
): Decision<AccountEvent> => {
  const currentPeriod = periodOf(data.at);
  // T12M is over closed months: the current month's revenue is not final yet.
  if (data.asOfPeriod >= currentPeriod) {
    return reject('PERIOD_NOT_CLOSED', `${data.asOfPeriod} is not a closed month yet`, {
      accountId: account.accountId,
      asOfPeriod: data.asOfPeriod,
      currentPeriod,
    });
  }
  // Evaluated already (or older than the last evaluation): a retried month-end job changes nothing.
  if (account.lastEvaluatedPeriod !== null && data.asOfPeriod <= account.lastEvaluatedPeriod) {
    return accept();
  }
  return accept(...overrideExpiry(account, data.at), ...tierEvents(data, account, policy));
};
