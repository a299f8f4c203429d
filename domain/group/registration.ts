// RegisterGroup: the command that starts a group's stream, with no member, manager or sponsor yet.
import * as E from 'fp-ts/lib/Either.js';
import { accept, alreadyExists, type Decision } from '../kernel/index.js';
import type { RegisterGroup } from './commands.js';
import type { GroupEvent } from './events.js';
import type { GroupState } from './state.js';

export const registerGroup = ({ data }: RegisterGroup, state: GroupState): Decision<GroupEvent> =>
  state.exists
    ? E.left(alreadyExists('group', state.groupId))
    : accept({
        type: 'GroupRegistered',
        data: {
          groupId: data.groupId,
          name: data.name,
          industry: data.industry,
          headquartersRegion: data.headquartersRegion,
          at: data.at,
        },
      });
