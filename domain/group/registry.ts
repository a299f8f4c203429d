// The group commands and events as the application sees them: the HTTP routes, the JSON
// Schemas and the store's validation are generated from these lists.
import { definitionsOf, type CommandDefinition, type EventDefinition } from '../kernel/index.js';
import {
  AddMemberData,
  AssignGroupManagerData,
  RegisterGroupData,
  RemoveMemberData,
  SetExecutiveSponsorData,
} from './commands.js';
import {
  ExecutiveSponsorSetData,
  GroupManagerAssignedData,
  GroupMemberAddedData,
  GroupMemberRemovedData,
  GroupRegisteredData,
} from './events.js';

const { command, event } = definitionsOf('group');

export const groupCommands: readonly CommandDefinition[] = [
  command('RegisterGroup', RegisterGroupData, true),
  command('AddMember', AddMemberData),
  command('RemoveMember', RemoveMemberData),
  command('AssignGroupManager', AssignGroupManagerData),
  command('SetExecutiveSponsor', SetExecutiveSponsorData),
];

export const groupEvents: readonly EventDefinition[] = [
  event('GroupRegistered', GroupRegisteredData),
  event('GroupMemberAdded', GroupMemberAddedData),
  event('GroupMemberRemoved', GroupMemberRemovedData),
  event('GroupManagerAssigned', GroupManagerAssignedData),
  event('ExecutiveSponsorSet', ExecutiveSponsorSetData),
];
