import { describe, expect, it } from 'vitest';
import {
  accountDecider,
  accountFacts,
  accountFactsNeeded,
  effectiveTier,
  type RegisteredAccount,
} from '../../../domain/account/index.js';
import { fold } from '../../../domain/kernel/index.js';
import { ACCOUNT, activeAccount, commands, events, MANAGER, yuan } from './builders.js';

describe('account facts', () => {
  it('describe an account that does not exist as tier NONE', () => {
    expect(accountFacts(accountDecider.initialState, 'ghost', '2026-03-05T00:00:00.000Z')).toEqual({
      accountId: 'ghost',
      exists: false,
      tier: 'NONE',
    });
  });

  it('leave out the manager of an account without one', () => {
    expect(
      accountFacts(fold(accountDecider, [events.registered()]), ACCOUNT, '2026-03-05T00:00:00.000Z'),
    ).toEqual({
      accountId: ACCOUNT,
      exists: true,
      status: 'PROSPECT',
      tier: 'NONE',
      industry: 'LOGISTICS',
    });
  });

  it('give the status, manager, industry and evaluated tier', () => {
    const state = fold(accountDecider, [
      ...activeAccount(),
      events.promoted('NONE', 'B', '2026-01', yuan(1_000_000)),
    ]);
    expect(accountFacts(state, ACCOUNT, '2026-03-05T00:00:00.000Z')).toEqual({
      accountId: ACCOUNT,
      exists: true,
      status: 'ACTIVE',
      tier: 'B',
      industry: 'LOGISTICS',
      managerId: MANAGER,
    });
  });

  it('give the override’s tier through its last day, the evaluated tier after it', () => {
    const state = fold(accountDecider, [
      ...activeAccount(),
      events.promoted('NONE', 'C', '2026-01', yuan(200_000)),
      events.overridden('A', '2026-06-30'),
    ]);
    expect(accountFacts(state, ACCOUNT, '2026-06-30T23:59:59.999Z').tier).toBe('A');
    expect(accountFacts(state, ACCOUNT, '2026-07-01T00:00:00.000Z').tier).toBe('C');
    expect(effectiveTier(state as RegisteredAccount, '2026-07-01')).toBe('C');
  });

  it('fall back to the evaluated tier once the override has expired', () => {
    const state = fold(accountDecider, [
      ...activeAccount(),
      events.overridden('A', '2026-06-30'),
      events.overrideExpired('A', '2026-06-30', '2026-07-01T00:05:00.000Z'),
    ]);
    expect(accountFacts(state, ACCOUNT, '2026-04-01T00:00:00.000Z').tier).toBe('NONE');
  });
});

describe('what an account decision needs of other streams', () => {
  const evaluate = commands.evaluateTier('2026-02');

  it("asks for the account's group and its members' revenue only for a tier evaluation", () => {
    const state = fold(accountDecider, activeAccount());
    expect(accountFactsNeeded(evaluate, state)).toEqual({ groupOf: ACCOUNT });
    expect(accountFactsNeeded(commands.recordRevenue('2026-02', yuan(1)), state)).toEqual({});
  });

  it('asks for nothing for an account that does not exist or is LOST (the evaluation is refused)', () => {
    expect(accountFactsNeeded(evaluate, accountDecider.initialState)).toEqual({});
    expect(accountFactsNeeded(evaluate, fold(accountDecider, [...activeAccount(), events.lost()]))).toEqual(
      {},
    );
  });
});
