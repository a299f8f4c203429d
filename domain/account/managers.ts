// The dedicated account manager: one per account; the first one makes a prospect ACTIVE.
import { accept, reject, type Decision } from '../kernel/index.js';
import type { AssignAccountManager } from './commands.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

export const assignAccountManager = (
  { data }: AssignAccountManager,
  account: RegisteredAccount,
): Decision<AccountEvent> => {
  if (account.managerId === data.managerId) {
    return reject(
      'MANAGER_ALREADY_ASSIGNED',
      `${data.managerId} already manages account ${account.accountId}`,
      {
        accountId: account.accountId,
        managerId: data.managerId,
      },
    );
  }
  const assigned: AccountEvent = {
    type: 'AccountManagerAssigned',
    data: {
      accountId: account.accountId,
      previous: account.managerId,
      next: data.managerId,
      effectiveFrom: data.effectiveFrom,
      at: data.at,
    },
  };
  // A prospect has never had a manager (nothing unassigns one): its first makes it ACTIVE.
  return account.status === 'PROSPECT'
    ? accept<AccountEvent>(assigned, {
        type: 'AccountActivated',
        data: { accountId: account.accountId, at: data.at },
      })
    : accept(assigned);
};
