// The agreement's base discount: within the base discount cap of the account's tier NOW
// (after a downgrade the next change, activation or extension must meet the new cap), and,
// with the approved promotions, within the tier's total concession cap.
import {
  dateOf,
  domainError,
  type DomainError,
  type Policy,
  type Tier,
  decideWith,
  type Decision,
} from '../kernel/index.js';
import { accountInGoodStanding } from './account-standing.js';
import type { SetBaseDiscount } from './commands.js';
import type { AgreementEvent } from './events.js';
import { concessionsWithinCap, spansInForce } from './concessions.js';
import type { AgreementContext } from './context.js';
import { DISCOUNT_ABOVE_TIER_CAP } from './errors.js';
import { subjectOf, type Agreement } from './state.js';
import { baseDiscountCapOf } from './tier-caps.js';

const withinTierCap = (discountBp: number, tier: Tier, policy: Policy): DomainError | undefined => {
  const capBp = baseDiscountCapOf(tier, policy);
  return discountBp <= capBp
    ? undefined
    : domainError(
        DISCOUNT_ABOVE_TIER_CAP,
        `A base discount of ${discountBp} bp is above the ${capBp} bp cap of tier ${tier}`,
        { discountBp, capBp, tier },
      );
};

/**
 * Activation and extension commit to the discount for longer, so the discount already set
 * must meet the cap of the account's tier now (a downgraded account's must be lowered first).
 */
export const discountWithinCurrentCap = (
  agreement: Agreement,
  tier: Tier,
  policy: Policy,
  command: 'ActivateAgreement' | 'ExtendAgreement',
): DomainError | undefined => {
  const capBp = baseDiscountCapOf(tier, policy);
  const discountBp = agreement.baseDiscountBp;
  const before = command === 'ActivateAgreement' ? 'activating' : 'extending';
  return discountBp <= capBp
    ? undefined
    : domainError(
        DISCOUNT_ABOVE_TIER_CAP,
        `The base discount of ${discountBp} bp is above the ${capBp} bp cap of tier ${tier}:` +
          ` lower it with SetBaseDiscount before ${before} the agreement`,
        { discountBp, capBp, tier, command },
      );
};

export const setBaseDiscount = (
  { data }: SetBaseDiscount,
  agreement: Agreement,
  { account, policy }: AgreementContext,
): Decision<AgreementEvent> =>
  decideWith(
    [
      () => accountInGoodStanding(account, agreement.accountId),
      () => withinTierCap(data.discountBp, account.tier, policy),
      // A base set today applies from today: promotions already over were granted under the old one.
      () =>
        concessionsWithinCap(data.discountBp, spansInForce(agreement.promotions), account.tier, policy, {
          range: { from: dateOf(data.at), to: agreement.validity.to },
        }),
    ],
    () => [
      {
        type: 'BaseDiscountSet',
        data: {
          ...subjectOf(agreement, data.at),
          discountBp: data.discountBp,
          capBp: baseDiscountCapOf(account.tier, policy),
          tier: account.tier,
          policyVersion: policy.version,
        },
      },
    ],
  );
