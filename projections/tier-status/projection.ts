// tier_status: one row per account with its tier, revenue against the floors, discount cap and
// service record; tier_changes: one row per TierChanged. Each event type has one small handler,
// grouped by concept. TierOverrideExpired is not handled: it is recorded only after the
// override's expiresOn, which the row already applies by date.
import { handledBy, type EventHandlers } from '../event-handlers.js';
import type { Projection } from '../projection.js';
import { accountHandlers } from './account.js';
import { agreementHandlers } from './agreements.js';
import { relationshipHandlers } from './relationship.js';
import { revenueHandlers } from './revenue.js';
import { serviceHandlers } from './service.js';
import { collections } from './tables.js';
import { tieringHandlers } from './tiering.js';

const handlers: EventHandlers = {
  ...accountHandlers,
  ...revenueHandlers,
  ...tieringHandlers,
  ...serviceHandlers,
  ...agreementHandlers,
  ...relationshipHandlers,
};

export const projection: Projection = {
  name: 'tier-status',
  // 2: near-floor columns, SLA breaches over 12 months, promotions in the cap breach.
  // 3: last visit, open and overdue actions, VISIT_OVERDUE, average satisfaction, the row's policy version.
  //    Rows kept current as of today (current_as, issue #15).
  // 4: the group a member was tiered with and the group's combined T12M (group_id, group_t12m_amount),
  //    in tier_status and in tier_changes.
  // 5: 0/1 columns for the nearFloor and withoutManager filters, so for today they read a page, not the table.
  version: 5,
  partitionedBy: 'account',
  collections,
  ...handledBy(handlers),
};
