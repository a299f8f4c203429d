// Monthly revenue: one record per period, corrected by separate events, in the policy's
// currency because the tier floors are compared with it.
import * as E from 'fp-ts/lib/Either.js';
import { accept, addMoney, lookup, periodOf, reject, type Decision } from '../kernel/index.js';
import type { CorrectRevenue, RecordRevenue } from './commands.js';
import type { AccountContext } from './context.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

export const recordRevenue = (
  { data }: RecordRevenue,
  account: RegisteredAccount,
  { policy }: AccountContext,
): Decision<AccountEvent> => {
  const { accountId } = account;
  if (data.amount.currency !== policy.currency) {
    return reject('CURRENCY_MISMATCH', `Revenue must be in ${policy.currency}, not ${data.amount.currency}`, {
      accountId,
      currency: data.amount.currency,
      expected: policy.currency,
    });
  }
  // Revenue is recorded for closed or current months, never ahead of `at`.
  if (data.period > periodOf(data.at)) {
    return reject('REVENUE_PERIOD_IN_FUTURE', `Cannot record revenue for ${data.period} before it starts`, {
      accountId,
      period: data.period,
      currentPeriod: periodOf(data.at),
    });
  }
  const recorded = lookup(account.revenue, data.period);
  if (recorded !== undefined) {
    return reject(
      'REVENUE_ALREADY_RECORDED',
      `Revenue for ${data.period} is recorded already; send a correction instead`,
      { accountId, period: data.period, recordedAmount: recorded.amount },
    );
  }
  return accept({
    type: 'RevenueRecorded',
    data: { accountId, period: data.period, amount: data.amount, sourceRef: data.sourceRef, at: data.at },
  });
};

export const correctRevenue = (
  { data }: CorrectRevenue,
  account: RegisteredAccount,
): Decision<AccountEvent> => {
  const { accountId } = account;
  const recorded = lookup(account.revenue, data.period);
  if (recorded === undefined) {
    return reject('REVENUE_NOT_RECORDED', `No revenue recorded for ${data.period} to correct`, {
      accountId,
      period: data.period,
    });
  }
  const corrected = addMoney(recorded, data.delta);
  if (E.isLeft(corrected))
    return E.left({ ...corrected.left, facts: { ...corrected.left.facts, accountId } });
  // A correction that changes nothing is a mistake, not a fact worth keeping forever.
  if (data.delta.amount === 0) {
    return reject('CORRECTION_IS_ZERO', `A correction of ${data.period} must change the amount`, {
      accountId,
      period: data.period,
    });
  }
  if (corrected.right.amount < 0) {
    return reject('REVENUE_WOULD_BE_NEGATIVE', `The correction would make ${data.period} negative`, {
      accountId,
      period: data.period,
      recordedAmount: recorded.amount,
      delta: data.delta.amount,
    });
  }
  return accept({
    type: 'RevenueCorrected',
    data: {
      accountId,
      period: data.period,
      delta: data.delta,
      reason: data.reason,
      correctedAmount: { amount: corrected.right.amount, currency: recorded.currency },
      at: data.at,
    },
  });
};
