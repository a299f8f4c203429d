// account_plan and account_plan_skus: each account's yearly joint plan (有计划的联合系统) against
// what it achieved; the internal account_plan_accounts keeps what a plan is measured against
// before and after the plan is set.
import { handledBy, type EventHandlers } from '../event-handlers.js';
import type { Projection } from '../projection.js';
import { accountHandlers } from './accounts.js';
import { supplyHandlers } from './supply.js';
import { collections } from './tables.js';

const handlers: EventHandlers = { ...accountHandlers, ...supplyHandlers };

export const projection: Projection = {
  name: 'account-plan',
  version: 2,
  partitionedBy: 'account',
  collections,
  ...handledBy(handlers),
};
