// What an account decision reads besides the command and the state: only the policy. Its rules
// span no other aggregate.
import type { DecisionContext } from '../kernel/index.js';

export type AccountContext = DecisionContext;
