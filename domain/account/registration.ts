// RegisterAccount: the command that starts an account's stream, as a PROSPECT of tier NONE.
import * as E from 'fp-ts/lib/Either.js';
import { accept, alreadyExists, type Decision } from '../kernel/index.js';
import type { RegisterAccount } from './commands.js';
import type { AccountEvent } from './events.js';
import type { AccountState } from './state.js';

export const registerAccount = ({ data }: RegisterAccount, state: AccountState): Decision<AccountEvent> =>
  state.exists
    ? E.left(alreadyExists('account', state.accountId))
    : accept({
        type: 'AccountRegistered',
        data: {
          accountId: data.accountId,
          name: data.name,
          industry: data.industry,
          region: data.region,
          at: data.at,
        },
      });
