// The documents the group projection keeps: what events said, dated. The combined T12M, the
// group's tier and the sponsor gap depend on the day, so they are worked out as of the query's
// date (see as-of.ts).
import type { Industry, IsoDate, Period } from '../../domain/kernel/index.js';

export const GROUPS = 'groups';
/** Internal: every account's region and revenue, for the groups it joins (later, or never). */
export const GROUP_ACCOUNTS = 'group_accounts';

/** Internal: every stay of an account in a group, one row each, for the `accountId` filter. */
export const GROUP_MEMBERSHIPS = 'group_memberships';

/** One stay of an account in the group: from the day it joined until the day it left (null: still in). */
export interface MembershipSpan {
  readonly accountId: string;
  readonly from: IsoDate;
  readonly until: IsoDate | null;
}

/** Revenue by period in minor units (corrections applied), as the tiering rules read it. */
export type Revenue = Readonly<Record<Period, { readonly amount: number }>>;

export interface GroupDoc {
  readonly groupId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly headquartersRegion: string;
  readonly registeredOn: IsoDate;
  /** The day of the latest event applied: the plain SQL columns are computed as of it. */
  readonly lastEventOn: IsoDate;
  readonly managerId: string | null;
  readonly executiveSponsorId: string | null;
  /** Oldest first; an account that left and came back has two. */
  readonly memberships: readonly MembershipSpan[];
  /** Of every account that has been a member, by account id. */
  readonly memberRevenue: Readonly<Record<string, Revenue>>;
  /** Of every account that has been a member, by account id. */
  readonly memberRegions: Readonly<Record<string, string>>;
}

/** A stay of an account in a group, as the link from the account to its group on a day. */
export interface GroupMembershipDoc extends MembershipSpan {
  readonly groupId: string;
}

export interface GroupAccountDoc {
  readonly accountId: string;
  readonly region: string;
  /** The group it is in now; null when none. */
  readonly groupId: string | null;
  readonly revenue: Revenue;
}
