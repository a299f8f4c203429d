// What happened to a group. Every event names the group and carries `at`, and a membership
// event names its account, so a consumer of one event (a projection, a reactor) needs no lookup.
import * as t from 'io-ts';
import { Id, Industry, IsoDateTime, message, NonEmptyString, struct } from '../kernel/index.js';

const subject = { groupId: Id, at: IsoDateTime };

export const GroupRegisteredData = struct('GroupRegisteredData', {
  ...subject,
  name: NonEmptyString,
  industry: Industry,
  headquartersRegion: NonEmptyString,
});
export const GroupRegistered = message('GroupRegistered', GroupRegisteredData);
export type GroupRegistered = t.TypeOf<typeof GroupRegistered>;

export const GroupMemberAddedData = struct('GroupMemberAddedData', { ...subject, accountId: Id });
export const GroupMemberAdded = message('GroupMemberAdded', GroupMemberAddedData);
export type GroupMemberAdded = t.TypeOf<typeof GroupMemberAdded>;

export const GroupMemberRemovedData = struct('GroupMemberRemovedData', {
  ...subject,
  accountId: Id,
  reason: NonEmptyString,
});
export const GroupMemberRemoved = message('GroupMemberRemoved', GroupMemberRemovedData);
export type GroupMemberRemoved = t.TypeOf<typeof GroupMemberRemoved>;

export const GroupManagerAssignedData = struct('GroupManagerAssignedData', {
  ...subject,
  /** null on the group's first lead manager. */
  previous: t.union([Id, t.null]),
  next: Id,
});
export const GroupManagerAssigned = message('GroupManagerAssigned', GroupManagerAssignedData);
export type GroupManagerAssigned = t.TypeOf<typeof GroupManagerAssigned>;

export const ExecutiveSponsorSetData = struct('ExecutiveSponsorSetData', {
  ...subject,
  /** null on the group's first sponsor. */
  previous: t.union([Id, t.null]),
  next: Id,
});
export const ExecutiveSponsorSet = message('ExecutiveSponsorSet', ExecutiveSponsorSetData);
export type ExecutiveSponsorSet = t.TypeOf<typeof ExecutiveSponsorSet>;

export const GroupEvent = t.union([
  GroupRegistered,
  GroupMemberAdded,
  GroupMemberRemoved,
  GroupManagerAssigned,
  ExecutiveSponsorSet,
]);
export type GroupEvent = t.TypeOf<typeof GroupEvent>;
