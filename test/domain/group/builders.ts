// Small builders of group commands, events and facts for the specs: defaults for group grp-1
// and account acc-1, overridable field by field.
import type {
  AddMember,
  AssignGroupManager,
  ExecutiveSponsorSet,
  GroupManagerAssigned,
  GroupMemberAdded,
  GroupMemberRemoved,
  GroupRegistered,
  RegisterGroup,
  RemoveMember,
  SetExecutiveSponsor,
} from '../../../domain/group/index.js';
import type { AccountFacts, MembershipFacts } from '../../../domain/kernel/index.js';

export const AT = '2026-03-01T08:00:00.000Z';
export const GROUP_ID = 'grp-1';
export const ACCOUNT_ID = 'acc-1';

export const accountFacts = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  accountId: ACCOUNT_ID,
  exists: true,
  status: 'ACTIVE',
  tier: 'B',
  industry: 'FINANCE',
  managerId: 'mgr-1',
  ...over,
});

export const membershipFacts = (over: Partial<MembershipFacts> = {}): MembershipFacts => ({
  accountId: ACCOUNT_ID,
  groupId: null,
  ...over,
});

// ----- commands -----

export const registerGroup = (over: Partial<RegisterGroup['data']> = {}): RegisterGroup => ({
  type: 'RegisterGroup',
  data: {
    groupId: GROUP_ID,
    name: 'Bank of the East',
    industry: 'FINANCE',
    headquartersRegion: 'Shanghai',
    at: AT,
    ...over,
  },
});

export const addMember = (accountId = ACCOUNT_ID): AddMember => ({
  type: 'AddMember',
  data: { accountId, at: AT },
});

export const removeMember = (accountId = ACCOUNT_ID, reason = 'branch sold'): RemoveMember => ({
  type: 'RemoveMember',
  data: { accountId, reason, at: AT },
});

export const assignGroupManager = (managerId: string): AssignGroupManager => ({
  type: 'AssignGroupManager',
  data: { managerId, at: AT },
});

export const setExecutiveSponsor = (executiveId: string): SetExecutiveSponsor => ({
  type: 'SetExecutiveSponsor',
  data: { executiveId, at: AT },
});

// ----- events -----

export const registered = (over: Partial<GroupRegistered['data']> = {}): GroupRegistered => ({
  type: 'GroupRegistered',
  data: {
    groupId: GROUP_ID,
    name: 'Bank of the East',
    industry: 'FINANCE',
    headquartersRegion: 'Shanghai',
    at: AT,
    ...over,
  },
});

export const memberAdded = (accountId = ACCOUNT_ID, groupId = GROUP_ID): GroupMemberAdded => ({
  type: 'GroupMemberAdded',
  data: { groupId, accountId, at: AT },
});

export const memberRemoved = (accountId = ACCOUNT_ID, reason = 'branch sold'): GroupMemberRemoved => ({
  type: 'GroupMemberRemoved',
  data: { groupId: GROUP_ID, accountId, reason, at: AT },
});

export const managerAssigned = (next: string, previous: string | null = null): GroupManagerAssigned => ({
  type: 'GroupManagerAssigned',
  data: { groupId: GROUP_ID, previous, next, at: AT },
});

export const sponsorSet = (next: string, previous: string | null = null): ExecutiveSponsorSet => ({
  type: 'ExecutiveSponsorSet',
  data: { groupId: GROUP_ID, previous, next, at: AT },
});
