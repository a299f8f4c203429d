import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { GroupCommand, GroupEvent, RegisterGroup, RemoveMember } from '../../../domain/group/index.js';
import { describeErrors } from '../../../domain/kernel/index.js';
import {
  addMember,
  assignGroupManager,
  managerAssigned,
  memberAdded,
  memberRemoved,
  registered,
  registerGroup,
  removeMember,
  setExecutiveSponsor,
  sponsorSet,
} from './builders.js';

const pathsOf = (codec: t.Decoder<unknown, unknown>, value: unknown): readonly string[] => {
  const result = codec.decode(value);
  return E.isLeft(result) ? describeErrors(result.left).map((error) => error.path) : [];
};

describe('group codecs', () => {
  it('accept every command and event the specs build', () => {
    for (const command of [
      registerGroup(),
      addMember(),
      removeMember(),
      assignGroupManager('mgr-1'),
      setExecutiveSponsor('exec-1'),
    ]) {
      expect(GroupCommand.decode(command)).toEqual(E.right(command));
    }
    for (const event of [
      registered(),
      memberAdded(),
      memberRemoved(),
      managerAssigned('mgr-2', 'mgr-1'),
      sponsorSet('exec-1'),
    ]) {
      expect(GroupEvent.decode(event)).toEqual(E.right(event));
    }
  });

  it('reject an industry outside the 9 codes, a blank name and an unknown field, naming each', () => {
    const bad = {
      ...registerGroup(),
      data: { ...registerGroup().data, industry: 'BANKING', name: ' ', hq: 'x' },
    };
    expect(pathsOf(RegisterGroup, bad)).toEqual(
      expect.arrayContaining(['data.industry', 'data.name', 'data.hq']),
    );
  });

  it('reject a removal without a reason', () => {
    const { reason: _reason, ...data } = removeMember().data;
    expect(pathsOf(RemoveMember, { type: 'RemoveMember', data })).toEqual(['data.reason']);
  });
});
