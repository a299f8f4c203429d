export { agreementDecider } from './decider.js';
export { evolve } from './evolve.js';
export {
  initialState,
  type Agreement,
  type AgreementState,
  type Promotion,
  type PromotionStatus,
} from './state.js';
export type { AgreementContext } from './context.js';
export * from './commands.js';
export * from './events.js';
export { agreementCommands, agreementEvents } from './registry.js';
export { AGREEMENT_ERROR_CODES, type AgreementErrorCode } from './errors.js';
export { agreementFacts, agreementFactsNeeded } from './facts.js';
export { capBreach, baseDiscountCapOf, totalConcessionCapOf } from './tier-caps.js';
export {
  concessionOn,
  concessionUsed,
  concessionsWithinCap,
  peakConcession,
  spansInForce,
  type ConcessionScope,
  type ConcessionSpan,
  type PeakConcession,
} from './concessions.js';
export { lastDayInForce, settlementDaysOf, validityInForce } from './settlement.js';
export { DeliveryTerms } from './delivery-terms.js';
export { PriceExpectations } from './price-expectations.js';
export { PromotionKind, PROMOTION_KINDS } from './promotion-kind.js';
export { SkuList } from './sku-list.js';
