export { projection } from './projection.js';
export { readModels } from './read-model.js';
export { MANAGER_SCORECARD, type ScorecardDoc } from './documents.js';
export { scorecardAsOf, type Scorecard } from './as-of.js';
