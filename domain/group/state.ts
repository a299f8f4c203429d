// The state of a group, folded from its events alone (see evolve.ts). Plain JSON: the
// application snapshots it.
import type { Industry } from '../kernel/index.js';

export interface RegisteredGroup {
  readonly exists: true;
  readonly groupId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly headquartersRegion: string;
  /** Member account ids, in the order they joined. */
  readonly members: readonly string[];
  readonly managerId: string | null;
  readonly executiveSponsorId: string | null;
}

export interface UnregisteredGroup {
  readonly exists: false;
}

export type GroupState = UnregisteredGroup | RegisteredGroup;

export const initialState: GroupState = { exists: false };

export const isMember = (group: RegisteredGroup, accountId: string): boolean =>
  group.members.includes(accountId);
