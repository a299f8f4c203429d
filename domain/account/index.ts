export * from './commands.js';
export { accountDecider } from './decider.js';
export * from './errors.js';
export * from './events.js';
export { evolve } from './evolve.js';
export type { AccountContext } from './context.js';
export { accountFacts, accountFactsNeeded } from './facts.js';
export { FeedbackComment, FeedbackScore } from './feedback.js';
export { accountCommands, accountEvents } from './registry.js';
export * from './service-request-kinds.js';
export { slaHours } from './service-requests.js';
export {
  initialState,
  type AccountState,
  type OpenServiceRequest as OpenServiceRequestState,
  type RegisteredAccount,
  type TierOverride,
  type UnregisteredAccount,
} from './state.js';
export { effectiveTier } from './tier-override.js';
export * from './tiering.js';
