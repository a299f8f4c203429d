// The Account decider: finds the account (or registers it), applies the LOST freeze, then hands
// each command to the rule of its concept.
import * as E from 'fp-ts/lib/Either.js';
import { notFound, type Decider, type Decision } from '../kernel/index.js';
import { setAccountPlan } from './account-plan.js';
import type { AccountCommand } from './commands.js';
import { addContact, removeContact } from './contacts.js';
import type { AccountContext } from './context.js';
import type { AccountEvent } from './events.js';
import { recordFeedback } from './feedback.js';
import { assignAccountManager } from './managers.js';
import { registerAccount } from './registration.js';
import { correctRevenue, recordRevenue } from './revenue.js';
import { openServiceRequest, resolveServiceRequest } from './service-requests.js';
import { evolve } from './evolve.js';
import { initialState, type AccountState } from './state.js';
import { flagAtRisk, lostAccountGuard, markLost, reactivate } from './status.js';
import { evaluateTier } from './tier-evaluation.js';
import { overrideTier } from './tier-override.js';
import { completeAction, logVisit } from './visits.js';

const decide = (
  command: AccountCommand,
  state: AccountState,
  context: AccountContext,
): Decision<AccountEvent> => {
  if (command.type === 'RegisterAccount') return registerAccount(command, state);
  if (!state.exists) return E.left(notFound('account'));
  const frozen = lostAccountGuard(command, state);
  if (frozen !== undefined) return E.left(frozen);
  switch (command.type) {
    case 'AssignAccountManager':
      return assignAccountManager(command, state);
    case 'RecordRevenue':
      return recordRevenue(command, state, context);
    case 'CorrectRevenue':
      return correctRevenue(command, state);
    case 'EvaluateTier':
      return evaluateTier(command, state, context);
    case 'OverrideTier':
      return overrideTier(command, state, context);
    case 'OpenServiceRequest':
      return openServiceRequest(command, state, context);
    case 'ResolveServiceRequest':
      return resolveServiceRequest(command, state);
    case 'RecordFeedback':
      return recordFeedback(command, state);
    case 'FlagAtRisk':
      return flagAtRisk(command, state);
    case 'MarkLost':
      return markLost(command, state);
    case 'Reactivate':
      return reactivate(command, state);
    case 'AddContact':
      return addContact(command, state);
    case 'RemoveContact':
      return removeContact(command, state);
    case 'LogVisit':
      return logVisit(command, state);
    case 'CompleteAction':
      return completeAction(command, state);
    case 'SetAccountPlan':
      return setAccountPlan(command, state, context);
  }
};

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState, AccountContext> = {
  initialState,
  evolve,
  decide,
};
