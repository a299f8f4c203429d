// Every account's region and revenue, kept whether or not it is in a group (it may join one
// later and bring its history); revenue of a member goes to its group's document too.
import type { AccountRegistered, RevenueCorrected, RevenueRecorded } from '../../domain/account/index.js';
import { dateOf, type IsoDateTime, type Period } from '../../domain/kernel/index.js';
import { on, type EventHandler, type EventHandlers } from '../event-handlers.js';
import { GROUP_ACCOUNTS, GROUPS, type GroupAccountDoc, type GroupDoc } from './documents.js';

const withRevenue = (
  data: { readonly accountId: string; readonly period: Period; readonly at: IsoDateTime },
  amount: number,
  context: Parameters<EventHandler>[1],
): void => {
  const account = context.get<GroupAccountDoc>(GROUP_ACCOUNTS, data.accountId);
  if (account === undefined) return;
  const revenue = { ...account.revenue, [data.period]: { amount } };
  context.put<GroupAccountDoc>(GROUP_ACCOUNTS, data.accountId, { ...account, revenue });
  if (account.groupId === null) return;
  const group = context.get<GroupDoc>(GROUPS, account.groupId);
  if (group === undefined) return;
  const day = dateOf(data.at);
  context.put<GroupDoc>(GROUPS, group.groupId, {
    ...group,
    memberRevenue: { ...group.memberRevenue, [data.accountId]: revenue },
    lastEventOn: day > group.lastEventOn ? day : group.lastEventOn,
  });
};

export const revenueHandlers: EventHandlers = {
  AccountRegistered: on<AccountRegistered>((data, _event, context) =>
    context.put<GroupAccountDoc>(GROUP_ACCOUNTS, data.accountId, {
      accountId: data.accountId,
      region: data.region,
      groupId: null,
      revenue: {},
    }),
  ),
  RevenueRecorded: on<RevenueRecorded>((data, _event, context) =>
    withRevenue(data, data.amount.amount, context),
  ),
  // The event carries the corrected amount, so no running total is needed.
  RevenueCorrected: on<RevenueCorrected>((data, _event, context) =>
    withRevenue(data, data.correctedAmount.amount, context),
  ),
};
