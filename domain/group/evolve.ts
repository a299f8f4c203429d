// Folds one event into a group's state.
import type { GroupEvent } from './events.js';
import type { GroupState, RegisteredGroup } from './state.js';

const evolveGroup = (
  group: RegisteredGroup,
  event: Exclude<GroupEvent, { type: 'GroupRegistered' }>,
): RegisteredGroup => {
  switch (event.type) {
    case 'GroupMemberAdded':
      return { ...group, members: [...group.members, event.data.accountId] };
    case 'GroupMemberRemoved':
      return { ...group, members: group.members.filter((id) => id !== event.data.accountId) };
    case 'GroupManagerAssigned':
      return { ...group, managerId: event.data.next };
    case 'ExecutiveSponsorSet':
      return { ...group, executiveSponsorId: event.data.next };
  }
};

export const evolve = (state: GroupState, event: GroupEvent): GroupState => {
  if (event.type === 'GroupRegistered') {
    const { groupId, name, industry, headquartersRegion } = event.data;
    return {
      exists: true,
      groupId,
      name,
      industry,
      headquartersRegion,
      members: [],
      managerId: null,
      executiveSponsorId: null,
    };
  }
  // Only a registered group has later events; the store guarantees the order.
  return state.exists ? evolveGroup(state, event) : state;
};
