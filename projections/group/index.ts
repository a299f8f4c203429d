export { projection } from './projection.js';
export { readModels } from './read-model.js';
export {
  GROUP_ACCOUNTS,
  GROUPS,
  type GroupAccountDoc,
  type GroupDoc,
  type MembershipSpan,
} from './documents.js';
export { combinedT12m, groupStatusAsOf, membersOn, type GroupStatus } from './as-of.js';
