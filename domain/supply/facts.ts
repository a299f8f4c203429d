// What a supply decision knows of the account and the agreement it serves: loaded by the
// application from their streams (never a projection) and checked here.
import {
  domainError,
  type AccountFacts,
  type AgreementFacts,
  type DecisionContext,
  type DomainError,
  type FactsNeeded,
} from '../kernel/index.js';
import type { SupplyCommand } from './commands.js';
import { ACCOUNT_LOST, AGREEMENT_NOT_ACTIVE, UNKNOWN_ACCOUNT, UNKNOWN_AGREEMENT } from './errors.js';
import type { SupplyState } from './state.js';

export type SupplyContext = DecisionContext & {
  readonly account: AccountFacts;
  readonly agreement: AgreementFacts;
};

/** The account and agreement a command's decision reads: from CreateCommitment, else from the state. */
export const supplyFactsNeeded = (command: SupplyCommand, state: SupplyState): FactsNeeded => {
  if (command.type === 'CreateCommitment') {
    return { accountId: command.data.accountId, agreementId: command.data.agreementId };
  }
  // A command on a commitment that does not exist is NOT_FOUND whatever the facts say.
  return state.status === 'NONE' ? {} : { accountId: state.accountId, agreementId: state.agreementId };
};

/** Supply is promised to and planned for an account that exists and is not lost. */
export const accountServed = (account: AccountFacts): DomainError | undefined => {
  if (!account.exists) {
    return domainError(UNKNOWN_ACCOUNT, `No account ${account.accountId}`, { accountId: account.accountId });
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
    return domainError(UNKNOWN_AGREEMENT, `No agreement ${agreement.agreementId}`, {
      agreementId: agreement.agreementId,
    });
  }
  return agreement.status === 'ACTIVE'
    ? undefined
    : domainError(
        AGREEMENT_NOT_ACTIVE,
        `The agreement ${agreement.agreementId} is ${agreement.status ?? 'unknown'}, not ACTIVE`,
        { agreementId: agreement.agreementId, status: agreement.status ?? null },
      );
};
