// tier_status: one row per account with its tier, revenue against the floors, discount cap and
// service record; tier_changes: one row per TierChanged. Each event type has one small reducer,
// grouped by concept. TierOverrideExpired is not handled: it is recorded only after the
// override's expiresOn, which the row already applies by date.
import type { Projection } from '../projection.js';
import { accountHandlers } from './account.js';
import { agreementHandlers } from './agreements.js';
import type { Handlers } from './handlers.js';
import { revenueHandlers } from './revenue.js';
import { serviceHandlers } from './service.js';
import { collections } from './tables.js';
import { tieringHandlers } from './tiering.js';

const handlers: Handlers = {
  ...accountHandlers,
  ...revenueHandlers,
  ...tieringHandlers,
  ...serviceHandlers,
  ...agreementHandlers,
};

export const projection: Projection = {
  name: 'tier-status',
  version: 1,
  handles: Object.keys(handlers),
  collections,
  apply: (event, context) => {
    // Own keys only: the type comes from the log, and `constructor` is no handler.
    if (Object.hasOwn(handlers, event.type)) handlers[event.type]?.(event, context);
  },
};
