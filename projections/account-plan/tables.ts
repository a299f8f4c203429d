// The served tables account_plan (row per account × year) and account_plan_skus (row per
// account × year × SKU), and the internal account lookup. Plain columns are the row as of the
// account's latest event; a daily job keeps them current as of today, so a query for today sorts
// by the share achieved and the gap, and filters on the tier and pace, in SQL.
import { collection, CURRENT_AS, CURRENT_AS_COLUMN, keptCurrent } from '../projection.js';
import { columnsOf, sqlRowOf, type FieldSpec } from '../tier-status/field-specs.js';
import { accountPlanAsOf, planSkuAsOf, type AccountPlanStatus, type PlanSkuStatus } from './as-of.js';
import {
  ACCOUNT_PLAN,
  ACCOUNT_PLAN_SKUS,
  PLAN_ACCOUNTS,
  type AccountPlanDoc,
  type PlanAccountDoc,
  type PlanSkuDoc,
} from './documents.js';

const PLAN_KEY = 'plan_id';
const SKU_KEY = 'plan_sku_id';

/** A field of a type, held in a column of an SQL type. */
const spec =
  (sql: FieldSpec<unknown>['sql'], type: FieldSpec<unknown>['type']) =>
  <V>(field: keyof V & string, column: string, description: string, nullable = false): FieldSpec<V> => ({
    field,
    column,
    sql,
    type,
    description,
    ...(nullable ? { nullable } : {}),
  });

const text = spec('TEXT', 'string');
const integer = spec('INTEGER', 'integer');
const ratio = spec('REAL', 'number');

export const PLAN_FIELDS: readonly FieldSpec<AccountPlanStatus>[] = [
  text('planId', PLAN_KEY, 'The row: `<accountId>/<year>`'),
  text('accountId', 'account_id', 'The account'),
  text('name', 'name', 'The account’s name'),
  text('industry', 'industry', 'One of the 9 industry codes'),
  text('region', 'region', 'The account’s region'),
  text('managerId', 'manager_id', 'The account manager now; null before the first', true),
  text('status', 'status', 'PROSPECT, ACTIVE, AT_RISK or LOST, now'),
  text('tier', 'tier', 'The effective tier that day (A, B, C, NONE)'),
  integer('year', 'year', 'The plan’s year'),
  text(
    'planSetOn',
    'plan_set_on',
    'The day the plan in force was set (the latest set by the day; the first, before it was set)',
  ),
  text('currency', 'currency', 'The currency of the amounts'),
  integer('revenueTargetAmount', 'revenue_target_amount', 'The year’s revenue target, minor units'),
  text(
    'revenueThrough',
    'revenue_through',
    'The last closed month of the year counted (YYYY-MM): the month before the day’s; null before the year’s first closes',
    true,
  ),
  integer(
    'revenueToDateAmount',
    'revenue_to_date_amount',
    'Revenue of the year’s closed months, as known that day, minor units',
  ),
  ratio('shareAchieved', 'share_achieved', 'Revenue to date ÷ target, to 2 decimals'),
  ratio(
    'expectedShare',
    'expected_share',
    'The elapsed share of the year the revenue counts for: its days through the end of the last closed month ÷ the year’s days, to 2 decimals',
  ),
  {
    field: 'onPace',
    column: 'on_pace',
    sql: 'INTEGER',
    type: 'boolean',
    description: 'Revenue to date at least target × expected share (1/0 in SQL)',
  },
  integer(
    'gapToTargetAmount',
    'gap_to_target_amount',
    'Target − revenue to date, minor units (negative: target beaten)',
  ),
  integer(
    'skusPlanned',
    'skus_planned',
    'SKUs the plan sets a volume target for (see account-plan-skus for each)',
  ),
  {
    field: 'skusBehindPace',
    column: 'skus_behind_pace',
    sql: 'TEXT',
    type: 'string[]',
    description:
      'Those whose units delivered by the day are below target × the days of the year gone (JSON array in SQL)',
  },
  integer('promotionBudgetAmount', 'promotion_budget_amount', 'The year’s promotion budget, minor units'),
  integer(
    'promotionSpendAmount',
    'promotion_spend_amount',
    'Actual cost recorded by the day of the account’s promotions whose window begins in the year, minor units',
  ),
  ratio(
    'promotionBudgetUsed',
    'promotion_budget_used',
    'Spend ÷ budget, to 2 decimals; null for a budget of 0',
    true,
  ),
];

export const PLAN_SKU_FIELDS: readonly FieldSpec<PlanSkuStatus>[] = [
  text('planSkuId', SKU_KEY, 'The row: `<accountId>/<year>/<sku>`'),
  text('accountId', 'account_id', 'The account'),
  text('name', 'name', 'The account’s name'),
  text('region', 'region', 'The account’s region'),
  text('managerId', 'manager_id', 'The account manager now; null before the first', true),
  integer('year', 'year', 'The plan’s year'),
  text('sku', 'sku', 'The SKU'),
  text('planSetOn', 'plan_set_on', 'The day the plan in force was set'),
  integer(
    'targetQty',
    'target_qty',
    'Units planned for the year; null when the plan sets only a stock level',
    true,
  ),
  integer('deliveredQty', 'delivered_qty', 'Units delivered in the year by the day'),
  ratio('shareAchieved', 'share_achieved', 'Delivered ÷ target, to 2 decimals; null without a target', true),
  ratio(
    'expectedShare',
    'expected_share',
    'The days of the year gone by the day ÷ the year’s days, to 2 decimals',
  ),
  {
    field: 'onPace',
    column: 'on_pace',
    sql: 'INTEGER',
    type: 'boolean',
    nullable: true,
    description: 'Delivered at least target × expected share (1/0 in SQL); null without a target',
  },
  integer('gapQty', 'gap_qty', 'Target − delivered; null without a target', true),
  integer('offSeasonDays', 'off_season_days', 'Days of stock agreed off-season; null when none is set', true),
  integer('peakDays', 'peak_days', 'Days of stock agreed for the peak; null when none is set', true),
];

export const collections = {
  [ACCOUNT_PLAN]: collection<AccountPlanDoc>({
    table: ACCOUNT_PLAN,
    key: PLAN_KEY,
    columns: [...columnsOf(PLAN_FIELDS, PLAN_KEY), CURRENT_AS_COLUMN],
    indexes: [
      ['account_id'],
      ['year'],
      ['manager_id'],
      ['region'],
      [CURRENT_AS, 'share_achieved'],
      [CURRENT_AS, 'gap_to_target_amount'],
      // The plans behind pace, by how far behind, without walking the plans on pace.
      [CURRENT_AS, 'on_pace', 'share_achieved'],
    ],
    ...keptCurrent<AccountPlanDoc>((doc, today) =>
      sqlRowOf(PLAN_FIELDS, PLAN_KEY, accountPlanAsOf(doc, today?.day ?? doc.lastEventOn)),
    ),
  }),
  [ACCOUNT_PLAN_SKUS]: collection<PlanSkuDoc>({
    table: ACCOUNT_PLAN_SKUS,
    key: SKU_KEY,
    columns: [...columnsOf(PLAN_SKU_FIELDS, SKU_KEY), CURRENT_AS_COLUMN],
    indexes: [['account_id'], ['year'], ['manager_id'], ['sku'], [CURRENT_AS, 'share_achieved']],
    ...keptCurrent<PlanSkuDoc>((doc, today) =>
      sqlRowOf(PLAN_SKU_FIELDS, SKU_KEY, planSkuAsOf(doc, today?.day ?? doc.lastEventOn)),
    ),
  }),
  [PLAN_ACCOUNTS]: collection<PlanAccountDoc>({
    table: PLAN_ACCOUNTS,
    key: 'account_id',
    columns: [
      { name: 'manager_id', type: 'TEXT', description: 'The account’s manager now; null before the first' },
    ],
    indexes: [],
    toRow: (doc) => ({ manager_id: doc.managerId }),
    internal: true,
  }),
};
