// The promotion_history read model: its projection and how its table is served.
import type { Projection } from '../projection.js';
import type { ReadModel } from '../read-model.js';
import { promotionHistoryProjection } from './projection.js';
import { promotionHistoryReadModel } from './read-model.js';

export const projection: Projection = promotionHistoryProjection;
export const readModels: readonly ReadModel[] = [promotionHistoryReadModel];
