// How `groups` is served: each group as of the query's day (members, combined T12M, tier, lead
// manager, sponsor), with the sponsor-gap query (tier-A groups without an executive sponsor).
import { INDUSTRIES, TIERS_DESCENDING } from '../../domain/kernel/index.js';
import { booleanFilter, readModel, type ReadModel } from '../read-model.js';
import { fieldsOf, presentedRowOf } from '../tier-status/field-specs.js';
import { groupStatusAsOf } from './as-of.js';
import { GROUPS, type GroupDoc } from './documents.js';
import { GROUP_FIELDS, memberLink } from './tables.js';

export const groupsReadModel = readModel<GroupDoc>({
  name: 'groups',
  collection: GROUPS,
  fields: fieldsOf(GROUP_FIELDS),
  present: (doc, { asOf, policy }) => presentedRowOf(GROUP_FIELDS, groupStatusAsOf(doc, asOf, policy)),
  filters: [
    { param: 'groupId', description: 'One group', type: 'string', column: { name: 'group_id', op: 'eq' } },
    {
      param: 'industry',
      description: 'Groups of this industry',
      type: 'string',
      values: INDUSTRIES,
      column: { name: 'industry', op: 'eq' },
    },
    {
      param: 'managerId',
      description: 'Groups this manager leads',
      type: 'string',
      column: { name: 'manager_id', op: 'eq' },
    },
    // The tier depends on the day, so it is matched on the row; for today the tier and the
    // sponsor gap are columns of the rows kept current.
    {
      param: 'tier',
      description: 'Groups whose combined T12M qualifies for this tier',
      type: 'string',
      values: TIERS_DESCENDING,
      matches: (row, value) => row['tier'] === value,
      currentColumn: 'tier',
    },
    // The members are a JSON array, which no equality selects: the groups are found through the
    // stays in force that day (group_memberships), the same as looking in the members that day.
    {
      param: 'accountId',
      description: 'The group this account was a member of that day',
      type: 'string',
      link: memberLink,
      matches: (row, value) => Array.isArray(row['memberIds']) && row['memberIds'].includes(value),
    },
    booleanFilter(
      'sponsorGap',
      'Tier-A groups without an executive sponsor (true), or the others (false)',
      (row) => row['sponsorGap'] === true,
      'sponsor_gap',
    ),
  ],
  sortable: ['groupId', 'name', 't12mAmount', 'memberCount'],
  // A group's id and name never change; its T12M and members move with asOf.
  sortColumns: { groupId: 'group_id', name: 'name' },
  currentSortColumns: { t12mAmount: 't12m_amount', memberCount: 'member_count' },
  reports: [],
});

export const readModels: readonly ReadModel[] = [groupsReadModel];
