// manager_scorecard: one row per manager × month with the portfolio held, its T12M, tier moves,
// SLA compliance, visit cadence kept, feedback and satisfaction, and accounts lost; internal
// lookups keep each account's and group's manager and what the month's figures need of it.
import { handledBy, type EventHandlers } from '../event-handlers.js';
import type { Projection } from '../projection.js';
import { accountHandlers } from './accounts.js';
import { groupHandlers } from './groups.js';
import { collections } from './tables.js';

const handlers: EventHandlers = { ...accountHandlers, ...groupHandlers };

export const projection: Projection = {
  name: 'manager-scorecard',
  // 2: the managers table served (`managers`): every manager, a page at a time.
  version: 2,
  collections,
  ...handledBy(handlers),
};
