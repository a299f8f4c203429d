// Whether the account and the agreement behind a commitment allow new promises: the account
// exists and is not lost, the agreement exists and is in force.
import {
  domainError,
  unknownAccount,
  unknownAgreement,
  type AccountFacts,
  type AgreementFacts,
  type DomainError,
} from '../kernel/index.js';
import { ACCOUNT_LOST, AGREEMENT_NOT_ACTIVE } from './errors.js';

/** Supply is promised to and planned for an account that exists and is not lost. */
export const accountServed = (account: AccountFacts): DomainError | undefined => {
  if (!account.exists) {
    return unknownAccount(account.accountId);
  }
  return account.status === 'LOST'
    ? domainError(ACCOUNT_LOST, `The account ${account.accountId} is lost: no supply is planned for it`, {
        accountId: account.accountId,
        status: account.status,
      })
    : undefined;
};

/** New promises (a commitment, a quantity, a batch) need an agreement in force. */
export const agreementInForce = (agreement: AgreementFacts): DomainError | undefined => {
  if (!agreement.exists) {
    return unknownAgreement(agreement.agreementId);
  }
  return agreement.status === 'ACTIVE'
    ? undefined
    : domainError(
        AGREEMENT_NOT_ACTIVE,
        `The agreement ${agreement.agreementId} is ${agreement.status ?? 'unknown'}, not ACTIVE`,
        { agreementId: agreement.agreementId, status: agreement.status ?? null },
      );
};
