// groups: one row per group with its members, their combined T12M and the tier it qualifies
// for, the lead manager and the executive sponsor; group_accounts (internal) keeps every
// account's region and revenue so a member brings its history when it joins.
import { handledBy, type EventHandlers } from '../event-handlers.js';
import type { Projection } from '../projection.js';
import { memberHandlers } from './members.js';
import { revenueHandlers } from './revenue.js';
import { collections } from './tables.js';

const handlers: EventHandlers = { ...memberHandlers, ...revenueHandlers };

export const projection: Projection = {
  name: 'group',
  // 2: groups kept current as of today (current_as), indexed for the sorts by T12M and member count
  //    and the tier and sponsor-gap filters.
  // 3: every stay of an account in a group (group_memberships), so the accountId filter reads a
  //    page, on any day.
  version: 3,
  collections,
  ...handledBy(handlers),
};
