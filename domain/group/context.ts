// What a group decision reads besides the command and the state: the policy, and for a new
// member the account and the group it is in now, as their streams say (loaded by the
// application, never a projection's word alone: see src/commands/command-handler.ts).
import type { AccountFacts, DecisionContext, MembershipFacts } from '../kernel/index.js';

export type GroupContext = DecisionContext & {
  readonly account: AccountFacts;
  readonly membership: MembershipFacts;
};
