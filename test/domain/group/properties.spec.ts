// The group invariant under any sequence of membership commands on several groups: an account
// is in at most one group, when each decision is given the membership as the groups' own
// streams say it (as the command handler loads it), and a decision is deterministic.
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  groupDecider,
  GroupEvent,
  isMember,
  type GroupCommand,
  type GroupState,
} from '../../../domain/group/index.js';
import { fold, POLICY_V1, type MembershipFacts } from '../../../domain/kernel/index.js';
import { accountFacts, addMember, registered, removeMember } from './builders.js';

const GROUPS = ['g1', 'g2', 'g3'] as const;
const ACCOUNTS = ['a1', 'a2', 'a3', 'constructor'] as const;

const step = fc.record({
  groupId: fc.constantFrom(...GROUPS),
  accountId: fc.constantFrom(...ACCOUNTS),
  join: fc.boolean(),
});

/** The group an account is in, from the groups' states: what the loader confirms on their streams. */
const membershipIn = (states: ReadonlyMap<string, GroupState>, accountId: string): MembershipFacts => {
  const groupId =
    [...states.entries()].find(([, state]) => state.exists && isMember(state, accountId))?.[0] ?? null;
  return { accountId, groupId };
};

describe('group invariants', () => {
  it('an account is in at most one group whatever members join and leave, in any order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const states = new Map<string, GroupState>(
          GROUPS.map((groupId) => [groupId, fold(groupDecider, [registered({ groupId })])]),
        );
        for (const { groupId, accountId, join } of steps) {
          const state = states.get(groupId)!;
          const command: GroupCommand = join ? addMember(accountId) : removeMember(accountId);
          const decision = groupDecider.decide(command, state, {
            policy: POLICY_V1,
            account: accountFacts({ accountId }),
            membership: membershipIn(states, accountId),
          });
          if (E.isRight(decision)) {
            for (const event of decision.right) expect(GroupEvent.is(event)).toBe(true);
            states.set(groupId, decision.right.reduce(groupDecider.evolve, state));
          }
          for (const account of ACCOUNTS) {
            const holding = [...states.values()].filter((s) => s.exists && isMember(s, account));
            expect(holding.length, account).toBeLessThanOrEqual(1);
          }
        }
        // Every member listed once in its group.
        for (const state of states.values())
          if (state.exists) expect(new Set(state.members).size).toBe(state.members.length);
      }),
    );
  });

  it('a join is refused exactly when the account is in a group already', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GROUPS),
        fc.option(fc.constantFrom(...GROUPS), { nil: null }),
        (groupId, memberOf) => {
          const given = [registered({ groupId })];
          const state = fold(groupDecider, memberOf === groupId ? [...given, ...joined(groupId)] : given);
          const decision = groupDecider.decide(addMember('a1'), state, {
            policy: POLICY_V1,
            account: accountFacts({ accountId: 'a1' }),
            membership: { accountId: 'a1', groupId: memberOf },
          });
          expect(E.isRight(decision)).toBe(memberOf === null);
        },
      ),
    );
  });
});

const joined = (groupId: string): GroupEvent[] => [
  { type: 'GroupMemberAdded', data: { groupId, accountId: 'a1', at: '2026-03-01T08:00:00.000Z' } },
];
