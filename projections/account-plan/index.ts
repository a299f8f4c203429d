export { projection } from './projection.js';
export { readModels } from './read-model.js';
export { ACCOUNT_PLAN, ACCOUNT_PLAN_SKUS, type AccountPlanDoc, type PlanSkuDoc } from './documents.js';
export { accountPlanAsOf, planSkuAsOf, type AccountPlanStatus, type PlanSkuStatus } from './as-of.js';
