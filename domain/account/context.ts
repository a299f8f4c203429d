// What an account decision reads besides the command and the state: the policy, and for a tier
// evaluation the group the account is in with its members' revenue (members are tiered on the
// group's combined T12M). Loaded by the application from the streams, never from a projection.
import type { DecisionContext, GroupTieringFacts } from '../kernel/index.js';

export type AccountContext = DecisionContext & {
  /** null when the account is in no group (or the decision does not read it). */
  readonly group: GroupTieringFacts | null;
};
