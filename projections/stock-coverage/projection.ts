// stock_coverage: per account × SKU, how long the account's stock lasts and what is on the way
// (DOMAIN.md, "Read models"). Each event type has a small handler; the rows keep what
// coverage() needs, so the served figures and flags are computed for any asOf in `present`.
// The plain SQL columns are the same figures as of the day of the row's latest event.
import { handledBy, type EventHandlers } from '../event-handlers.js';
import { collection, CURRENT_AS, CURRENT_AS_COLUMN, keptCurrent, type Projection } from '../projection.js';
import { accountHandlers } from './accounts.js';
import { agreementHandlers } from './agreements.js';
import { supplyHandlers } from './commitments.js';
import {
  ACCOUNTS,
  AGREEMENTS,
  COMMITMENTS,
  STOCK_COVERAGE,
  STOCK_COVERAGE_DAILY,
  type AccountLookup,
  type AgreementLookup,
  type CommitmentLookup,
  type StockCoverageDailyDoc,
  type StockCoverageDoc,
} from './documents.js';
import { DAILY_FIELDS, FLAG_COLUMNS, ROW_FIELDS, columnsOf, flagRowOf, rowOf } from './fields.js';
import { presentDaily, presentRow } from './figures.js';
import { policyOf } from './policy.js';

const handlers: EventHandlers = { ...accountHandlers, ...agreementHandlers, ...supplyHandlers };

export const projection: Projection = {
  name: 'stock-coverage',
  // 2: dated batches, allocations and account history in the rows (issue #9).
  // 3: rows kept current as of today, indexes for the sorts by figures (issue #15).
  // 4: the account's region in the rows, for the stock board's region filter.
  // 5: a 0/1 column per flag, so a flag filter for today reads a page, not the table.
  version: 5,
  partitionedBy: 'account',
  collections: {
    [STOCK_COVERAGE]: collection<StockCoverageDoc>({
      table: STOCK_COVERAGE,
      key: 'id',
      columns: [...columnsOf(ROW_FIELDS), ...FLAG_COLUMNS, CURRENT_AS_COLUMN],
      indexes: [
        ['account_id', 'sku'],
        ['sku'],
        ['industry'],
        ['region'],
        // The sorts by figures, read among the rows current as of today.
        [CURRENT_AS, 'dos'],
        [CURRENT_AS, 'estimated_on_hand'],
        [CURRENT_AS, 'on_hand'],
        [CURRENT_AS, 'last_report_date'],
        [CURRENT_AS, 'account_otif_bp'],
        // The flag filters among the rows current as of today, in the default sort's order: a rare
        // flag reads its few rows, a common one the page.
        ...FLAG_COLUMNS.map(({ name }) => [CURRENT_AS, name, 'account_id']),
      ],
      // As of the row's latest event, under the policy it recorded (the plain columns never read a
      // clock); today: the served row as of the day, under the policy the API serves it with.
      ...keptCurrent<StockCoverageDoc>((doc, today) => {
        const presented = presentRow(
          doc,
          today?.day ?? doc.updatedOn,
          today?.policy ?? policyOf(doc.policyVersion),
        );
        return { ...rowOf(ROW_FIELDS, presented), ...flagRowOf(presented) };
      }),
    }),
    [STOCK_COVERAGE_DAILY]: collection<StockCoverageDailyDoc>({
      table: STOCK_COVERAGE_DAILY,
      key: 'id',
      columns: columnsOf(DAILY_FIELDS),
      indexes: [['account_id', 'sku', 'report_date'], ['sku', 'report_date'], ['report_date']],
      toRow: (doc) => rowOf(DAILY_FIELDS, presentDaily(doc)),
    }),
    [ACCOUNTS]: collection<AccountLookup>({
      table: ACCOUNTS,
      key: 'account_id',
      columns: [
        { name: 'industry', type: 'TEXT', description: 'From AccountRegistered' },
        { name: 'tier', type: 'TEXT', description: 'The evaluated tier, from TierChanged' },
        { name: 'override_tier', type: 'TEXT', description: 'The tier override, if any' },
        { name: 'override_expires_on', type: 'TEXT', description: 'Its last day' },
        { name: 'skus', type: 'TEXT', description: 'The SKUs the account has rows for (JSON array)' },
      ],
      indexes: [],
      toRow: (doc) => ({
        industry: doc.industry,
        tier: doc.tier,
        override_tier: doc.override?.tier ?? null,
        override_expires_on: doc.override?.expiresOn ?? null,
        skus: JSON.stringify(doc.skus),
      }),
      internal: true,
    }),
    [AGREEMENTS]: collection<AgreementLookup>({
      table: AGREEMENTS,
      key: 'agreement_id',
      columns: [
        { name: 'account_id', type: 'TEXT', description: 'The account' },
        { name: 'lead_time_days', type: 'INTEGER', description: "The delivery terms' lead time" },
      ],
      indexes: [],
      toRow: (doc) => ({ account_id: doc.accountId, lead_time_days: doc.leadTimeDays }),
      internal: true,
    }),
    [COMMITMENTS]: collection<CommitmentLookup>({
      table: COMMITMENTS,
      key: 'commitment_id',
      columns: [
        { name: 'account_id', type: 'TEXT', description: 'The account' },
        { name: 'sku', type: 'TEXT', description: 'The SKU, which later supply events do not carry' },
      ],
      indexes: [],
      toRow: (doc) => ({ account_id: doc.accountId, sku: doc.sku }),
      internal: true,
    }),
  },
  ...handledBy(handlers),
};
