// Which other streams a group decision needs, and what other aggregates' rules may know of a group.
import type { FactsNeeded, GroupFacts } from '../kernel/index.js';
import type { GroupCommand } from './commands.js';
import type { GroupState } from './state.js';

/** Only a new member is checked against other streams: its account, and the group it is in now. */
export const groupFactsNeeded = (command: GroupCommand): FactsNeeded =>
  command.type === 'AddMember'
    ? { accountId: command.data.accountId, membershipOf: command.data.accountId }
    : {};

export const groupFacts = (state: GroupState, groupId: string): GroupFacts =>
  state.exists
    ? {
        groupId,
        exists: true,
        members: state.members,
        managerId: state.managerId,
        executiveSponsorId: state.executiveSponsorId,
      }
    : { groupId, exists: false, members: [], managerId: null, executiveSponsorId: null };
