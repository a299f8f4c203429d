// The relationship's status: PROSPECT → ACTIVE (first manager) → AT_RISK → LOST, and back from
// LOST by an approved reactivation. A LOST account is frozen except for its revenue records.
import { accept, domainError, reject, type DomainError, type Decision } from '../kernel/index.js';
import type { AccountCommand, FlagAtRisk, MarkLost, Reactivate } from './commands.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

/** Revenue keeps arriving after a loss (final invoices), and Reactivate is the way back. */
const ACCEPTED_WHEN_LOST: readonly AccountCommand['type'][] = [
  'RecordRevenue',
  'CorrectRevenue',
  'Reactivate',
];

/** ACCOUNT_LOST when a LOST account gets a command it no longer accepts. */
export const lostAccountGuard = (
  command: AccountCommand,
  account: RegisteredAccount,
): DomainError | undefined =>
  account.status === 'LOST' && !ACCEPTED_WHEN_LOST.includes(command.type)
    ? domainError('ACCOUNT_LOST', `Account ${account.accountId} is lost: ${command.type} is not accepted`, {
        accountId: account.accountId,
        command: command.type,
      })
    : undefined;

/**
 * Only an ACTIVE account is flagged: a second flag of an account AT_RISK is refused (it was
 * already flagged and nobody has said it is back on track: Reactivate), a LOST one answers
 * ACCOUNT_LOST (the guard). The early-warning score, when the process raised the flag, is recorded
 * with it as given: the decider does not score (the score spans the account's commitments too).
 */
export const flagAtRisk = ({ data }: FlagAtRisk, account: RegisteredAccount): Decision<AccountEvent> =>
  account.status === 'ACTIVE'
    ? accept({
        type: 'AccountFlaggedAtRisk',
        data: {
          accountId: account.accountId,
          reason: data.reason,
          ...(data.risk === undefined ? {} : { risk: data.risk }),
          at: data.at,
        },
      })
    : reject(
        'ACCOUNT_NOT_ACTIVE',
        account.status === 'AT_RISK'
          ? `Account ${account.accountId} is already flagged at risk: reactivate it first`
          : `Only an ACTIVE account can be flagged at risk, not a ${account.status} one`,
        {
          accountId: account.accountId,
          status: account.status,
        },
      );

// Reached only for a non-LOST account: the lost guard answers a second MarkLost.
export const markLost = ({ data }: MarkLost, account: RegisteredAccount): Decision<AccountEvent> =>
  accept({
    type: 'AccountLost',
    data: {
      accountId: account.accountId,
      reason: data.reason,
      ...(data.competitor === undefined ? {} : { competitor: data.competitor }),
      at: data.at,
    },
  });

// A lost account won back, or an account at risk that is back on track.
export const reactivate = ({ data }: Reactivate, account: RegisteredAccount): Decision<AccountEvent> =>
  account.status === 'LOST' || account.status === 'AT_RISK'
    ? accept({
        type: 'AccountReactivated',
        data: {
          accountId: account.accountId,
          approvedBy: data.approvedBy,
          // ACTIVE needs a manager; without one the account starts over as a prospect.
          status: account.managerId === null ? 'PROSPECT' : 'ACTIVE',
          at: data.at,
        },
      })
    : reject(
        'NOTHING_TO_REACTIVATE',
        `Only a LOST or AT_RISK account can be reactivated, not a ${account.status} one`,
        {
          accountId: account.accountId,
          status: account.status,
        },
      );
