// The stream index's group_member table: the group each account last joined, the pointer the
// command handler follows to the group's stream before an AddMember.
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../../../domain/group/index.js';
import { GROUP_MEMBER, projection, type GroupMemberDoc } from '../../../projections/stream-index/index.js';
import { eventLog, runProjection } from '../../support/projection-harness.js';

const AT = '2026-03-01T08:00:00.000Z';

const membership = (...steps: readonly [string, 'add' | 'remove', string][]) => {
  const log = eventLog();
  for (const [groupId, step, accountId] of steps) {
    const event: GroupEvent =
      step === 'add'
        ? { type: 'GroupMemberAdded', data: { groupId, accountId, at: AT } }
        : { type: 'GroupMemberRemoved', data: { groupId, accountId, reason: 'sold', at: AT } };
    log.add(`group-${groupId}`, event);
  }
  return runProjection(projection, log.events);
};

describe('stream index: group membership', () => {
  it('points each member to its group, with the position it joined at', () => {
    const run = membership(['g1', 'add', 'a1'], ['g2', 'add', 'a2']);
    expect(run.doc<GroupMemberDoc>(GROUP_MEMBER, 'a1')).toEqual({ groupId: 'g1', joinedAt: '1' });
    expect(run.rows(GROUP_MEMBER)).toEqual([
      { account_id: 'a1', group_id: 'g1', joined_position: '1' },
      { account_id: 'a2', group_id: 'g2', joined_position: '2' },
    ]);
  });

  it('forgets an account that left its group', () => {
    const run = membership(['g1', 'add', 'a1'], ['g1', 'remove', 'a1']);
    expect(run.doc(GROUP_MEMBER, 'a1')).toBeUndefined();
  });

  it('keeps the group an account joined since, whatever an older group says later', () => {
    const run = membership(['g1', 'add', 'a1'], ['g2', 'add', 'a1'], ['g1', 'remove', 'a1']);
    expect(run.doc<GroupMemberDoc>(GROUP_MEMBER, 'a1')?.groupId).toBe('g2');
  });

  it('takes an id like constructor as any other', () => {
    const run = membership(['g1', 'add', 'constructor']);
    expect(run.doc<GroupMemberDoc>(GROUP_MEMBER, 'constructor')?.groupId).toBe('g1');
    expect(membership(['g1', 'remove', 'constructor']).rows(GROUP_MEMBER)).toEqual([]);
  });
});
