// The served table account_risk (row per account) and the internal account_risk_regions. The
// plain columns are the row as of the day of the account's latest event; a daily job keeps them
// current as of today (current_as), so the top risks for today sort by score in SQL.
import { POLICY_V2, policyFor, type Policy } from '../../domain/kernel/index.js';
import { collection, CURRENT_AS, CURRENT_AS_COLUMN, keptCurrent, type Column } from '../projection.js';
import { accountFieldSpecs, columnsOf, sqlRowOf, type FieldSpec } from '../tier-status/field-specs.js';
import { accountRiskAsOf, type AccountRisk } from './as-of.js';
import { ACCOUNT_RISK, RISK_REGIONS, type AccountRiskDoc, type RiskRegionDoc } from './documents.js';

/**
 * The policy of the row's own day: the one the account's latest policy-decided event recorded
 * when it scores risk, else v2 (the first that does), so the plain columns always hold a score.
 */
const policyOf = (doc: AccountRiskDoc): Policy => {
  const recorded = policyFor(doc.account.policyVersion);
  return recorded !== undefined && recorded.risk !== null ? recorded : POLICY_V2;
};

const count = (
  field: keyof AccountRisk & string,
  column: string,
  description: string,
): FieldSpec<AccountRisk> => ({
  field,
  column,
  sql: 'INTEGER',
  type: 'integer',
  description,
});

export const ACCOUNT_RISK_FIELDS: readonly FieldSpec<AccountRisk>[] = [
  ...accountFieldSpecs<AccountRisk>(),
  {
    field: 'tier',
    column: 'tier',
    sql: 'TEXT',
    type: 'string',
    description: 'The effective tier that day (A, B, C, NONE)',
  },
  {
    field: 'accountStatus',
    column: 'account_status',
    sql: 'TEXT',
    type: 'string',
    description: 'PROSPECT, ACTIVE, AT_RISK or LOST; a LOST row keeps its figures but raises no flags',
  },
  {
    field: 'score',
    column: 'score',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description:
      'The early-warning score, 0–100 to 2 decimals: each factor’s severity (0–1) times its weight in the policy, ' +
      'summed (the shares in `reasons` add up to it); null under a policy that scores no risk (v1)',
  },
  {
    field: 'atRisk',
    column: 'at_risk',
    sql: 'INTEGER',
    type: 'boolean',
    description:
      'The score is at or above the policy’s threshold (35 in v2): the FlagAtRisk process flags the account at the ' +
      'month end it crosses; never for a LOST account (1/0 in SQL)',
  },
  {
    field: 'reasons',
    column: 'reasons',
    sql: 'TEXT',
    type: 'string[]',
    description:
      'The factors that add to the score, the largest first, as `FACTOR share/weight` (e.g. `REVENUE_TREND 18.6/30`): ' +
      'REVENUE_TREND, FEEDBACK, SATISFACTION, SLA_BREACHES, SUPPLY_SHORTFALLS (stock-outs and allocation cuts), ' +
      'LATE_DELIVERIES, VISIT_OVERDUE, OVERDUE_ACTIONS (JSON array in SQL)',
  },
  {
    field: 't12mAmount',
    column: 't12m_amount',
    sql: 'INTEGER',
    type: 'integer',
    description: 'Trailing-12-month revenue by the tiering rules (annualised under a year), minor units',
  },
  {
    field: 'revenueAtRisk',
    column: 'revenue_at_risk',
    sql: 'INTEGER',
    type: 'integer',
    nullable: true,
    description: 'T12M × score ÷ 100, minor units; null without a score',
  },
  {
    field: 'currency',
    column: 'currency',
    sql: 'TEXT',
    type: 'string',
    description: 'The currency of the amounts',
  },
  {
    field: 'revenueRecent',
    column: 'revenue_recent',
    sql: 'INTEGER',
    type: 'integer',
    description:
      'Revenue of the last 3 closed months (the policy’s span), minor units; of those recorded a year before ' +
      'when only some were',
  },
  {
    field: 'revenueCompared',
    column: 'revenue_compared',
    sql: 'INTEGER',
    type: 'integer',
    nullable: true,
    description:
      'Revenue of the same months a year before, minor units; null when none was recorded (no trend)',
  },
  {
    field: 'revenueTrendPct',
    column: 'revenue_trend_pct',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description:
      'The change from the year before to the recent months, in percent to 2 decimals; null without a trend',
  },
  {
    field: 'averageFeedback90d',
    column: 'average_feedback_90d',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description: 'Mean feedback score (1–5) of the feedback window ending on the day; null without feedback',
  },
  {
    field: 'averageSatisfaction90d',
    column: 'average_satisfaction_90d',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description: 'Mean satisfaction (1–5) with the requests resolved in the same window; null without any',
  },
  count('slaBreaches', 'sla_breaches', 'SLA breaches of the trailing 12 months (as tier_status counts them)'),
  count('stockOuts', 'stock_outs', 'Stock reports of 0 on hand in the supply window (90 days in v2)'),
  count(
    'allocationCuts',
    'allocation_cuts',
    'Shortage allocations that filled less than requested in the supply window',
  ),
  count(
    'lateDeliveries',
    'late_deliveries',
    'Batches delivered after their ETA in the supply window, or past it and short while their commitment is open',
  ),
  {
    field: 'lastVisitOn',
    column: 'last_visit_on',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The latest visit or meeting logged by the day (YYYY-MM-DD); null when none',
  },
  {
    field: 'visitOverdue',
    column: 'visit_overdue',
    sql: 'INTEGER',
    type: 'boolean',
    description:
      'VISIT_OVERDUE: the latest visit or meeting is older than the tier’s contact cadence (1/0 in SQL)',
  },
  count('openActions', 'open_actions', 'Actions agreed at visits and not completed, as known on the day'),
  count('overdueActions', 'overdue_actions', 'Open actions whose due day is before the day'),
  {
    field: 'regionRevenueSharePct',
    column: 'region_revenue_share_pct',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description:
      'The account’s revenue of the 12 closed months as a share of its region’s, in percent to 2 decimals; ' +
      'null when the region has none',
  },
  {
    field: 'concentration',
    column: 'concentration',
    sql: 'INTEGER',
    type: 'boolean',
    description:
      'CONCENTRATION: the account carries its region, at or above the policy’s share (15 % in v2); ' +
      'never for a LOST account (1/0 in SQL)',
  },
  {
    field: 'flags',
    column: 'flags',
    sql: 'TEXT',
    type: 'string[]',
    description: 'CONCENTRATION and VISIT_OVERDUE when raised (JSON array in SQL)',
  },
  {
    field: 'policyVersion',
    column: 'policy_version',
    sql: 'TEXT',
    type: 'string',
    description: 'The policy that scored the row (weights, threshold, cadence)',
  },
];

const AS_OF: Column = {
  name: 'as_of',
  type: 'TEXT',
  description:
    'The day the other columns are computed for: the account’s latest event, or the day kept current',
};

export const collections = {
  [ACCOUNT_RISK]: collection<AccountRiskDoc>({
    table: ACCOUNT_RISK,
    key: 'account_id',
    columns: [...columnsOf(ACCOUNT_RISK_FIELDS, 'account_id'), AS_OF, CURRENT_AS_COLUMN],
    indexes: [
      ['manager_id'],
      ['region'],
      ['account_status'],
      ['name'],
      // The top risks and the other sorts by values that move with the day, among the rows current today.
      [CURRENT_AS, 'score'],
      [CURRENT_AS, 'revenue_at_risk'],
      [CURRENT_AS, 't12m_amount'],
      [CURRENT_AS, 'region_revenue_share_pct'],
      // The few accounts at risk, by what an analyst sorts them by, without walking the others.
      [CURRENT_AS, 'at_risk', 'revenue_at_risk'],
      [CURRENT_AS, 'at_risk', 'score'],
    ],
    ...keptCurrent<AccountRiskDoc>((doc, today) => {
      const day = today?.day ?? doc.lastEventOn;
      return {
        ...sqlRowOf(
          ACCOUNT_RISK_FIELDS,
          'account_id',
          accountRiskAsOf(doc, day, today?.policy ?? policyOf(doc)),
        ),
        as_of: day,
      };
    }),
  }),
  [RISK_REGIONS]: collection<RiskRegionDoc>({
    table: RISK_REGIONS,
    key: 'region',
    columns: [],
    indexes: [],
    toRow: () => ({}),
    internal: true,
  }),
};
