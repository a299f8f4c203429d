// The groups a manager leads: a group's lead manager (the one point of access for the group)
// holds it from the day of the assignment until the next one.
import type { GroupManagerAssigned, GroupRegistered } from '../../domain/group/index.js';
import { dateOf, lookup, type IsoDate } from '../../domain/kernel/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import { SCORECARD_GROUPS, type ScorecardDoc, type ScorecardGroupDoc } from './documents.js';
import { updateMonth } from './months.js';

const leading = (doc: ScorecardDoc, groupId: string, day: IsoDate): ScorecardDoc => {
  const stay = lookup(doc.groups, groupId);
  const heldFrom = stay !== undefined && stay.heldUntil === null ? stay.heldFrom : day;
  return { ...doc, groups: { ...doc.groups, [groupId]: { heldFrom, heldUntil: null } } };
};

const handedOver = (doc: ScorecardDoc, groupId: string, day: IsoDate): ScorecardDoc => {
  const stay = lookup(doc.groups, groupId);
  return stay === undefined
    ? doc
    : { ...doc, groups: { ...doc.groups, [groupId]: { ...stay, heldUntil: day } } };
};

export const groupHandlers: EventHandlers = {
  GroupRegistered: on<GroupRegistered>((data, _event, context) => {
    if (context.get(SCORECARD_GROUPS, data.groupId) !== undefined) return;
    context.put<ScorecardGroupDoc>(SCORECARD_GROUPS, data.groupId, {
      groupId: data.groupId,
      managerId: null,
    });
  }),
  GroupManagerAssigned: on<GroupManagerAssigned>((data, _event, context) => {
    const group = context.get<ScorecardGroupDoc>(SCORECARD_GROUPS, data.groupId);
    if (group === undefined) return;
    const day = dateOf(data.at);
    context.put<ScorecardGroupDoc>(SCORECARD_GROUPS, data.groupId, { ...group, managerId: data.next });
    if (group.managerId !== null && group.managerId !== data.next) {
      updateMonth(context, group.managerId, day, undefined, (doc) => handedOver(doc, data.groupId, day));
    }
    updateMonth(context, data.next, day, undefined, (doc) => leading(doc, data.groupId, day));
  }),
};
