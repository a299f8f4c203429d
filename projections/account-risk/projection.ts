// account_risk: one row per account with its early-warning score, the reasons, the revenue at
// risk and its share of the region; account_risk_regions (internal) sums each region's revenue.
import { handledBy, type EventHandlers } from '../event-handlers.js';
import type { Projection } from '../projection.js';
import { accountHandlers } from './account.js';
import { supplyHandlers } from './supply.js';
import { collections } from './tables.js';

const handlers: EventHandlers = { ...accountHandlers, ...supplyHandlers };

export const projection: Projection = {
  name: 'account-risk',
  version: 2,
  collections,
  ...handledBy(handlers),
};
