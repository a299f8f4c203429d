// The commands of a Group (集团大客户): one customer with member accounts in many regions. Only
// RegisterGroup carries the group id: every other command is routed to its stream
// (`POST /groups/{id}/add-member`) and the decider reads the id from the state.
import * as t from 'io-ts';
import { Id, Industry, IsoDateTime, message, NonEmptyString, struct } from '../kernel/index.js';

export const RegisterGroupData = struct('RegisterGroupData', {
  groupId: Id,
  name: NonEmptyString,
  industry: Industry,
  /** Where the group is run from; its members may be anywhere. */
  headquartersRegion: NonEmptyString,
  at: IsoDateTime,
});
export const RegisterGroup = message('RegisterGroup', RegisterGroupData);
export type RegisterGroup = t.TypeOf<typeof RegisterGroup>;

export const AddMemberData = struct('AddMemberData', { accountId: Id, at: IsoDateTime });
export const AddMember = message('AddMember', AddMemberData);
export type AddMember = t.TypeOf<typeof AddMember>;

export const RemoveMemberData = struct('RemoveMemberData', {
  accountId: Id,
  reason: NonEmptyString,
  at: IsoDateTime,
});
export const RemoveMember = message('RemoveMember', RemoveMemberData);
export type RemoveMember = t.TypeOf<typeof RemoveMember>;

/** The group's lead account manager: the one point of access for the whole group. */
export const AssignGroupManagerData = struct('AssignGroupManagerData', { managerId: Id, at: IsoDateTime });
export const AssignGroupManager = message('AssignGroupManager', AssignGroupManagerData);
export type AssignGroupManager = t.TypeOf<typeof AssignGroupManager>;

/** The senior executive who steps in personally (高层主管亲自出马); a tier-A group needs one. */
export const SetExecutiveSponsorData = struct('SetExecutiveSponsorData', {
  executiveId: Id,
  at: IsoDateTime,
});
export const SetExecutiveSponsor = message('SetExecutiveSponsor', SetExecutiveSponsorData);
export type SetExecutiveSponsor = t.TypeOf<typeof SetExecutiveSponsor>;

export const GroupCommand = t.union([
  RegisterGroup,
  AddMember,
  RemoveMember,
  AssignGroupManager,
  SetExecutiveSponsor,
]);
export type GroupCommand = t.TypeOf<typeof GroupCommand>;
