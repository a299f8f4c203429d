export { projection } from './projection.js';
export { readModels } from './read-model.js';
export { TIER_CHANGES, TIER_STATUS, type TierChangeDoc, type TierStatusDoc } from './documents.js';
export { tierStatusAsOf, type TierStatus } from './as-of.js';
