// What other aggregates' rules may know of an agreement, and which account an agreement
// decision needs loaded.
import type { AgreementFacts, FactsNeeded } from '../kernel/index.js';
import type { AgreementCommand } from './commands.js';
import type { AgreementState } from './state.js';

export const agreementFacts = (state: AgreementState, agreementId: string): AgreementFacts =>
  state.exists
    ? {
        agreementId,
        exists: true,
        accountId: state.accountId,
        status: state.status,
        validity: state.validity,
      }
    : { agreementId, exists: false };

/** The account to load: named by DraftAgreement, otherwise the agreement's own. */
export const agreementFactsNeeded = (command: AgreementCommand, state: AgreementState): FactsNeeded => {
  if (command.type === 'DraftAgreement') return { accountId: command.data.accountId };
  return state.exists ? { accountId: state.accountId } : {};
};
