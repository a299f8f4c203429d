// The served table manager_scorecard (row per manager × month) and the internal lookups. The
// plain columns are the row as of the month's latest event (or its last day); a daily job keeps
// them current as of today, so a query for today sorts by the portfolio in SQL.
import { POLICY_V1, policyFor, type Policy } from '../../domain/kernel/index.js';
import { collection, CURRENT_AS, CURRENT_AS_COLUMN, keptCurrent } from '../projection.js';
import { columnsOf, sqlRowOf, type FieldSpec } from '../tier-status/field-specs.js';
import { scorecardAsOf, type Scorecard } from './as-of.js';
import {
  MANAGER_SCORECARD,
  SCORECARD_ACCOUNTS,
  SCORECARD_GROUPS,
  SCORECARD_MANAGERS,
  type ScorecardAccountDoc,
  type ScorecardDoc,
  type ScorecardGroupDoc,
  type ScorecardManagerDoc,
} from './documents.js';

const KEY = 'scorecard_id';

/** The policy the month's latest policy-decided event recorded; v1 when none did (or it is unknown). */
const policyOf = (doc: ScorecardDoc): Policy => policyFor(doc.policyVersion) ?? POLICY_V1;

const count = (
  field: keyof Scorecard & string,
  column: string,
  description: string,
): FieldSpec<Scorecard> => ({ field, column, sql: 'INTEGER', type: 'integer', nullable: true, description });

const ratio = (
  field: keyof Scorecard & string,
  column: string,
  description: string,
): FieldSpec<Scorecard> => ({ field, column, sql: 'REAL', type: 'number', nullable: true, description });

const NO_FIGURES = 'null when the month begins after the day asked about';

export const SCORECARD_FIELDS: readonly FieldSpec<Scorecard>[] = [
  {
    field: 'scorecardId',
    column: KEY,
    sql: 'TEXT',
    type: 'string',
    description: 'The row: `<managerId>/<month>`',
  },
  {
    field: 'managerId',
    column: 'manager_id',
    sql: 'TEXT',
    type: 'string',
    description: 'The account manager',
  },
  { field: 'month', column: 'month', sql: 'TEXT', type: 'string', description: 'The month (YYYY-MM)' },
  {
    field: 'figuresAsOf',
    column: 'figures_as_of',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: `The day the figures are as of: the month's last day, or the day asked about within the month; ${NO_FIGURES}`,
  },
  count(
    'accountsHeld',
    'accounts_held',
    `Accounts the manager held that day, LOST ones left out; ${NO_FIGURES}`,
  ),
  {
    field: 'accountIds',
    column: 'account_ids',
    sql: 'TEXT',
    type: 'string[]',
    description: 'Those accounts, sorted (JSON array in SQL)',
  },
  count('groupsHeld', 'groups_held', `Groups the manager was the lead manager of that day; ${NO_FIGURES}`),
  {
    field: 'groupIds',
    column: 'group_ids',
    sql: 'TEXT',
    type: 'string[]',
    description: 'Those groups, sorted (JSON array in SQL)',
  },
  count(
    'portfolioT12mAmount',
    'portfolio_t12m_amount',
    `The held accounts' T12M summed (each by the tiering rules over the closed months before the day's month), minor units; ${NO_FIGURES}`,
  ),
  {
    field: 'currency',
    column: 'currency',
    sql: 'TEXT',
    type: 'string',
    description: 'The currency of the amounts',
  },
  count(
    'tierMovesUp',
    'tier_moves_up',
    'Promotions (TierChanged up) in the month up to that day, of accounts the manager held then',
  ),
  count(
    'tierMovesDown',
    'tier_moves_down',
    'Demotions in the month up to that day, of accounts the manager held then',
  ),
  count(
    'requestsResolved',
    'requests_resolved',
    'Service requests resolved in the month up to that day, of accounts the manager held then',
  ),
  count('requestsResolvedInSla', 'requests_resolved_in_sla', 'Those resolved within their SLA'),
  ratio(
    'slaCompliance',
    'sla_compliance',
    'Resolved within SLA ÷ resolved, to 2 decimals; null when none was resolved',
  ),
  count(
    'accountsWithCadence',
    'accounts_with_cadence',
    'Held accounts whose tier has a contact cadence under the policy that day',
  ),
  count(
    'accountsVisitedInCadence',
    'accounts_visited_in_cadence',
    'Those whose latest visit or meeting (logged by then) is within the cadence (from the registration when never visited)',
  ),
  ratio(
    'visitCadenceKept',
    'visit_cadence_kept',
    'Visit cadence kept: accounts visited in cadence ÷ accounts with a cadence, to 2 decimals; null when none has a cadence (policy v1 has none)',
  ),
  ratio(
    'averageFeedback',
    'average_feedback',
    'Average feedback score about the manager recorded in the month up to that day, to 2 decimals; null without any',
  ),
  ratio(
    'averageSatisfaction',
    'average_satisfaction',
    'Average satisfaction (1–5) of the requests resolved in the month up to that day, to 2 decimals; null without any',
  ),
  count(
    'accountsLost',
    'accounts_lost',
    'Accounts lost in the month up to that day while the manager held them',
  ),
  {
    field: 'policyVersion',
    column: 'policy_version',
    sql: 'TEXT',
    type: 'string',
    description: 'The policy the figures were computed under (tier cadences, T12M rules)',
  },
];

export const collections = {
  [MANAGER_SCORECARD]: collection<ScorecardDoc>({
    table: MANAGER_SCORECARD,
    key: KEY,
    columns: [...columnsOf(SCORECARD_FIELDS, KEY), CURRENT_AS_COLUMN],
    indexes: [['manager_id', 'month'], ['month'], [CURRENT_AS, 'portfolio_t12m_amount']],
    ...keptCurrent<ScorecardDoc>((doc, today) =>
      sqlRowOf(
        SCORECARD_FIELDS,
        KEY,
        scorecardAsOf(doc, today?.day ?? doc.rowDay, today?.policy ?? policyOf(doc)),
      ),
    ),
  }),
  [SCORECARD_ACCOUNTS]: collection<ScorecardAccountDoc>({
    table: SCORECARD_ACCOUNTS,
    key: 'account_id',
    columns: [
      { name: 'manager_id', type: 'TEXT', description: 'The account’s manager now; null before the first' },
    ],
    indexes: [],
    toRow: (doc) => ({ manager_id: doc.managerId }),
    internal: true,
  }),
  [SCORECARD_GROUPS]: collection<ScorecardGroupDoc>({
    table: SCORECARD_GROUPS,
    key: 'group_id',
    columns: [
      {
        name: 'manager_id',
        type: 'TEXT',
        description: 'The group’s lead manager now; null before the first',
      },
    ],
    indexes: [],
    toRow: (doc) => ({ manager_id: doc.managerId }),
    internal: true,
  }),
  [SCORECARD_MANAGERS]: collection<ScorecardManagerDoc>({
    table: SCORECARD_MANAGERS,
    key: 'manager_id',
    columns: [
      {
        name: 'last_month',
        type: 'TEXT',
        description: 'The latest month (YYYY-MM) the manager has a manager_scorecard row for',
      },
    ],
    indexes: [['last_month']],
    toRow: (doc) => ({ last_month: doc.lastMonth }),
  }),
};
