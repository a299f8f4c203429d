// What a supply decision reads besides the command and the state: the policy, and the account
// and the agreement as their own streams say they are now (loaded by the application, never a projection).
import type { AccountFacts, AgreementFacts, DecisionContext } from '../kernel/index.js';

export type SupplyContext = DecisionContext & {
  readonly account: AccountFacts;
  readonly agreement: AgreementFacts;
};
