// The fields of a stock coverage row, declared once: the served fields (camelCase) and the
// plain SQL columns (their snake_case names) come from the same list, so the two never drift.
import { ACCOUNT_STATUSES, INDUSTRIES, TIERS_DESCENDING } from '../../domain/kernel/index.js';
import {
  COVERAGE_FLAGS,
  DELIVERY_LATE_WINDOW_DAYS,
  OTIF_WINDOW_MONTHS,
  type CoverageFlag,
} from '../../domain/supply/index.js';
import type { Column, ColumnType, Row, SqlValue } from '../projection.js';
import type { Field, FieldValue, PresentedRow } from '../read-model.js';
import type { CoverageFigures } from './figures.js';

const figure = (
  name: keyof CoverageFigures,
  type: Field['type'],
  description: string,
  nullable = false,
): Field => ({ name, type, description, ...(nullable ? { nullable } : {}) });

const IDENTITY: readonly Field[] = [
  figure('accountId', 'string', 'The account'),
  figure('sku', 'string', 'The SKU'),
];

/** The figures after the date field, in output order. */
const FIGURES: readonly Field[] = [
  figure('industry', 'string', `The account's industry: ${INDUSTRIES.join(', ')}`, true),
  figure('region', 'string', "The account's region, as registered", true),
  figure(
    'tier',
    'string',
    `The account's effective tier on the day (override included): ${TIERS_DESCENDING.join(', ')}`,
  ),
  figure(
    'accountStatus',
    'string',
    `The account's status on the day: ${ACCOUNT_STATUSES.join(', ')}. A LOST account's rows keep their figures and raise no flag`,
  ),
  figure(
    'inService',
    'boolean',
    'The row can raise flags: the account is not LOST and one of its commitments is open on the day',
  ),
  figure('onHand', 'integer', 'Units on hand at the latest stock report up to the day', true),
  figure('deliveredSinceReport', 'integer', 'Units delivered after that report, up to the day', true),
  figure(
    'estimatedOnHand',
    'integer',
    'Stock estimated on the day: max(0, reported on hand − demand since the report) + units delivered since (whole units)',
    true,
  ),
  figure('adsStatus', 'string', 'OK, or INSUFFICIENT_DATA with fewer than 7 days of sales data'),
  figure('insufficientData', 'boolean', 'adsStatus is INSUFFICIENT_DATA'),
  figure(
    'ads',
    'number',
    "Base average daily sell-through over the 28 days to the latest report, peak days divided by their peak's uplift; a day's demand is ADS × its uplift (2 decimals)",
    true,
  ),
  figure('adsDays', 'integer', 'Days of sales data the ADS covers'),
  figure(
    'dos',
    'number',
    "Days of supply: estimatedOnHand ÷ the day's demand (ADS × the day's uplift); null when ADS is unknown or demand 0 (2 decimals)",
    true,
  ),
  figure('weeksOfCover', 'number', 'DOS ÷ 7 (2 decimals)', true),
  figure('safetyDays', 'integer', 'Days of sales to keep as safety stock (largest of the open commitments)'),
  figure('safetyStock', 'integer', "The day's demand × safety days (whole units)", true),
  figure(
    'leadTimeDays',
    'integer',
    "The agreement's delivery lead time (largest of the open commitments)",
    true,
  ),
  figure(
    'projectedAtLeadTime',
    'integer',
    'Projected stock at the day + lead time: estimatedOnHand − demand + the pipeline due by then (whole units)',
    true,
  ),
  figure(
    'pipeline',
    'integer',
    'Scheduled or shipped, not delivered: the open batches of the open commitments',
  ),
  figure('committedQty', 'integer', 'Committed quantity, summed over the commitments'),
  figure('deliveredQty', 'integer', 'Delivered quantity, summed over the commitments'),
  figure('remainingCommitted', 'integer', 'Committed − delivered of the open commitments'),
  figure('nextBatchId', 'string', 'The earliest open batch due on the day or later', true),
  figure('nextBatchEta', 'string', "The next batch's ETA", true),
  figure('nextBatchQty', 'integer', "The next batch's scheduled quantity", true),
  figure('peakFrom', 'string', 'First day of the peak season that matters on the day', true),
  figure('peakTo', 'string', 'Last day of that peak', true),
  figure('peakUpliftBp', 'integer', 'Peak demand multiplier in basis points (15000 = × 1.5)', true),
  figure('staleAfterDays', 'integer', "Days after which the tier's stock report is STALE_DATA"),
  figure('lastReportDate', 'string', 'The latest stock report up to the day', true),
  figure(
    'lastFillRatioBp',
    'integer',
    'Fill ratio of the latest shortage allocation up to the day, in basis points',
    true,
  ),
  figure(
    'accountOtifBp',
    'integer',
    `On time in full: the share of the account's batches (every SKU) due in the ${OTIF_WINDOW_MONTHS} months to the day that were delivered in full by their ETA, in basis points rounded down; null when none was due`,
    true,
  ),
  figure('accountBatchesDue', 'integer', 'The batches that share is of'),
  figure('commitmentIds', 'string[]', 'The supply commitments combined in the row, oldest first'),
  figure('openCommitmentIds', 'string[]', 'Those not closed'),
  figure(
    'flags',
    'string[]',
    `Flags raised on the day, of ${COVERAGE_FLAGS.join(', ')} (DELIVERY_LATE: a batch delivered after its ETA, or past it undelivered, in the last ${DELIVERY_LATE_WINDOW_DAYS} days); none when not inService`,
  ),
];

export const ROW_FIELDS: readonly Field[] = [
  ...IDENTITY,
  {
    name: 'asOf',
    type: 'string',
    description:
      "The day the figures are for: the query's asOf when served; in SQL the day of the row's latest event",
  },
  ...FIGURES,
];

export const DAILY_FIELDS: readonly Field[] = [
  ...IDENTITY,
  { name: 'reportDate', type: 'string', description: 'The stock report date the snapshot is for' },
  ...FIGURES,
];

/** `lastFillRatioBp` → `last_fill_ratio_bp`. */
export const columnName = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const COLUMN_TYPES: Readonly<Record<Field['type'], ColumnType>> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'INTEGER',
  'string[]': 'TEXT',
};

const DESCRIBED_IN_SQL: Readonly<Partial<Record<Field['type'], string>>> = {
  boolean: ' (0/1)',
  'string[]': ' (JSON array)',
};

export const columnsOf = (fields: readonly Field[]): Column[] =>
  fields.map((f) => ({
    name: columnName(f.name),
    type: COLUMN_TYPES[f.type],
    description: `${f.description}${DESCRIBED_IN_SQL[f.type] ?? ''}`,
  }));

/** Booleans as 0/1, arrays as JSON text: what SQLite holds. */
const sqlValue = (value: FieldValue | undefined): SqlValue => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
};

// Every row written names its columns: derived once per field list, not once per row.
const columnNamesOf = new WeakMap<readonly Field[], readonly string[]>();
const namesOf = (fields: readonly Field[]): readonly string[] => {
  let names = columnNamesOf.get(fields);
  if (names === undefined) columnNamesOf.set(fields, (names = fields.map((f) => columnName(f.name))));
  return names;
};

export const rowOf = (fields: readonly Field[], presented: PresentedRow): Row => {
  const names = namesOf(fields);
  const row: Record<string, SqlValue> = {};
  fields.forEach((f, i) => {
    row[names[i]!] = sqlValue(presented[f.name]);
  });
  return row;
};

/** `ALLOCATION_CUT` → `flag_allocation_cut`: the column saying whether the row raises the flag. */
export const flagColumn = (flag: CoverageFlag): string => `flag_${flag.toLowerCase()}`;

/**
 * One 0/1 column per flag beside the `flags` array, so a flag filter is an equality SQL answers
 * through an index (a JSON array holds no index), among the rows kept current as of today.
 */
export const FLAG_COLUMNS: readonly Column[] = COVERAGE_FLAGS.map((flag) => ({
  name: flagColumn(flag),
  type: 'INTEGER',
  description: `1 when the row raises ${flag} on the day (one of \`flags\`), else 0`,
}));

/** The flag columns of a presented row. */
export const flagRowOf = (presented: PresentedRow): Row => {
  const raised = Array.isArray(presented['flags']) ? (presented['flags'] as readonly string[]) : [];
  return Object.fromEntries(COVERAGE_FLAGS.map((flag) => [flagColumn(flag), raised.includes(flag) ? 1 : 0]));
};
