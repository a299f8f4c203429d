export * from './commands.js';
export * from './events.js';
export * from './errors.js';
export {
  initialState,
  STOCK_REPORTS_KEPT,
  type Allocation,
  type Batch,
  type Commitment,
  type StockReport,
  type SupplyState,
} from './state.js';
export type { SupplyContext } from './context.js';
export { supplyFactsNeeded } from './facts.js';
export { supplyDecider } from './decider.js';
export { evolve } from './evolve.js';
export { fillRatioBp, remainingAllocatable, remainingCommitted } from './allocations.js';
export { shortageNeed } from './shortage-need.js';
export * from './registry.js';
export * from './shortage-allocation.js';
export * from './coverage.js';
