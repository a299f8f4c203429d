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
import { GROUP_ACCOUNTS, GROUPS, type GroupAccountDoc, type GroupDoc } from './documents.js';

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
    return {
      ...doc,
      memberships: [...doc.memberships, { accountId: data.accountId, from: dateOf(data.at), until: null }],
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
    return {
      ...doc,
      memberships: doc.memberships.map((span) =>
        span.accountId === data.accountId && span.until === null ? { ...span, until: day } : span,
      ),
    };
  }),
  GroupManagerAssigned: onGroup<GroupManagerAssigned>((doc, data) => ({ ...doc, managerId: data.next })),
  ExecutiveSponsorSet: onGroup<ExecutiveSponsorSet>((doc, data) => ({
    ...doc,
    executiveSponsorId: data.next,
  })),
};
