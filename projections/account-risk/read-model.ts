// How account_risk is served: each account as of the query's day with its score and reasons,
// the revenue at risk and the share of its region. The documented queries: the top risks
// (sort=-score), by manager and by region (filters, and a summary of each).
import { ACCOUNT_STATUSES, INDUSTRIES, TIERS_DESCENDING } from '../../domain/kernel/index.js';
import {
  booleanFilter,
  columnFilter,
  readModel,
  type Filter,
  type PresentedRow,
  type ReadModel,
} from '../read-model.js';
import { fieldsOf, presentedRowOf } from '../tier-status/field-specs.js';
import { accountRiskAsOf } from './as-of.js';
import { ACCOUNT_RISK, type AccountRiskDoc } from './documents.js';
import { ACCOUNT_RISK_FIELDS } from './tables.js';

/** A yes/no field of the presented row, held by a column in the rows current as of today. */
const flagFilter = (param: string, description: string, currentColumn: string): Filter =>
  booleanFilter(param, description, (row) => row[param] === true, currentColumn);

export interface RiskSummary {
  readonly accounts: number;
  readonly atRisk: number;
  /** Minor units. */
  readonly revenueAtRisk: number;
}

/** Accounts, accounts at risk and revenue at risk per value of `field` (a manager, a region). */
export const riskSummaryBy = (
  rows: readonly PresentedRow[],
  field: 'managerId' | 'region',
): Record<string, RiskSummary> => {
  const summary = new Map<string, RiskSummary>();
  for (const row of rows) {
    const key = row[field] === null ? '' : String(row[field]);
    const before = summary.get(key) ?? { accounts: 0, atRisk: 0, revenueAtRisk: 0 };
    summary.set(key, {
      accounts: before.accounts + 1,
      atRisk: before.atRisk + (row['atRisk'] === true ? 1 : 0),
      revenueAtRisk:
        before.revenueAtRisk + (typeof row['revenueAtRisk'] === 'number' ? row['revenueAtRisk'] : 0),
    });
  }
  return Object.fromEntries([...summary].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
};

export const accountRiskReadModel = readModel<AccountRiskDoc>({
  name: 'account-risk',
  collection: ACCOUNT_RISK,
  fields: fieldsOf(ACCOUNT_RISK_FIELDS),
  present: (doc, { asOf, policy }) => presentedRowOf(ACCOUNT_RISK_FIELDS, accountRiskAsOf(doc, asOf, policy)),
  filters: [
    columnFilter('accountId', 'account_id', 'One account'),
    columnFilter('managerId', 'manager_id', 'The accounts this manager manages'),
    columnFilter('region', 'region', 'The accounts of this region'),
    columnFilter('industry', 'industry', 'The accounts of this industry', INDUSTRIES),
    columnFilter('accountStatus', 'account_status', 'The accounts with this status', ACCOUNT_STATUSES),
    {
      param: 'tier',
      description: 'The accounts of this effective tier that day',
      type: 'string',
      values: TIERS_DESCENDING,
      matches: (row, value) => row['tier'] === value,
      currentColumn: 'tier',
    },
    flagFilter(
      'atRisk',
      'The accounts whose score is at or above the policy’s threshold (never a LOST one)',
      'at_risk',
    ),
    flagFilter('concentration', 'CONCENTRATION: the accounts that carry their region', 'concentration'),
    flagFilter(
      'visitOverdue',
      'VISIT_OVERDUE: the latest visit or meeting older than the cadence',
      'visit_overdue',
    ),
    {
      param: 'minScore',
      description: 'The accounts scoring at least this much that day',
      type: 'integer',
      matches: (row, value) => typeof row['score'] === 'number' && row['score'] >= Number(value),
      // Among the rows current today, the score column holds the presented score (null: no score).
      currentBound: { name: 'score', op: 'gte' },
    },
  ],
  sortable: ['accountId', 'name', 'score', 'revenueAtRisk', 't12mAmount', 'regionRevenueSharePct'],
  sortColumns: { accountId: 'account_id', name: 'name' },
  // They move with the day: the revenue trend by closed months, the windows slide, a visit falls overdue.
  currentSortColumns: {
    score: 'score',
    revenueAtRisk: 'revenue_at_risk',
    t12mAmount: 't12m_amount',
    regionRevenueSharePct: 'region_revenue_share_pct',
  },
  reports: [
    {
      name: 'byManager',
      description:
        'Per manager: accounts, accounts at risk and revenue at risk (minor units); "" without a manager',
      run: (rows) => riskSummaryBy(rows, 'managerId'),
    },
    {
      name: 'byRegion',
      description: 'Per region: accounts, accounts at risk and revenue at risk (minor units)',
      run: (rows) => riskSummaryBy(rows, 'region'),
    },
  ],
});

export const readModels: readonly ReadModel[] = [accountRiskReadModel];
