// Which account and agreement a supply decision needs loaded from their streams.
import type { FactsNeeded } from '../kernel/index.js';
import type { SupplyCommand } from './commands.js';
import type { SupplyState } from './state.js';

/** The account and agreement a command's decision reads: from CreateCommitment, else from the state. */
export const supplyFactsNeeded = (command: SupplyCommand, state: SupplyState): FactsNeeded => {
  if (command.type === 'CreateCommitment') {
    return { accountId: command.data.accountId, agreementId: command.data.agreementId };
  }
  // A command on a commitment that does not exist is NOT_FOUND whatever the facts say.
  return state.status === 'NONE' ? {} : { accountId: state.accountId, agreementId: state.agreementId };
};
