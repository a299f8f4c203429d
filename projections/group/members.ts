// The group itself and who is in it: registration, members joining and leaving, the lead
// manager and the sponsor. A member brings its region and its revenue so far; what it earns
// later reaches the group through revenue.ts.
import type {
  ExecutiveSponsorSet,
  GroupManagerAssigned,
  GroupMemberAdded,
  GroupMemberRemoved,
  GroupRegistered,
} from '../../domain/group/index.js';
import { dateOf, lookup, type IsoDateTime } from '../../domain/kernel/index.js';
import { on, type EventHandler, type EventHandlers } from '../event-handlers.js';
import {
  GROUP_ACCOUNTS,
  GROUP_MEMBERSHIPS,
  GROUPS,
  type GroupAccountDoc,
  type GroupDoc,
  type GroupMembershipDoc,
  type MembershipSpan,
} from './documents.js';

/** Folds one event into its group's document; an event of a group not seen registered is ignored. */
const onGroup = <E extends { readonly data: { readonly groupId: string; readonly at: IsoDateTime } }>(
  reduce: (doc: GroupDoc, data: E['data'], context: Parameters<EventHandler>[1]) => GroupDoc,
): EventHandler =>
  on<E>((data, _event, context) => {
    const doc = context.get<GroupDoc>(GROUPS, data.groupId);
    if (doc === undefined) return;
    const day = dateOf(data.at);
    context.put<GroupDoc>(GROUPS, data.groupId, {
      ...reduce(doc, data, context),
      lastEventOn: day > doc.lastEventOn ? day : doc.lastEventOn,
    });
  });

const setGroupOf = (
  context: Parameters<EventHandler>[1],
  accountId: string,
  groupId: string | null,
): GroupAccountDoc | undefined => {
  const account = context.get<GroupAccountDoc>(GROUP_ACCOUNTS, accountId);
  if (account !== undefined) context.put<GroupAccountDoc>(GROUP_ACCOUNTS, accountId, { ...account, groupId });
  return account;
};

/**
 * The group's stays as link rows, those at `indexes` of its list: a stay is keyed by its place in
 * the list, which only grows (an account back in the group has a second stay, maybe of one day).
 */
const putStays = (
  context: Parameters<EventHandler>[1],
  groupId: string,
  stays: readonly MembershipSpan[],
  indexes: readonly number[],
): void => {
  for (const i of indexes)
    context.put<GroupMembershipDoc>(GROUP_MEMBERSHIPS, `${groupId}/${i}`, { groupId, ...stays[i]! });
};

export const memberHandlers: EventHandlers = {
  GroupRegistered: on<GroupRegistered>((data, _event, context) => {
    const day = dateOf(data.at);
    context.put<GroupDoc>(GROUPS, data.groupId, {
      groupId: data.groupId,
      name: data.name,
      industry: data.industry,
      headquartersRegion: data.headquartersRegion,
      registeredOn: day,
      lastEventOn: day,
      managerId: null,
      executiveSponsorId: null,
      memberships: [],
      memberRevenue: {},
      memberRegions: {},
    });
  }),
  GroupMemberAdded: onGroup<GroupMemberAdded>((doc, data, context) => {
    const account = setGroupOf(context, data.accountId, doc.groupId);
    const memberships = [
      ...doc.memberships,
      { accountId: data.accountId, from: dateOf(data.at), until: null },
    ];
    putStays(context, doc.groupId, memberships, [doc.memberships.length]);
    return {
      ...doc,
      memberships,
      memberRevenue: { ...doc.memberRevenue, [data.accountId]: account?.revenue ?? {} },
      memberRegions: {
        ...doc.memberRegions,
        [data.accountId]: account?.region ?? lookup(doc.memberRegions, data.accountId) ?? '',
      },
    };
  }),
  GroupMemberRemoved: onGroup<GroupMemberRemoved>((doc, data, context) => {
    setGroupOf(context, data.accountId, null);
    const day = dateOf(data.at);
    const memberships = doc.memberships.map((span) =>
      span.accountId === data.accountId && span.until === null ? { ...span, until: day } : span,
    );
    const ended = memberships.flatMap((span, i) => (span === doc.memberships[i] ? [] : [i]));
    putStays(context, doc.groupId, memberships, ended);
    return { ...doc, memberships };
  }),
  GroupManagerAssigned: onGroup<GroupManagerAssigned>((doc, data) => ({ ...doc, managerId: data.next })),
  ExecutiveSponsorSet: onGroup<ExecutiveSponsorSet>((doc, data) => ({
    ...doc,
    executiveSponsorId: data.next,
  })),
};
