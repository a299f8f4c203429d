// How manager_scorecard is served (考核: the department appraises its managers on the service
// they give): a row per manager × month, filtered by manager and a range of months.
import { readModel, type ReadModel } from '../read-model.js';
import { fieldsOf, presentedRowOf } from '../tier-status/field-specs.js';
import { scorecardAsOf } from './as-of.js';
import {
  MANAGER_SCORECARD,
  SCORECARD_MANAGERS,
  type ScorecardDoc,
  type ScorecardManagerDoc,
} from './documents.js';
import { SCORECARD_FIELDS } from './tables.js';

export const managerScorecardReadModel = readModel<ScorecardDoc>({
  name: 'manager-scorecard',
  collection: MANAGER_SCORECARD,
  fields: fieldsOf(SCORECARD_FIELDS),
  present: (doc, { asOf, policy }) => presentedRowOf(SCORECARD_FIELDS, scorecardAsOf(doc, asOf, policy)),
  filters: [
    {
      param: 'managerId',
      description: 'The months of one manager',
      type: 'string',
      column: { name: 'manager_id', op: 'eq' },
    },
    {
      param: 'from',
      description: 'Months from this one (YYYY-MM)',
      type: 'period',
      column: { name: 'month', op: 'gte' },
    },
    {
      param: 'to',
      description: 'Months up to this one (YYYY-MM)',
      type: 'period',
      column: { name: 'month', op: 'lte' },
    },
  ],
  sortable: ['managerId', 'month', 'portfolioT12mAmount'],
  sortColumns: { managerId: 'manager_id', month: 'month' },
  // The current month's portfolio moves with the day (and a past asOf sees a past month's own day).
  currentSortColumns: { portfolioT12mAmount: 'portfolio_t12m_amount' },
  reports: [],
});

/** Every manager the scorecard has, by id: what a manager picker pages through, not the accounts. */
export const managersReadModel = readModel<ScorecardManagerDoc>({
  name: 'managers',
  collection: SCORECARD_MANAGERS,
  fields: [
    { name: 'managerId', type: 'string', description: 'The manager' },
    {
      name: 'lastMonth',
      type: 'string',
      description: 'The latest month (YYYY-MM) the manager has a manager-scorecard row for',
    },
  ],
  present: (doc) => ({ managerId: doc.managerId, lastMonth: doc.lastMonth }),
  filters: [],
  sortable: ['managerId', 'lastMonth'],
  sortColumns: { managerId: 'manager_id', lastMonth: 'last_month' },
  reports: [],
});

export const readModels: readonly ReadModel[] = [managerScorecardReadModel, managersReadModel];
