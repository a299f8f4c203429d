// The registries: every projection the engine keeps and every read model served to analysts.
// The core wires the projector from PROJECTIONS; the HTTP adapter serves READ_MODELS.
import { projection as accountPlan, readModels as accountPlanReadModels } from './account-plan/index.js';
import { projection as accountRisk, readModels as accountRiskReadModels } from './account-risk/index.js';
import { projection as group, readModels as groupReadModels } from './group/index.js';
import {
  projection as managerScorecard,
  readModels as managerScorecardReadModels,
} from './manager-scorecard/index.js';
import type { Projection } from './projection.js';
import {
  projection as promotionHistory,
  readModels as promotionHistoryReadModels,
} from './promotion-history/index.js';
import type { ReadModel } from './read-model.js';
import {
  projection as stockCoverage,
  readModels as stockCoverageReadModels,
} from './stock-coverage/index.js';
import { projection as streamIndex } from './stream-index/index.js';
import { projection as tierStatus, readModels as tierStatusReadModels } from './tier-status/index.js';

/** Every projection the engine keeps. */
export const PROJECTIONS: readonly Projection[] = [
  streamIndex,
  tierStatus,
  promotionHistory,
  stockCoverage,
  group,
  accountPlan,
  managerScorecard,
  accountRisk,
];

/** Every read model served to analysts. */
export const READ_MODELS: readonly ReadModel[] = [
  ...tierStatusReadModels,
  ...promotionHistoryReadModels,
  ...stockCoverageReadModels,
  ...groupReadModels,
  ...accountPlanReadModels,
  ...managerScorecardReadModels,
  ...accountRiskReadModels,
];
