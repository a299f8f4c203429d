// Keeping in touch (感情交流): visits, meetings and calls with the account's contacts, the actions
// agreed there, and their completion. How often an account must be seen is the policy's contact
// cadence; whether it was is for the read models (see `visitOverdue`), never a reason to refuse.
import * as t from 'io-ts';
import {
  accept,
  addDays,
  dateOf,
  decideWith,
  domainError,
  FreeText,
  Id,
  IsoDate,
  lookup,
  NonEmptyString,
  oneOf,
  reject,
  struct,
  uniqueListOf,
  type Decision,
  type DomainError,
  type Policy,
  type Tier,
} from '../kernel/index.js';
import type { CompleteAction, LogVisit } from './commands.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

export const VisitKind = oneOf('VisitKind', ['VISIT', 'MEETING', 'CALL', 'EXECUTIVE_VISIT']);
export type VisitKind = t.TypeOf<typeof VisitKind>;

/** The cadence asks for a visit or meeting: a call keeps in touch but does not count. */
export const countsForCadence = (kind: VisitKind): boolean => kind !== 'CALL';

/**
 * Whether an account of `tier`, last visited or met on `lastVisitOn` (null: never), is overdue
 * on `asOf` under `policy`; a tier without a cadence is never overdue.
 */
export const visitOverdue = (
  lastVisitOn: IsoDate | null,
  tier: Tier,
  asOf: IsoDate,
  policy: Policy,
): boolean => {
  const cadence = policy.tiers[tier].contactCadenceDays;
  if (cadence === null) return false;
  return lastVisitOn === null || addDays(lastVisitOn, cadence) < asOf;
};

/** Who does what by when: `owner` is an id (a manager, a colleague, a contact), never a name. */
export const AgreedAction = struct('AgreedAction', {
  actionId: Id,
  what: NonEmptyString,
  owner: Id,
  due: IsoDate,
});
export type AgreedAction = t.TypeOf<typeof AgreedAction>;

export const AgreedActions = uniqueListOf(AgreedAction, 'AgreedActions', (action) => action.actionId);

/** Whom the visit was with: at least one contact, each once. */
export const VisitContactIds = uniqueListOf(Id, 'VisitContactIds', (id) => id, 1);

export const VisitNotes = FreeText;

/** The contacts as the account has them when the visit is logged: known, and not removed by then. */
const contactsMet = (account: RegisteredAccount, contactIds: readonly string[]): DomainError | undefined => {
  const { accountId } = account;
  for (const contactId of contactIds) {
    const contact = lookup(account.contacts, contactId);
    if (contact === undefined) {
      return domainError('UNKNOWN_CONTACT', `Account ${accountId} has no contact ${contactId}`, {
        accountId,
        contactId,
      });
    }
    if (contact.removed) {
      return domainError('CONTACT_REMOVED', `Contact ${contactId} was removed from account ${accountId}`, {
        accountId,
        contactId,
      });
    }
  }
  return undefined;
};

const actionsAgreed = (
  account: RegisteredAccount,
  on: IsoDate,
  actions: readonly AgreedAction[],
): DomainError | undefined => {
  const { accountId } = account;
  for (const action of actions) {
    if (lookup(account.actions, action.actionId) !== undefined) {
      return domainError(
        'ACTION_ALREADY_AGREED',
        `Action ${action.actionId} was agreed at an earlier visit`,
        {
          accountId,
          actionId: action.actionId,
        },
      );
    }
    if (action.due < on) {
      return domainError('ACTION_DUE_BEFORE_VISIT', `Action ${action.actionId} is due before the visit`, {
        accountId,
        actionId: action.actionId,
        due: action.due,
        on,
      });
    }
  }
  return undefined;
};

export const logVisit = ({ data }: LogVisit, account: RegisteredAccount): Decision<AccountEvent> => {
  const { accountId } = account;
  return decideWith<AccountEvent>(
    [
      () =>
        lookup(account.visits, data.visitId) === undefined
          ? undefined
          : domainError('VISIT_ALREADY_LOGGED', `Visit ${data.visitId} is logged already`, {
              accountId,
              visitId: data.visitId,
            }),
      // A visit is logged once it happened.
      () =>
        data.on <= dateOf(data.at)
          ? undefined
          : domainError('VISIT_IN_FUTURE', `Visit ${data.visitId} on ${data.on} has not happened yet`, {
              accountId,
              visitId: data.visitId,
              on: data.on,
              today: dateOf(data.at),
            }),
      () => contactsMet(account, data.contactIds),
      () => actionsAgreed(account, data.on, data.agreedActions),
    ],
    () => [
      {
        type: 'VisitLogged',
        data: {
          accountId,
          visitId: data.visitId,
          on: data.on,
          kind: data.kind,
          contactIds: data.contactIds,
          notes: data.notes,
          agreedActions: data.agreedActions,
          // Who held the relationship that day: the scorecard credits the visit to them.
          managerId: account.managerId,
          at: data.at,
        },
      },
    ],
  );
};

export const completeAction = (
  { data }: CompleteAction,
  account: RegisteredAccount,
): Decision<AccountEvent> => {
  const { accountId } = account;
  const action = lookup(account.actions, data.actionId);
  if (action === undefined) {
    return reject('UNKNOWN_ACTION', `Account ${accountId} has no agreed action ${data.actionId}`, {
      accountId,
      actionId: data.actionId,
    });
  }
  if (action.completedOn !== null) {
    return reject(
      'ACTION_ALREADY_COMPLETED',
      `Action ${data.actionId} was completed on ${action.completedOn}`,
      {
        accountId,
        actionId: data.actionId,
        completedOn: action.completedOn,
      },
    );
  }
  if (data.on < action.agreedOn) {
    return reject(
      'ACTION_COMPLETED_BEFORE_AGREED',
      `Action ${data.actionId} cannot be completed before it was agreed on ${action.agreedOn}`,
      { accountId, actionId: data.actionId, on: data.on, agreedOn: action.agreedOn },
    );
  }
  if (data.on > dateOf(data.at)) {
    return reject('COMPLETION_IN_FUTURE', `Action ${data.actionId} cannot be completed ahead of time`, {
      accountId,
      actionId: data.actionId,
      on: data.on,
      today: dateOf(data.at),
    });
  }
  return accept({
    type: 'ActionCompleted',
    data: {
      accountId,
      actionId: data.actionId,
      visitId: action.visitId,
      due: action.due,
      on: data.on,
      onTime: data.on <= action.due,
      at: data.at,
    },
  });
};
