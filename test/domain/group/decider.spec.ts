import { describe, expect, it } from 'vitest';
import {
  GROUP_ERROR_CODES,
  groupCommands,
  groupDecider,
  groupEvents,
  type RegisteredGroup,
} from '../../../domain/group/index.js';
import { fold, POLICY_V1 } from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import {
  accountFacts,
  addMember,
  assignGroupManager,
  GROUP_ID,
  managerAssigned,
  memberAdded,
  memberRemoved,
  membershipFacts,
  registered,
  registerGroup,
  removeMember,
  setExecutiveSponsor,
  sponsorSet,
} from './builders.js';

const spec = deciderSpecification(groupDecider, {
  policy: POLICY_V1,
  account: accountFacts(),
  membership: membershipFacts(),
});

const stateAfter = (events: Parameters<typeof groupDecider.evolve>[1][]): RegisteredGroup => {
  const state = fold(groupDecider, events);
  if (!state.exists) throw new Error('no group');
  return state;
};

describe('RegisterGroup', () => {
  it('registers a group with its industry and headquarters region', () => {
    spec().when(registerGroup()).then([registered()]);
  });

  it('rejects registering a group that exists already', () => {
    const error = spec([registered()]).when(registerGroup()).rejects('ALREADY_EXISTS');
    expect(error.facts).toEqual({ kind: 'group', id: GROUP_ID });
  });
});

describe('every other command', () => {
  it('is NOT_FOUND on a group never registered', () => {
    spec().when(addMember()).rejects('NOT_FOUND');
    spec().when(removeMember()).rejects('NOT_FOUND');
    spec().when(assignGroupManager('mgr-1')).rejects('NOT_FOUND');
    const error = spec().when(setExecutiveSponsor('exec-1')).rejects('NOT_FOUND');
    expect(error.facts).toEqual({ kind: 'group', id: null });
  });
});

describe('AddMember', () => {
  it('adds an account that is in no group', () => {
    spec([registered()]).when(addMember()).then([memberAdded()]);
  });

  it('adds accounts of any region and status but LOST: a prospect or one at risk too', () => {
    spec([registered()])
      .when(addMember(), { account: accountFacts({ status: 'PROSPECT' }) })
      .then([memberAdded()]);
    spec([registered()])
      .when(addMember(), { account: accountFacts({ status: 'AT_RISK' }) })
      .then([memberAdded()]);
  });

  it('rejects an account that does not exist', () => {
    const error = spec([registered()])
      .when(addMember(), { account: accountFacts({ exists: false }) })
      .rejects('UNKNOWN_ACCOUNT');
    expect(error.facts).toEqual({ accountId: 'acc-1' });
  });

  it('rejects when the facts loaded are of another account than the one named', () => {
    spec([registered()]).when(addMember('acc-2')).rejects('UNKNOWN_ACCOUNT');
  });

  it('rejects a LOST account', () => {
    spec([registered()])
      .when(addMember(), { account: accountFacts({ status: 'LOST' }) })
      .rejects('ACCOUNT_LOST');
  });

  it('rejects an account that is a member already', () => {
    spec([registered(), memberAdded()])
      .when(addMember(), { membership: membershipFacts({ groupId: GROUP_ID }) })
      .rejects('ALREADY_A_MEMBER');
  });

  it('rejects an account that is a member of another group: an account is in at most one group', () => {
    const error = spec([registered()])
      .when(addMember(), { membership: membershipFacts({ groupId: 'grp-2' }) })
      .rejects('MEMBER_OF_ANOTHER_GROUP');
    expect(error.facts).toEqual({ groupId: GROUP_ID, accountId: 'acc-1', memberOf: 'grp-2' });
  });

  it('rejects when the membership loaded is of another account: its group is not known', () => {
    const error = spec([registered()])
      .when(addMember(), { membership: membershipFacts({ accountId: 'acc-2' }) })
      .rejects('MEMBER_OF_ANOTHER_GROUP');
    expect(error.facts['memberOf']).toBeNull();
  });

  it('adds back an account that left', () => {
    spec([registered(), memberAdded(), memberRemoved()]).when(addMember()).then([memberAdded()]);
  });
});

describe('RemoveMember', () => {
  it('removes a member with the reason', () => {
    spec([registered(), memberAdded()]).when(removeMember()).then([memberRemoved()]);
  });

  it('removes a member whatever its account has become (no account facts are read)', () => {
    spec([registered(), memberAdded()])
      .when(removeMember(), { account: accountFacts({ exists: false }) })
      .then([memberRemoved()]);
  });

  it('rejects an account that is not a member', () => {
    spec([registered()]).when(removeMember()).rejects('NOT_A_MEMBER');
    spec([registered(), memberAdded(), memberRemoved()]).when(removeMember()).rejects('NOT_A_MEMBER');
  });
});

describe('AssignGroupManager', () => {
  it('assigns the first lead manager with no previous one', () => {
    spec([registered()])
      .when(assignGroupManager('mgr-1'))
      .then([managerAssigned('mgr-1')]);
  });

  it('replaces the lead manager, naming the previous one', () => {
    spec([registered(), managerAssigned('mgr-1')])
      .when(assignGroupManager('mgr-2'))
      .then([managerAssigned('mgr-2', 'mgr-1')]);
  });

  it('rejects the manager who leads the group already', () => {
    spec([registered(), managerAssigned('mgr-1')])
      .when(assignGroupManager('mgr-1'))
      .rejects('GROUP_MANAGER_ALREADY_ASSIGNED');
  });
});

describe('SetExecutiveSponsor', () => {
  it('sets the first sponsor with no previous one', () => {
    spec([registered()])
      .when(setExecutiveSponsor('exec-1'))
      .then([sponsorSet('exec-1')]);
  });

  it('replaces the sponsor, naming the previous one', () => {
    spec([registered(), sponsorSet('exec-1')])
      .when(setExecutiveSponsor('exec-2'))
      .then([sponsorSet('exec-2', 'exec-1')]);
  });

  it('rejects the executive who sponsors the group already', () => {
    spec([registered(), sponsorSet('exec-1')])
      .when(setExecutiveSponsor('exec-1'))
      .rejects('EXECUTIVE_SPONSOR_ALREADY_SET');
  });
});

describe('evolve', () => {
  it('keeps the members in the order they joined, the lead manager and the sponsor', () => {
    const state = stateAfter([
      registered(),
      memberAdded('acc-1'),
      memberAdded('acc-2'),
      memberAdded('acc-3'),
      memberRemoved('acc-2'),
      managerAssigned('mgr-1'),
      sponsorSet('exec-1'),
    ]);
    expect(state).toEqual({
      exists: true,
      groupId: GROUP_ID,
      name: 'Bank of the East',
      industry: 'FINANCE',
      headquartersRegion: 'Shanghai',
      members: ['acc-1', 'acc-3'],
      managerId: 'mgr-1',
      executiveSponsorId: 'exec-1',
    });
  });

  it('ignores events before the group was registered', () => {
    expect(fold(groupDecider, [memberAdded()])).toEqual({ exists: false });
  });
});

describe('registry', () => {
  it('lists each command and event once, RegisterGroup as the one that creates the group', () => {
    expect(groupCommands.map((c) => c.type)).toEqual([
      'RegisterGroup',
      'AddMember',
      'RemoveMember',
      'AssignGroupManager',
      'SetExecutiveSponsor',
    ]);
    expect(groupCommands.filter((c) => c.creates).map((c) => c.type)).toEqual(['RegisterGroup']);
    expect(groupEvents.map((e) => e.type)).toEqual([
      'GroupRegistered',
      'GroupMemberAdded',
      'GroupMemberRemoved',
      'GroupManagerAssigned',
      'ExecutiveSponsorSet',
    ]);
    expect(new Set([...groupCommands, ...groupEvents].map((d) => d.aggregate))).toEqual(new Set(['group']));
  });

  it('has one stable code per rejection', () => {
    expect(new Set(GROUP_ERROR_CODES).size).toBe(GROUP_ERROR_CODES.length);
  });
});
