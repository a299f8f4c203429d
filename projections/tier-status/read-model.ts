// How tier_status and tier_changes are served: fields as of the query's day, filters of the
// documented queries, sorts and the tier × industry matrix.
import {
  ACCOUNT_STATUSES,
  INDUSTRIES,
  TIERS_DESCENDING,
  type Industry,
  type Tier,
} from '../../domain/kernel/index.js';
import { booleanFilter, columnFilter, readModel, type PresentedRow, type ReadModel } from '../read-model.js';
import { tierStatusAsOf } from './as-of.js';
import { TIER_CHANGES, TIER_STATUS, type TierChangeDoc, type TierStatusDoc } from './documents.js';
import { fieldsOf, presentedRowOf } from './field-specs.js';
import {
  NEAR_FLOOR_VALUES,
  nearFloorPasses,
  nearFloorWhere,
  WITHOUT_MANAGER,
  withoutManager,
} from './portfolio-flags.js';
import { TIER_CHANGE_FIELDS, TIER_STATUS_FIELDS, tierChangeOf } from './tables.js';

const TIER_VALUES: readonly string[] = TIERS_DESCENDING;

const nearFloorOf = (row: PresentedRow): readonly string[] =>
  Array.isArray(row['nearFloor']) ? row['nearFloor'] : [];

const abWithoutManager = (row: PresentedRow): boolean =>
  withoutManager({
    tier: String(row['tier']),
    managerId: row['managerId'] === null ? null : String(row['managerId']),
  });

export type TierIndustryMatrix = Record<Tier, Record<Industry, number>>;

/** Accounts per tier and industry: every tier and industry present, zeros included. */
export const tierIndustryMatrix = (rows: readonly PresentedRow[]): TierIndustryMatrix => {
  const matrix = Object.fromEntries(
    TIERS_DESCENDING.map((tier) => [tier, Object.fromEntries(INDUSTRIES.map((industry) => [industry, 0]))]),
  ) as TierIndustryMatrix;
  for (const row of rows) {
    const tier = String(row['tier']);
    const industry = String(row['industry']);
    // Own keys only: every presented row has a known tier and industry, but a stray value must not count.
    const cells = Object.hasOwn(matrix, tier) ? matrix[tier as Tier] : undefined;
    if (cells !== undefined && Object.hasOwn(cells, industry)) cells[industry as Industry] += 1;
  }
  return matrix;
};

export const tierStatusReadModel = readModel<TierStatusDoc>({
  name: 'tier-status',
  collection: TIER_STATUS,
  fields: fieldsOf(TIER_STATUS_FIELDS),
  present: (doc, { asOf, policy }) => presentedRowOf(TIER_STATUS_FIELDS, tierStatusAsOf(doc, asOf, policy)),
  filters: [
    columnFilter('accountId', 'account_id', 'One account'),
    // The effective tier depends on the day (an override runs out), so it is matched on the row.
    {
      param: 'tier',
      description: 'Accounts of this effective tier',
      type: 'string',
      values: TIER_VALUES,
      matches: (row, value) => row['tier'] === value,
      currentColumn: 'tier',
    },
    columnFilter('industry', 'industry', 'Accounts of this industry', INDUSTRIES),
    columnFilter('region', 'region', 'Accounts of this region'),
    columnFilter('status', 'status', 'Accounts with this status', ACCOUNT_STATUSES),
    columnFilter('managerId', 'manager_id', 'Accounts this manager manages'),
    columnFilter('groupId', 'group_id', 'Members this group’s combined T12M tiered at the latest month end'),
    booleanFilter(
      'capBreach',
      'Accounts with a still-valid DRAFT or ACTIVE agreement above the tier’s base cap, or above its total cap ' +
        'with the concessions in force on a SKU that day',
      (row) => row['capBreach'] === true,
      'cap_breach',
    ),
    {
      param: 'nearFloor',
      description:
        'Accounts whose T12M is within the policy’s near-floor share (10 % in v1) of a floor (A, B or C), either side: ' +
        'up = a floor above the evaluated tier (about to be promoted), down = the own or a lower one (about to be ' +
        'demoted), true = either, false = neither; LOST accounts are never near',
      type: 'string',
      values: NEAR_FLOOR_VALUES,
      matches: (row, value) => nearFloorPasses(nearFloorOf(row), value),
      // For today, among the rows kept current: a 0/1 column per value.
      currentWhere: nearFloorWhere,
    },
    booleanFilter(
      'withoutManager',
      'A and B accounts without an account manager',
      abWithoutManager,
      WITHOUT_MANAGER,
    ),
    booleanFilter(
      'visitOverdue',
      'VISIT_OVERDUE: accounts whose latest visit or meeting is older than their tier’s contact cadence',
      (row) => row['visitOverdue'] === true,
      'visit_overdue',
    ),
  ],
  sortable: ['accountId', 'name', 'tier', 't12mAmount', 'gapToNextFloor', 'tierSince', 'lastVisitOn'],
  // The others move with asOf (T12M slides, an override runs out, a visit logged later).
  sortColumns: { accountId: 'account_id', name: 'name' },
  currentSortColumns: {
    tier: 'tier',
    t12mAmount: 't12m_amount',
    gapToNextFloor: 'gap_to_next_floor',
    tierSince: 'tier_since',
    lastVisitOn: 'last_visit_on',
  },
  reports: [
    {
      name: 'matrix',
      description: 'Accounts per effective tier × industry: all 4 tiers and 9 industries, zeros included',
      run: (rows) => tierIndustryMatrix(rows),
    },
  ],
});

export const tierChangesReadModel = readModel<TierChangeDoc>({
  name: 'tier-changes',
  collection: TIER_CHANGES,
  fields: fieldsOf(TIER_CHANGE_FIELDS),
  present: (doc) => presentedRowOf(TIER_CHANGE_FIELDS, tierChangeOf(doc)),
  filters: [
    {
      param: 'from',
      description: 'Changes on or after this day',
      type: 'date',
      column: { name: 'changed_on', op: 'gte' },
    },
    {
      param: 'to',
      description: 'Changes on or before this day',
      type: 'date',
      column: { name: 'changed_on', op: 'lte' },
    },
    columnFilter('accountId', 'account_id', 'Changes of one account'),
    columnFilter('direction', 'direction', 'up (promotions) or down (demotions)', ['up', 'down']),
    {
      param: 'period',
      description: 'Changes decided by the evaluation of this closed month (YYYY-MM)',
      type: 'period',
      column: { name: 'period', op: 'eq' },
    },
  ],
  sortable: ['changedOn', 'accountId', 'period'],
  sortColumns: { changedOn: 'changed_on', accountId: 'account_id', period: 'period' },
  reports: [],
});

export const readModels: readonly ReadModel[] = [tierStatusReadModel, tierChangesReadModel];
