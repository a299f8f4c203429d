// How stock coverage is served: the current rows as of the query's asOf (figures and flags
// recomputed from what the row stores), the frozen daily snapshots, and the flag counts.
import { ACCOUNT_STATUSES, INDUSTRIES, TIERS_DESCENDING } from '../../domain/kernel/index.js';
import { COVERAGE_FLAGS, type CoverageFlag } from '../../domain/supply/index.js';
import { readModel, type PresentedRow, type Report, type ReadModel } from '../read-model.js';
import {
  STOCK_COVERAGE,
  STOCK_COVERAGE_DAILY,
  type StockCoverageDailyDoc,
  type StockCoverageDoc,
} from './documents.js';
import { DAILY_FIELDS, ROW_FIELDS, flagColumn } from './fields.js';
import { presentDaily, presentRow } from './figures.js';

/**
 * The flags one value names: every one must be raised. Over HTTP the enumeration splits
 * `flag=A,B` into two values, as `flag=A&flag=B`, and a row raising either passes.
 */
export const flagsOf = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

const flagsRaised = (row: PresentedRow): readonly string[] => {
  const flags = row['flags'];
  return Array.isArray(flags) ? (flags as readonly string[]) : [];
};

const hasAllFlags = (row: PresentedRow, value: string): boolean => {
  const raised = flagsRaised(row);
  return flagsOf(value).every((flag) => raised.includes(flag));
};

const flagCounts: Report = {
  name: 'flag-counts',
  description: 'How many of the filtered rows raise each flag as of asOf (every flag listed, 0 included)',
  run: (rows, context) => ({
    asOf: context.asOf,
    rows: rows.length,
    flags: Object.fromEntries(
      COVERAGE_FLAGS.map((flag: CoverageFlag) => [
        flag,
        rows.filter((row) => flagsRaised(row).includes(flag)).length,
      ]),
    ),
  }),
};

/** The regions of the filtered rows, for a region filter's choices: rows per region, by name. */
const regionCounts: Report = {
  name: 'region-counts',
  description: 'How many of the filtered rows each region has (accounts not registered yet left out)',
  run: (rows) => {
    const regions = new Map<string, number>();
    for (const row of rows)
      if (typeof row['region'] === 'string')
        regions.set(row['region'], (regions.get(row['region']) ?? 0) + 1);
    return {
      rows: rows.length,
      regions: Object.fromEntries([...regions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
  },
};

const stockCoverage = readModel<StockCoverageDoc>({
  name: 'stock-coverage',
  collection: STOCK_COVERAGE,
  fields: ROW_FIELDS,
  present: (doc, { asOf, policy }) => presentRow(doc, asOf, policy),
  filters: [
    {
      param: 'accountId',
      description: 'One account',
      type: 'string',
      column: { name: 'account_id', op: 'eq' },
    },
    { param: 'sku', description: 'One SKU', type: 'string', column: { name: 'sku', op: 'eq' } },
    {
      param: 'flag',
      description: 'Rows raising the flag as of asOf',
      type: 'string',
      values: COVERAGE_FLAGS,
      matches: hasAllFlags,
      currentWhere: (value) =>
        Object.fromEntries(flagsOf(value).map((flag) => [flagColumn(flag as CoverageFlag), 1])),
    },
    {
      // On the presented row: an override that runs out changes the tier without an event.
      param: 'tier',
      description: 'The effective tier as of asOf',
      type: 'string',
      values: TIERS_DESCENDING,
      matches: (row, value) => row['tier'] === value,
      currentColumn: 'tier',
    },
    {
      param: 'industry',
      description: "The account's industry",
      type: 'string',
      values: INDUSTRIES,
      column: { name: 'industry', op: 'eq' },
    },
    {
      param: 'region',
      description: "The account's region, as registered (e.g. East China)",
      type: 'string',
      column: { name: 'region', op: 'eq' },
    },
    {
      param: 'insufficientData',
      description: 'true: rows whose ADS is INSUFFICIENT_DATA as of asOf; false: those with an ADS',
      type: 'boolean',
      matches: (row, value) => row['insufficientData'] === (value === 'true'),
      currentColumn: 'insufficient_data',
    },
    {
      // On the presented row: the status on the day asked for, not on the row's latest event.
      param: 'accountStatus',
      description:
        "The account's status as of asOf (accountStatus=LOST lists the rows that raise no flag for it)",
      type: 'string',
      values: ACCOUNT_STATUSES,
      matches: (row, value) => row['accountStatus'] === value,
      currentColumn: 'account_status',
    },
    {
      param: 'inService',
      description:
        'true: rows that can raise flags as of asOf (account not LOST, a commitment open); false: the others, whose figures stand without flags',
      type: 'boolean',
      matches: (row, value) => row['inService'] === (value === 'true'),
      currentColumn: 'in_service',
    },
  ],
  sortable: ['accountId', 'sku', 'dos', 'onHand', 'lastReportDate', 'estimatedOnHand', 'accountOtifBp'],
  // The figures move with asOf (demand since the report, deliveries up to the day).
  sortColumns: { accountId: 'account_id', sku: 'sku' },
  currentSortColumns: {
    dos: 'dos',
    onHand: 'on_hand',
    lastReportDate: 'last_report_date',
    estimatedOnHand: 'estimated_on_hand',
    accountOtifBp: 'account_otif_bp',
  },
  reports: [flagCounts, regionCounts],
});

const stockCoverageDaily = readModel<StockCoverageDailyDoc>({
  name: 'stock-coverage-daily',
  collection: STOCK_COVERAGE_DAILY,
  fields: DAILY_FIELDS,
  // A snapshot is as of its report date: the query's asOf does not move it.
  present: (doc) => presentDaily(doc),
  filters: [
    {
      param: 'accountId',
      description: 'One account',
      type: 'string',
      column: { name: 'account_id', op: 'eq' },
    },
    { param: 'sku', description: 'One SKU', type: 'string', column: { name: 'sku', op: 'eq' } },
    {
      param: 'from',
      description: 'Report dates on or after this day',
      type: 'date',
      column: { name: 'report_date', op: 'gte' },
    },
    {
      param: 'to',
      description: 'Report dates on or before this day',
      type: 'date',
      column: { name: 'report_date', op: 'lte' },
    },
  ],
  sortable: ['reportDate', 'accountId', 'sku'],
  sortColumns: { reportDate: 'report_date', accountId: 'account_id', sku: 'sku' },
  reports: [],
});

export const readModels: readonly ReadModel[] = [stockCoverage, stockCoverageDaily];
