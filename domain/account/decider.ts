// The Account decider: finds the account (or registers it), applies the LOST freeze, then hands
// each command to the rule of its concept.
import * as E from 'fp-ts/lib/Either.js';
import { notFound, type DecisionContext, type Decider } from '../kernel/index.js';
import type { AccountCommand } from './commands.js';
import type { AccountDecision, AccountEvent } from './events.js';
import { recordFeedback } from './feedback.js';
import { assignAccountManager } from './managers.js';
import { registerAccount } from './registration.js';
import { correctRevenue, recordRevenue } from './revenue.js';
import { openServiceRequest, resolveServiceRequest } from './service-requests.js';
import { evolve, initialState, type AccountState } from './state.js';
import { flagAtRisk, lostAccountGuard, markLost, reactivate } from './status.js';
import { evaluateTier } from './tier-evaluation.js';
import { overrideTier } from './tier-override.js';

const decide = (command: AccountCommand, state: AccountState, context: DecisionContext): AccountDecision => {
  if (command.type === 'RegisterAccount') return registerAccount(command.data, state);
  // Only the route knows the id of a stream that does not exist; the handler can fill it in.
  if (!state.exists) return E.left(notFound('account', ''));
  const frozen = lostAccountGuard(command, state);
  if (frozen !== undefined) return E.left(frozen);
  const { policy } = context;
  switch (command.type) {
    case 'AssignAccountManager':
      return assignAccountManager(command.data, state);
    case 'RecordRevenue':
      return recordRevenue(command.data, state, policy);
    case 'CorrectRevenue':
      return correctRevenue(command.data, state);
    case 'EvaluateTier':
      return evaluateTier(command.data, state, policy);
    case 'OverrideTier':
      return overrideTier(command.data, state, policy);
    case 'OpenServiceRequest':
      return openServiceRequest(command.data, state, policy);
    case 'ResolveServiceRequest':
      return resolveServiceRequest(command.data, state);
    case 'RecordFeedback':
      return recordFeedback(command.data, state);
    case 'FlagAtRisk':
      return flagAtRisk(command.data, state);
    case 'MarkLost':
      return markLost(command.data, state);
    case 'Reactivate':
      return reactivate(command.data, state);
  }
};

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState, DecisionContext> = {
  initialState,
  evolve,
  decide,
};
