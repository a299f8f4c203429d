// Whether the account behind an agreement may take on new commitments: it must exist, must
// not be LOST, and must be ACTIVE or AT_RISK to sign.
import { domainError, unknownAccount, type AccountFacts, type DomainError } from '../kernel/index.js';
import { ACCOUNT_LOST, ACCOUNT_NOT_ACTIVE } from './errors.js';

/** Facts about another account than the agreement's are treated as no account at all. */
const notTheAccount = (account: AccountFacts, accountId: string): DomainError | undefined =>
  account.exists && account.accountId === accountId ? undefined : unknownAccount(accountId);

const lostAccount = (account: AccountFacts): DomainError | undefined =>
  account.status === 'LOST'
    ? domainError(ACCOUNT_LOST, `The account ${account.accountId} is lost`, { accountId: account.accountId })
    : undefined;

/** The account exists and is not LOST. */
export const accountInGoodStanding = (account: AccountFacts, accountId: string): DomainError | undefined =>
  notTheAccount(account, accountId) ?? lostAccount(account);

/** The account exists, is not LOST, and has left PROSPECT: it can sign. */
export const accountCanSign = (account: AccountFacts, accountId: string): DomainError | undefined =>
  accountInGoodStanding(account, accountId) ??
  (account.status === 'ACTIVE' || account.status === 'AT_RISK'
    ? undefined
    : domainError(ACCOUNT_NOT_ACTIVE, `The account ${accountId} is not active`, {
        accountId,
        status: account.status ?? null,
      }));
