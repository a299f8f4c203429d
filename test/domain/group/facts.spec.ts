import { describe, expect, it } from 'vitest';
import { groupDecider, groupFacts, groupFactsNeeded, initialState } from '../../../domain/group/index.js';
import { fold } from '../../../domain/kernel/index.js';
import {
  addMember,
  assignGroupManager,
  managerAssigned,
  memberAdded,
  registered,
  registerGroup,
  removeMember,
  setExecutiveSponsor,
  sponsorSet,
} from './builders.js';

describe('groupFactsNeeded', () => {
  it('loads a new member’s account and the group it is in now', () => {
    expect(groupFactsNeeded(addMember('acc-7'))).toEqual({ accountId: 'acc-7', membershipOf: 'acc-7' });
  });

  it('loads nothing for the other commands: they read only the group’s own stream', () => {
    for (const command of [
      registerGroup(),
      removeMember(),
      assignGroupManager('mgr-1'),
      setExecutiveSponsor('exec-1'),
    ]) {
      expect(groupFactsNeeded(command)).toEqual({});
    }
  });
});

describe('groupFacts', () => {
  it('tells another aggregate the members, the lead manager and the sponsor of a group', () => {
    const state = fold(groupDecider, [
      registered(),
      memberAdded('acc-1'),
      memberAdded('acc-2'),
      managerAssigned('mgr-1'),
      sponsorSet('exec-1'),
    ]);
    expect(groupFacts(state, 'grp-1')).toEqual({
      groupId: 'grp-1',
      exists: true,
      members: ['acc-1', 'acc-2'],
      managerId: 'mgr-1',
      executiveSponsorId: 'exec-1',
    });
  });

  it('says a group never registered does not exist and has no member', () => {
    expect(groupFacts(initialState, 'grp-9')).toEqual({
      groupId: 'grp-9',
      exists: false,
      members: [],
      managerId: null,
      executiveSponsorId: null,
    });
  });
});
