// Members: accounts of the group in any region. An account belongs to at most one group, so a
// new member must exist, must not be LOST, and must be in no group (this one or another).
// Which group the account is in comes with the context: the application follows the stream
// index to the group the account last joined and asks that group's stream, so an index behind a
// removal does no harm. An index behind an addition (the moment before the projector applied
// it) does: two AddMember of one account to two groups at the same instant can both pass. Only
// a record of the membership on the account's own stream (AccountJoinedGroup) would make that
// one stream's optimistic concurrency; until the Account has it, this is the window.
import {
  decideWith,
  domainError,
  unknownAccount,
  type AccountFacts,
  type Decision,
  type DomainError,
  type MembershipFacts,
} from '../kernel/index.js';
import type { AddMember, RemoveMember } from './commands.js';
import type { GroupContext } from './context.js';
import { ACCOUNT_LOST, ALREADY_A_MEMBER, MEMBER_OF_ANOTHER_GROUP, NOT_A_MEMBER } from './errors.js';
import type { GroupEvent } from './events.js';
import { isMember, type RegisteredGroup } from './state.js';

/** Facts about another account than the one named are treated as no account at all. */
const accountExists = (account: AccountFacts, accountId: string): DomainError | undefined =>
  account.exists && account.accountId === accountId ? undefined : unknownAccount(accountId);

const accountNotLost = (account: AccountFacts): DomainError | undefined =>
  account.status === 'LOST'
    ? domainError(ACCOUNT_LOST, `The account ${account.accountId} is lost`, { accountId: account.accountId })
    : undefined;

const notYetMember = (group: RegisteredGroup, accountId: string): DomainError | undefined =>
  isMember(group, accountId)
    ? domainError(ALREADY_A_MEMBER, `The account ${accountId} is a member of ${group.groupId} already`, {
        groupId: group.groupId,
        accountId,
      })
    : undefined;

/**
 * Facts about another account's membership than the one named say nothing of it: the account
 * is then taken to be in no group only if the facts are its own.
 */
const inNoOtherGroup = (
  group: RegisteredGroup,
  membership: MembershipFacts,
  accountId: string,
): DomainError | undefined => {
  if (membership.accountId !== accountId) {
    return domainError(MEMBER_OF_ANOTHER_GROUP, `The group of account ${accountId} is not known`, {
      groupId: group.groupId,
      accountId,
      memberOf: null,
    });
  }
  return membership.groupId === null || membership.groupId === group.groupId
    ? undefined
    : domainError(
        MEMBER_OF_ANOTHER_GROUP,
        `The account ${accountId} is a member of ${membership.groupId}: it must leave it first`,
        { groupId: group.groupId, accountId, memberOf: membership.groupId },
      );
};

export const addMember = (
  { data }: AddMember,
  group: RegisteredGroup,
  { account, membership }: GroupContext,
): Decision<GroupEvent> =>
  decideWith(
    [
      () => notYetMember(group, data.accountId),
      () => accountExists(account, data.accountId),
      () => accountNotLost(account),
      () => inNoOtherGroup(group, membership, data.accountId),
    ],
    () => [
      { type: 'GroupMemberAdded', data: { groupId: group.groupId, accountId: data.accountId, at: data.at } },
    ],
  );

/** Any member may leave, a LOST one too; the reason is kept for the audit trail. */
export const removeMember = ({ data }: RemoveMember, group: RegisteredGroup): Decision<GroupEvent> =>
  decideWith(
    [
      () =>
        isMember(group, data.accountId)
          ? undefined
          : domainError(NOT_A_MEMBER, `The account ${data.accountId} is not a member of ${group.groupId}`, {
              groupId: group.groupId,
              accountId: data.accountId,
            }),
    ],
    () => [
      {
        type: 'GroupMemberRemoved',
        data: { groupId: group.groupId, accountId: data.accountId, reason: data.reason, at: data.at },
      },
    ],
  );
