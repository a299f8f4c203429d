// How the yearly joint plans are served: account_plan, a row per account × year (revenue target
// vs actual to date, on pace or not, promotion budget vs spend), and account_plan_skus, a row per
// account × year × SKU (volume target vs units delivered, the stock levels agreed): a SKU row of
// its own lets an analyst filter one SKU across accounts and sort the SKUs furthest behind.
import { TIERS_DESCENDING } from '../../domain/kernel/index.js';
import { columnFilter, readModel, type Filter, type ReadModel } from '../read-model.js';
import { fieldsOf, presentedRowOf } from '../tier-status/field-specs.js';
import { accountPlanAsOf, planSkuAsOf } from './as-of.js';
import { ACCOUNT_PLAN, ACCOUNT_PLAN_SKUS, type AccountPlanDoc, type PlanSkuDoc } from './documents.js';
import { PLAN_FIELDS, PLAN_SKU_FIELDS } from './tables.js';

const yearFilter: Filter = {
  param: 'year',
  description: 'Plans of this year',
  type: 'integer',
  column: { name: 'year', op: 'eq' },
};

const onPaceFilter = (description: string): Filter => ({
  param: 'onPace',
  description,
  type: 'boolean',
  values: ['true', 'false'],
  matches: (row, value) => row['onPace'] === (value === 'true'),
  currentColumn: 'on_pace',
});

export const accountPlanReadModel = readModel<AccountPlanDoc>({
  name: 'account-plan',
  collection: ACCOUNT_PLAN,
  fields: fieldsOf(PLAN_FIELDS),
  present: (doc, { asOf }) => presentedRowOf(PLAN_FIELDS, accountPlanAsOf(doc, asOf)),
  filters: [
    yearFilter,
    columnFilter('accountId', 'account_id', 'The plans of one account'),
    columnFilter('managerId', 'manager_id', 'Plans of the accounts this manager manages'),
    columnFilter('region', 'region', 'Plans of the accounts of this region'),
    // The effective tier moves with the day (an override runs out), so it is matched on the row.
    {
      param: 'tier',
      description: 'Plans of accounts of this effective tier that day',
      type: 'string',
      values: TIERS_DESCENDING,
      matches: (row, value) => row['tier'] === value,
      currentColumn: 'tier',
    },
    onPaceFilter('Plans whose revenue to date is on pace for the target (true) or behind (false)'),
  ],
  sortable: ['accountId', 'shareAchieved', 'gapToTargetAmount'],
  sortColumns: { accountId: 'account_id' },
  // Revenue to date and the expected share move with the day.
  currentSortColumns: { shareAchieved: 'share_achieved', gapToTargetAmount: 'gap_to_target_amount' },
  reports: [],
});

export const accountPlanSkusReadModel = readModel<PlanSkuDoc>({
  name: 'account-plan-skus',
  collection: ACCOUNT_PLAN_SKUS,
  fields: fieldsOf(PLAN_SKU_FIELDS),
  present: (doc, { asOf }) => presentedRowOf(PLAN_SKU_FIELDS, planSkuAsOf(doc, asOf)),
  filters: [
    yearFilter,
    columnFilter('accountId', 'account_id', 'The SKUs of one account’s plans'),
    columnFilter('managerId', 'manager_id', 'SKUs of the accounts this manager manages'),
    columnFilter('region', 'region', 'SKUs of the accounts of this region'),
    columnFilter('sku', 'sku', 'One SKU across the accounts that plan it'),
    onPaceFilter(
      'SKUs whose units delivered are on pace for the target (true) or behind (false); those without a target neither',
    ),
  ],
  sortable: ['accountId', 'sku', 'shareAchieved'],
  sortColumns: { accountId: 'account_id', sku: 'sku' },
  currentSortColumns: { shareAchieved: 'share_achieved' },
  reports: [],
});

export const readModels: readonly ReadModel[] = [accountPlanReadModel, accountPlanSkusReadModel];
