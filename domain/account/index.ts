export * from './commands.js';
export { DaysOfCover, PlanYear, SkuTargets, StockTarget, StockTargets } from './account-plan.js';
export { accountPersonalData, CONTACT_ROLES, ContactDetails, ContactRole, Email, Phone } from './contacts.js';
export { accountDecider } from './decider.js';
export * from './errors.js';
export * from './events.js';
export { evolve } from './evolve.js';
export type { AccountContext } from './context.js';
export { accountFacts, accountFactsNeeded } from './facts.js';
export { FeedbackComment, FeedbackScore } from './feedback.js';
export { groupEvaluation, tierBasis, type TierBasis } from './group-tiering.js';
export { accountCommands, accountEvents } from './registry.js';
export * from './resolution.js';
export * from './service-request-kinds.js';
export { slaHours } from './service-requests.js';
export {
  ACCOUNT_STATE_VERSION,
  initialState,
  type AccountPlan,
  type AccountState,
  type AgreedActionState,
  type Contact,
  type OpenServiceRequest as OpenServiceRequestState,
  type RegisteredAccount,
  type TierOverride,
  type UnregisteredAccount,
  type Visit,
} from './state.js';
export { effectiveTier } from './tier-override.js';
export * from './tiering.js';
export {
  AgreedAction,
  AgreedActions,
  countsForCadence,
  VisitContactIds,
  VisitKind,
  VisitNotes,
  visitOverdue,
} from './visits.js';
export { RiskAssessed, RiskReasons, RiskScore } from './risk-flag.js';
