// Who leads the relationship with the group: its lead account manager (the one point of access
// for every member, 一点接入) and the executive sponsor a tier-A group needs (高层主管亲自出马).
// Each is replaced by naming another; naming the same one again is refused, so a retry under
// a new key is told apart from a change.
import { decideWith, domainError, type Decision } from '../kernel/index.js';
import type { AssignGroupManager, SetExecutiveSponsor } from './commands.js';
import { EXECUTIVE_SPONSOR_ALREADY_SET, GROUP_MANAGER_ALREADY_ASSIGNED } from './errors.js';
import type { GroupEvent } from './events.js';
import type { RegisteredGroup } from './state.js';

export const assignGroupManager = (
  { data }: AssignGroupManager,
  group: RegisteredGroup,
): Decision<GroupEvent> =>
  decideWith(
    [
      () =>
        group.managerId === data.managerId
          ? domainError(
              GROUP_MANAGER_ALREADY_ASSIGNED,
              `${data.managerId} already leads group ${group.groupId}`,
              {
                groupId: group.groupId,
                managerId: data.managerId,
              },
            )
          : undefined,
    ],
    () => [
      {
        type: 'GroupManagerAssigned',
        data: { groupId: group.groupId, previous: group.managerId, next: data.managerId, at: data.at },
      },
    ],
  );

export const setExecutiveSponsor = (
  { data }: SetExecutiveSponsor,
  group: RegisteredGroup,
): Decision<GroupEvent> =>
  decideWith(
    [
      () =>
        group.executiveSponsorId === data.executiveId
          ? domainError(
              EXECUTIVE_SPONSOR_ALREADY_SET,
              `${data.executiveId} already sponsors group ${group.groupId}`,
              { groupId: group.groupId, executiveId: data.executiveId },
            )
          : undefined,
    ],
    () => [
      {
        type: 'ExecutiveSponsorSet',
        data: {
          groupId: group.groupId,
          previous: group.executiveSponsorId,
          next: data.executiveId,
          at: data.at,
        },
      },
    ],
  );
