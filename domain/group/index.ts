export * from './commands.js';
export * from './events.js';
export * from './errors.js';
export {
  initialState,
  isMember,
  type GroupState,
  type RegisteredGroup,
  type UnregisteredGroup,
} from './state.js';
export type { GroupContext } from './context.js';
export { groupFacts, groupFactsNeeded } from './facts.js';
export { groupDecider } from './decider.js';
export { evolve } from './evolve.js';
export * from './registry.js';
