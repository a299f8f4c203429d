// A tier override: a person's decision to grade an account otherwise for a while. It needs a
// reason, lasts at most policy.tiering.overrideMaxMonths, and the account's own manager may not
// approve it (four eyes). The evaluated tier keeps being tracked underneath.
import {
  accept,
  addMonths,
  dateOf,
  reject,
  type IsoDate,
  type IsoDateTime,
  type Tier,
  type Decision,
} from '../kernel/index.js';
import type { OverrideTier } from './commands.js';
import type { AccountContext } from './context.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount, TierOverride } from './state.js';

/** An override applies through its `expiresOn` day. */
const isActiveOn = (override: TierOverride, date: IsoDate): boolean => override.expiresOn >= date;

/** The tier that counts on `date`: an unexpired override wins over the evaluated tier. */
/** Only the tier and the override matter, so a read model's copy of them can ask too. */
export const effectiveTier = (account: Pick<RegisteredAccount, 'tier' | 'override'>, date: IsoDate): Tier =>
  account.override !== null && isActiveOn(account.override, date) ? account.override.tier : account.tier;

/** TierOverrideExpired when the override ran out before `at`; none otherwise. */
export const overrideExpiry = (account: RegisteredAccount, at: IsoDateTime): readonly AccountEvent[] =>
  account.override !== null && !isActiveOn(account.override, dateOf(at))
    ? [
        {
          type: 'TierOverrideExpired',
          data: {
            accountId: account.accountId,
            tier: account.override.tier,
            expiresOn: account.override.expiresOn,
            at,
          },
        },
      ]
    : [];

export const overrideTier = (
  { data }: OverrideTier,
  account: RegisteredAccount,
  { policy }: AccountContext,
): Decision<AccountEvent> => {
  const { accountId } = account;
  const today = dateOf(data.at);
  const latest = addMonths(today, policy.tiering.overrideMaxMonths);
  // The codec already refuses a blank reason; a command built in code must not slip past it.
  if (data.reason.trim() === '') {
    return reject('OVERRIDE_REASON_REQUIRED', 'A tier override needs a reason', { accountId });
  }
  if (data.expiresOn <= today) {
    return reject('OVERRIDE_EXPIRY_NOT_IN_FUTURE', `An override must expire after ${today}`, {
      accountId,
      expiresOn: data.expiresOn,
      today,
    });
  }
  if (data.expiresOn > latest) {
    return reject(
      'OVERRIDE_TOO_LONG',
      `An override lasts at most ${policy.tiering.overrideMaxMonths} months (until ${latest})`,
      {
        accountId,
        expiresOn: data.expiresOn,
        latestExpiresOn: latest,
        maxMonths: policy.tiering.overrideMaxMonths,
      },
    );
  }
  if (data.approvedBy === account.managerId) {
    return reject('OVERRIDE_APPROVER_IS_MANAGER', `The account's own manager cannot approve its override`, {
      accountId,
      approvedBy: data.approvedBy,
      managerId: account.managerId,
    });
  }
  return accept({
    type: 'TierOverridden',
    data: {
      accountId,
      tier: data.tier,
      reason: data.reason,
      approvedBy: data.approvedBy,
      expiresOn: data.expiresOn,
      policyVersion: policy.version,
      at: data.at,
    },
  });
};
