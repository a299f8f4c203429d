// The served table `groups` (row per group), the internal `group_accounts` and the internal
// `group_memberships` (every stay of an account in a group, the link of the accountId filter). The plain
// columns of `groups` are the row as of the day of its latest event, so SQL sorts and filters
// have real values; the API recomputes them for the query's asOf. A daily job keeps them
// current as of today (current_as), so a query for today sorts by T12M and member count, and
// filters by tier and sponsor gap, in SQL: a page, not the table.
import { POLICY_V1 } from '../../domain/kernel/index.js';
import { collection, CURRENT_AS, CURRENT_AS_COLUMN, keptCurrent } from '../projection.js';
import { columnsOf, sqlRowOf, type FieldSpec } from '../tier-status/field-specs.js';
import { groupStatusAsOf, type GroupStatus } from './as-of.js';
import type { Link } from '../read-model.js';
import {
  GROUP_ACCOUNTS,
  GROUP_MEMBERSHIPS,
  GROUPS,
  type GroupAccountDoc,
  type GroupDoc,
  type GroupMembershipDoc,
} from './documents.js';

export const GROUP_FIELDS: readonly FieldSpec<GroupStatus>[] = [
  { field: 'groupId', column: 'group_id', sql: 'TEXT', type: 'string', description: 'The group' },
  { field: 'name', column: 'name', sql: 'TEXT', type: 'string', description: 'The group’s name' },
  {
    field: 'industry',
    column: 'industry',
    sql: 'TEXT',
    type: 'string',
    description: 'One of the 9 industry codes',
  },
  {
    field: 'headquartersRegion',
    column: 'headquarters_region',
    sql: 'TEXT',
    type: 'string',
    description: 'Where the group is run from',
  },
  {
    field: 'managerId',
    column: 'manager_id',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The lead account manager, the one point of access for the group; null before the first',
  },
  {
    field: 'executiveSponsorId',
    column: 'executive_sponsor_id',
    sql: 'TEXT',
    type: 'string',
    nullable: true,
    description: 'The executive sponsor; null before the first',
  },
  {
    field: 'memberIds',
    column: 'member_ids',
    sql: 'TEXT',
    type: 'string[]',
    description: 'The member accounts that day, in the order they joined (JSON array in SQL)',
  },
  {
    field: 'memberCount',
    column: 'member_count',
    sql: 'INTEGER',
    type: 'integer',
    description: 'How many accounts were members that day',
  },
  {
    field: 'memberRegions',
    column: 'member_regions',
    sql: 'TEXT',
    type: 'string[]',
    description: 'The regions of the members that day, sorted (JSON array in SQL)',
  },
  {
    field: 't12mPeriod',
    column: 't12m_period',
    sql: 'TEXT',
    type: 'string',
    description: 'The last closed month the combined T12M runs to (YYYY-MM)',
  },
  {
    field: 't12mAmount',
    column: 't12m_amount',
    sql: 'INTEGER',
    type: 'integer',
    description:
      'Combined trailing-12-month revenue: the sum of the members’ T12M by the tiering rules, minor units',
  },
  {
    field: 'currency',
    column: 'currency',
    sql: 'TEXT',
    type: 'string',
    description: 'The currency of the amounts',
  },
  {
    field: 'tier',
    column: 'tier',
    sql: 'TEXT',
    type: 'string',
    description: 'The tier the combined T12M qualifies for (A, B, C, NONE): no member is tiered below it',
  },
  {
    field: 'sponsorGap',
    column: 'sponsor_gap',
    sql: 'INTEGER',
    type: 'boolean',
    description: 'A tier-A group without an executive sponsor (1/0 in SQL)',
  },
];

export const collections = {
  [GROUPS]: collection<GroupDoc>({
    table: GROUPS,
    key: 'group_id',
    columns: [...columnsOf(GROUP_FIELDS, 'group_id'), CURRENT_AS_COLUMN],
    indexes: [
      ['industry'],
      ['manager_id'],
      ['name'],
      // The sorts and filters by values that move with the day, read among the rows current as of
      // today (the key last: a filter's rows come in the default sort's order).
      [CURRENT_AS, 't12m_amount'],
      [CURRENT_AS, 'member_count'],
      [CURRENT_AS, 'tier'],
      [CURRENT_AS, 'sponsor_gap'],
    ],
    // As of the latest event's day under v1 (a group records no policy; the plain columns never
    // read a clock); today: the served row as of the day, under the policy the API serves it with.
    ...keptCurrent<GroupDoc>((doc, today) =>
      sqlRowOf(
        GROUP_FIELDS,
        'group_id',
        groupStatusAsOf(doc, today?.day ?? doc.lastEventOn, today?.policy ?? POLICY_V1),
      ),
    ),
  }),
  [GROUP_ACCOUNTS]: collection<GroupAccountDoc>({
    table: GROUP_ACCOUNTS,
    key: 'account_id',
    columns: [
      { name: 'group_id', type: 'TEXT', description: 'The group the account is in now; null when none' },
    ],
    indexes: [['group_id']],
    toRow: (doc) => ({ group_id: doc.groupId }),
    internal: true,
  }),
  [GROUP_MEMBERSHIPS]: collection<GroupMembershipDoc>({
    table: GROUP_MEMBERSHIPS,
    key: 'stay',
    columns: [
      { name: 'group_id', type: 'TEXT', description: 'The group' },
      { name: 'account_id', type: 'TEXT', description: 'The member account' },
      { name: 'member_from', type: 'TEXT', description: 'The day it joined' },
      { name: 'member_until', type: 'TEXT', description: 'The day it left; null while a member' },
    ],
    // The account first, then its days: an account's stays in force on a day, and their groups,
    // from the index alone.
    indexes: [['account_id', 'member_from', 'member_until', 'group_id']],
    toRow: (doc) => ({
      group_id: doc.groupId,
      account_id: doc.accountId,
      member_from: doc.from,
      member_until: doc.until,
    }),
    internal: true,
  }),
};

/**
 * The `accountId` filter's way through the stays: the groups of those in force on the asOf, as
 * `membersOn` counts a member (from its first day, until the day it left, excluded).
 */
export const memberLink: Link = {
  table: GROUP_MEMBERSHIPS,
  key: 'group_id',
  value: 'account_id',
  during: { from: 'member_from', until: 'member_until' },
};
