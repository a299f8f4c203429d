// What an agreement decision reads besides the command and the state: the policy and the
// account as its own stream says it is now (loaded by the application, never a projection).
import type { AccountFacts, DecisionContext } from '../kernel/index.js';

export type AgreementContext = DecisionContext & { readonly account: AccountFacts };
