// The two served tables: tier_status (row per account) and tier_changes (row per TierChanged).
// tier_status's plain columns are the row as of `as_of`, the day of the account's latest event,
// so SQL sorts and filters have real values; the API recomputes them for the query's asOf.
import type { TierChangeRule } from '../../domain/account/index.js';
import {
  POLICY_V1,
  policyFor,
  type IsoDate,
  type Period,
  type Policy,
  type Tier,
} from '../../domain/kernel/index.js';
import { collection, CURRENT_AS, CURRENT_AS_COLUMN, keptCurrent, type Column } from '../projection.js';
import { tierStatusAsOf, type TierStatus } from './as-of.js';
import {
  TIER_CHANGES,
  TIER_STATUS,
  type TierChangeDoc,
  type TierDirection,
  type TierStatusDoc,
} from './documents.js';
import { accountFieldSpecs, columnsOf, sqlRowOf, type FieldSpec } from './field-specs.js';
import { NEAR_FLOOR_EITHER, PORTFOLIO_COLUMNS, portfolioRowOf, WITHOUT_MANAGER } from './portfolio-flags.js';

/** The policy the account's latest policy-decided event recorded; v1 when none did (or it is unknown). */
const policyOf = (doc: TierStatusDoc): Policy => policyFor(doc.policyVersion) ?? POLICY_V1;

export const TIER_STATUS_FIELDS: readonly FieldSpec<TierStatus>[] = [
  ...accountFieldSpecs<TierStatus>(),
  {
    field: 'status',
    column: 'status',
    sql: 'TEXT',
    type: 'string',
    description: 'PROSPECT, ACTIVE, AT_RISK or LOST',
  },
  {
    field: 'tier',
    column: 'tier',
    sql: 'TEXT',
    type: 'string',
    description: 'The effective tier (A, B, C, NONE): an unexpired override wins over the evaluated tier',
  },
  {
    field: 'tierSince',
    column: 'tier_since',
    sql: 'TEXT',
    type: 'string',
    description: 'The first day of the current run of the effective tier (YYYY-MM-DD)',
  },
  {
    field: 'evaluatedTier',
    column: 'evaluated_tier',
    sql: 'TEXT',
    type: 'string',
    description: 'The tier the month-end evaluations gave, under any override',
  },
  {
    field: 'overrideTier',
    column: 'override_tier',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The tier of the override in force; null without one',
  },
  {
    field: 'overrideUntil',
    column: 'override_until',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The last day of the override in force (YYYY-MM-DD); null without one',
  },
  {
    field: 't12mPeriod',
    column: 't12m_period',
    sql: 'TEXT',
    type: 'string',
    description: 'The last closed month the T12M runs to (YYYY-MM)',
  },
  {
    field: 't12mAmount',
    column: 't12m_amount',
    sql: 'INTEGER',
    type: 'integer',
    description: 'Trailing-12-month revenue by the tiering rules (annualised under a year), minor units',
  },
  {
    field: 'currency',
    column: 'currency',
    sql: 'TEXT',
    type: 'string',
    description: 'The currency of the amounts',
  },
  {
    field: 'gapToNextFloor',
    column: 'gap_to_next_floor',
    sql: 'INTEGER',
    type: 'integer',
    nullable: true,
    description: 'Revenue missing to reach the next tier’s floor (0 when reached), minor units; null for A',
  },
  {
    field: 'nearFloor',
    column: 'near_floor',
    sql: 'TEXT',
    type: 'string[]',
    description:
      'T12M within the near-floor share (10 % in v1) of a floor, either side: UP when that floor is above the ' +
      'evaluated tier (about to be promoted), DOWN when it is the own or a lower one (about to be demoted); ' +
      'empty otherwise and for a LOST account (JSON array in SQL)',
  },
  {
    field: 'nearFloorTier',
    column: 'near_floor_tier',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The floor (A, B or C) T12M is near; null when none',
  },
  {
    field: 'nearFloorSide',
    column: 'near_floor_side',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'BELOW: T12M under that floor; ABOVE: at or over it; null when near none',
  },
  {
    field: 'nearFloorDistanceAmount',
    column: 'near_floor_distance_amount',
    sql: 'INTEGER',
    type: 'integer',
    nullable: true,
    description: 'How far T12M is from that floor, minor units; null when near none',
  },
  {
    field: 'nearFloorDistancePct',
    column: 'near_floor_distance_pct',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description: 'That distance as a percentage of the floor, to 2 decimals; null when near none',
  },
  {
    field: 'belowFloorStreak',
    column: 'below_floor_streak',
    sql: 'INTEGER',
    type: 'integer',
    description: 'Consecutive month-end evaluations below the demotion threshold of the evaluated tier',
  },
  {
    field: 'groupId',
    column: 'group_id',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description:
      'The group the latest month-end evaluation tiered the account with: a member is tiered on the group’s ' +
      'combined T12M, never below the tier it qualifies for; null when the account was in no group',
  },
  {
    field: 'groupT12mAmount',
    column: 'group_t12m_amount',
    sql: 'INTEGER',
    type: 'integer',
    nullable: true,
    description:
      'The group’s combined T12M that evaluation ran on (the sum of the members’ T12M by the tiering rules), ' +
      'minor units; null when the account was in no group',
  },
  {
    field: 'discountCapBp',
    column: 'discount_cap_bp',
    sql: 'INTEGER',
    type: 'integer',
    description: 'The base discount cap of the effective tier, in basis points',
  },
  {
    field: 'totalConcessionCapBp',
    column: 'total_concession_cap_bp',
    sql: 'INTEGER',
    type: 'integer',
    description: 'The total concession cap (base + promotions) of the effective tier, in basis points',
  },
  {
    field: 'capBreach',
    column: 'cap_breach',
    sql: 'INTEGER',
    type: 'boolean',
    description:
      'A DRAFT or ACTIVE agreement, still valid, has a base discount above the base cap, or base + the concessions ' +
      'of the approved promotions in force on one SKU that day above the total cap; never for a LOST account (1/0 in SQL)',
  },
  {
    field: 'capBreachAgreementIds',
    column: 'cap_breach_agreement_ids',
    sql: 'TEXT',
    type: 'string[]',
    description: 'The agreements above a cap (JSON array in SQL)',
  },
  {
    field: 'openRequests',
    column: 'open_requests',
    sql: 'INTEGER',
    type: 'integer',
    description: 'Service requests open on the day',
  },
  {
    field: 'slaBreaches',
    column: 'sla_breaches',
    sql: 'INTEGER',
    type: 'integer',
    description:
      'SLA breaches of the trailing 12 months: requests resolved late within them, plus open ones past due ' +
      '(those only while the account is not LOST)',
  },
  {
    field: 'averageFeedback90d',
    column: 'average_feedback_90d',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description:
      'Mean feedback score (1–5) of the policy’s feedback window (90 days in v1) ending on the day, to 2 decimals; ' +
      'null without feedback',
  },
  {
    field: 'averageSatisfaction90d',
    column: 'average_satisfaction_90d',
    sql: 'REAL',
    type: 'number',
    nullable: true,
    description:
      'Mean satisfaction (1–5) the account gave the service requests resolved in the same window, to 2 decimals; ' +
      'null without any',
  },
  {
    field: 'lastVisitOn',
    column: 'last_visit_on',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description:
      'The day of the latest visit or meeting logged by the day (calls do not count; YYYY-MM-DD); null when none',
  },
  {
    field: 'visitCadenceDays',
    column: 'visit_cadence_days',
    sql: 'INTEGER',
    type: 'integer',
    nullable: true,
    description:
      'The policy’s contact cadence for the effective tier (v2: A 30 days, B 90, C 180); null where it keeps none ' +
      '(tier NONE, every tier under v1)',
  },
  {
    field: 'visitOverdue',
    column: 'visit_overdue',
    sql: 'INTEGER',
    type: 'boolean',
    description:
      'VISIT_OVERDUE: the latest visit or meeting (or the registration, when none) is older than the cadence; ' +
      'never without a cadence or for a LOST account (1/0 in SQL)',
  },
  {
    field: 'openActions',
    column: 'open_actions',
    sql: 'INTEGER',
    type: 'integer',
    description: 'Actions agreed at visits and not completed, as known on the day',
  },
  {
    field: 'overdueActions',
    column: 'overdue_actions',
    sql: 'INTEGER',
    type: 'integer',
    description: 'Open actions whose due day is before the day',
  },
  {
    field: 'policyVersion',
    column: 'policy_version',
    sql: 'TEXT',
    type: 'string',
    description: 'The policy the row was scored under (caps, floors, cadence)',
  },
];

export interface TierChange {
  readonly eventId: string;
  readonly accountId: string;
  readonly fromTier: Tier;
  readonly toTier: Tier;
  readonly direction: TierDirection;
  readonly changedOn: IsoDate;
  readonly period: Period;
  readonly rule: TierChangeRule;
  readonly t12mAmount: number;
  readonly currency: string;
  readonly groupId: string | null;
  readonly groupT12mAmount: number | null;
  readonly policyVersion: string;
}

export const tierChangeOf = (doc: TierChangeDoc): TierChange => ({
  eventId: doc.eventId,
  accountId: doc.accountId,
  fromTier: doc.from,
  toTier: doc.to,
  direction: doc.direction,
  changedOn: doc.changedOn,
  period: doc.period,
  rule: doc.rule,
  t12mAmount: doc.t12m.amount,
  currency: doc.t12m.currency,
  // Rows written before tier changes named their group have none.
  groupId: doc.group?.groupId ?? null,
  groupT12mAmount: doc.group?.t12m.amount ?? null,
  policyVersion: doc.policyVersion,
});

export const TIER_CHANGE_FIELDS: readonly FieldSpec<TierChange>[] = [
  { field: 'eventId', column: 'event_id', sql: 'TEXT', type: 'string', description: 'The TierChanged event' },
  { field: 'accountId', column: 'account_id', sql: 'TEXT', type: 'string', description: 'The account' },
  { field: 'fromTier', column: 'from_tier', sql: 'TEXT', type: 'string', description: 'The tier before' },
  { field: 'toTier', column: 'to_tier', sql: 'TEXT', type: 'string', description: 'The tier after' },
  { field: 'direction', column: 'direction', sql: 'TEXT', type: 'string', description: 'up or down' },
  {
    field: 'changedOn',
    column: 'changed_on',
    sql: 'TEXT',
    type: 'string',
    description: 'The day the evaluation changed the tier (YYYY-MM-DD)',
  },
  {
    field: 'period',
    column: 'period',
    sql: 'TEXT',
    type: 'string',
    description: 'The month evaluated (YYYY-MM)',
  },
  {
    field: 'rule',
    column: 'rule',
    sql: 'TEXT',
    type: 'string',
    description: 'PROMOTION or DEMOTION_AFTER_HYSTERESIS',
  },
  {
    field: 't12mAmount',
    column: 't12m_amount',
    sql: 'INTEGER',
    type: 'integer',
    description: 'The account’s own T12M the evaluation saw, minor units',
  },
  {
    field: 'currency',
    column: 'currency',
    sql: 'TEXT',
    type: 'string',
    description: 'The currency of the T12M',
  },
  {
    field: 'groupId',
    column: 'group_id',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The group whose combined T12M the member was tiered on; null for an account in no group',
  },
  {
    field: 'groupT12mAmount',
    column: 'group_t12m_amount',
    sql: 'INTEGER',
    type: 'integer',
    nullable: true,
    description: 'That group’s combined T12M, minor units; null for an account in no group',
  },
  {
    field: 'policyVersion',
    column: 'policy_version',
    sql: 'TEXT',
    type: 'string',
    description: 'The policy the evaluation applied',
  },
];

const AS_OF: Column = {
  name: 'as_of',
  type: 'TEXT',
  description: 'The day the other columns are computed for: the account’s latest event (YYYY-MM-DD)',
};

export const collections = {
  [TIER_STATUS]: collection<TierStatusDoc>({
    table: TIER_STATUS,
    key: 'account_id',
    columns: [...columnsOf(TIER_STATUS_FIELDS, 'account_id'), ...PORTFOLIO_COLUMNS, AS_OF, CURRENT_AS_COLUMN],
    // The documented queries: the tier × industry matrix and the plain filters, and the sorts.
    indexes: [
      ['tier', 'industry'],
      ['industry'],
      ['region'],
      ['status'],
      ['manager_id'],
      ['group_id'],
      ['name'],
      // The sorts by values that move with the day, read among the rows current as of today.
      [CURRENT_AS, 'tier'],
      [CURRENT_AS, 't12m_amount'],
      [CURRENT_AS, 'gap_to_next_floor'],
      [CURRENT_AS, 'tier_since'],
      [CURRENT_AS, 'last_visit_on'],
      // The portfolio page's filters among the rows current today, in the order it asks for.
      [CURRENT_AS, NEAR_FLOOR_EITHER, 't12m_amount'],
      [CURRENT_AS, WITHOUT_MANAGER, 'tier'],
    ],
    // Today: the served row as of the day, under the policy the API serves it with.
    ...keptCurrent<TierStatusDoc>((doc, today) => {
      const day = today?.day ?? doc.lastEventOn;
      const status = tierStatusAsOf(doc, day, today?.policy ?? policyOf(doc));
      return { ...sqlRowOf(TIER_STATUS_FIELDS, 'account_id', status), ...portfolioRowOf(status), as_of: day };
    }),
  }),
  [TIER_CHANGES]: collection<TierChangeDoc>({
    table: TIER_CHANGES,
    key: 'event_id',
    columns: columnsOf(TIER_CHANGE_FIELDS, 'event_id'),
    // Tier changes in a period (days or the month evaluated), of one account, up or down.
    indexes: [['changed_on'], ['account_id', 'changed_on'], ['direction', 'changed_on'], ['period']],
    toRow: (doc) => sqlRowOf(TIER_CHANGE_FIELDS, 'event_id', tierChangeOf(doc)),
  }),
};
