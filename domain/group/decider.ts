// The Group decider (stream `group-<id>`): a group account and its members. Each command's
// rules live with their concept; this file only routes.
import * as E from 'fp-ts/lib/Either.js';
import { notFound, type Decider, type Decision } from '../kernel/index.js';
import type { GroupCommand } from './commands.js';
import type { GroupContext } from './context.js';
import type { GroupEvent } from './events.js';
import { evolve } from './evolve.js';
import { assignGroupManager, setExecutiveSponsor } from './leadership.js';
import { addMember, removeMember } from './membership.js';
import { registerGroup } from './registration.js';
import { initialState, type GroupState } from './state.js';

const decide = (command: GroupCommand, state: GroupState, context: GroupContext): Decision<GroupEvent> => {
  if (command.type === 'RegisterGroup') return registerGroup(command, state);
  // Other commands carry no group id (the route has it), so the error cannot name one.
  if (!state.exists) return E.left(notFound('group'));
  switch (command.type) {
    case 'AddMember':
      return addMember(command, state, context);
    case 'RemoveMember':
      return removeMember(command, state);
    case 'AssignGroupManager':
      return assignGroupManager(command, state);
    case 'SetExecutiveSponsor':
      return setExecutiveSponsor(command, state);
  }
};

export const groupDecider: Decider<GroupCommand, GroupEvent, GroupState, GroupContext> = {
  initialState,
  evolve,
  decide,
};
