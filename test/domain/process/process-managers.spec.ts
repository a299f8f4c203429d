import { describe, expect, it } from 'vitest';
import { domainError } from '../../../domain/kernel/index.js';
import { evaluatedAlready, onAccountLost, onMonthEnd, onShortage } from '../../../domain/process/index.js';

const AT = '2026-06-30T16:00:00.000Z';

describe('account lost', () => {
  const trigger = {
    eventId: 'e-lost-1',
    event: {
      type: 'AccountLost' as const,
      data: { accountId: 'a1', reason: 'moved to a competitor', at: AT },
    },
  };

  it('terminates every agreement and closes every commitment of the account', () => {
    const commands = onAccountLost(trigger, { agreementIds: ['g1', 'g2'], commitmentIds: ['s1'] });
    expect(commands.map((c) => [c.aggregate, c.aggregateId, c.command.type])).toEqual([
      ['agreement', 'g1', 'TerminateAgreement'],
      ['agreement', 'g2', 'TerminateAgreement'],
      ['supply', 's1', 'CloseCommitment'],
    ]);
    expect(commands[0]?.command.data).toEqual({ reason: 'Account a1 lost: moved to a competitor', at: AT });
  });

  it('derives each command id from the triggering event, the same on every delivery', () => {
    const streams = { agreementIds: ['g1'], commitmentIds: ['s1'] };
    const first = onAccountLost(trigger, streams).map((c) => c.commandId);
    expect(onAccountLost(trigger, streams).map((c) => c.commandId)).toEqual(first);
    expect(new Set(first).size).toBe(2);
    expect(first.every((id) => id.startsWith('e-lost-1:'))).toBe(true);
    expect(onAccountLost({ ...trigger, eventId: 'e-other' }, streams).map((c) => c.commandId)).not.toEqual(
      first,
    );
  });

  it('sends nothing for an account without agreements or commitments', () => {
    expect(onAccountLost(trigger, { agreementIds: [], commitmentIds: [] })).toEqual([]);
  });
});

describe('shortage allocation', () => {
  it('fills A first, then shares what is left with B pro rata, C last', () => {
    const commands = onShortage({ shortageId: 'short-1', sku: 'SKU-1', available: 150, at: AT }, [
      { commitmentId: 'c-a', tier: 'A', requested: 100 },
      { commitmentId: 'b-1', tier: 'B', requested: 60 },
      { commitmentId: 'b-2', tier: 'B', requested: 40 },
      { commitmentId: 'c-c', tier: 'C', requested: 50 },
    ]);
    expect(commands.map((c) => [c.aggregateId, c.command.data['allocated']])).toEqual([
      ['c-a', 100],
      ['b-1', 30],
      ['b-2', 20],
      ['c-c', 0],
    ]);
    expect(commands[0]).toMatchObject({
      commandId: 'short-1:allocate:c-a',
      aggregate: 'supply',
      command: {
        type: 'AllocateUnderShortage',
        data: { shortageId: 'short-1', requested: 100, rule: 'TIER_PRIORITY_V1', at: AT },
      },
    });
  });
});

describe('shortage allocation by need (#9)', () => {
  // 1 000 units short. The A account holds months of stock: it needs nothing until the next
  // resupply, however much remains committed; B needs 800 in all, C 620.
  const trigger = { shortageId: 'short-2', sku: 'SKU-1', available: 1000, at: AT };
  const candidates = [
    { commitmentId: 'a', tier: 'A' as const, requested: 0 },
    { commitmentId: 'b-1', tier: 'B' as const, requested: 600 },
    { commitmentId: 'b-2', tier: 'B' as const, requested: 200 },
    { commitmentId: 'c', tier: 'C' as const, requested: 620 },
  ];

  it('gives an account with no need nothing, not even an allocation of 0', () => {
    const commands = onShortage(trigger, candidates);
    expect(commands.map((c) => c.aggregateId)).not.toContain('a');
  });

  it('fills B in full and gives C what is left', () => {
    const commands = onShortage(trigger, candidates);
    expect(
      commands.map((c) => [c.aggregateId, c.command.data['requested'], c.command.data['allocated']]),
    ).toEqual([
      ['b-1', 600, 600],
      ['b-2', 200, 200],
      ['c', 620, 200],
    ]);
  });
});

describe('month end', () => {
  it('evaluates every account for the closed month with one id per month and account', () => {
    const commands = onMonthEnd({ period: '2026-05', at: AT }, ['a1', 'a2']);
    expect(commands).toEqual([
      {
        commandId: 'month-end:2026-05:a1',
        aggregate: 'account',
        aggregateId: 'a1',
        command: { type: 'EvaluateTier', data: { asOfPeriod: '2026-05', at: AT } },
      },
      {
        commandId: 'month-end:2026-05:a2',
        aggregate: 'account',
        aggregateId: 'a2',
        command: { type: 'EvaluateTier', data: { asOfPeriod: '2026-05', at: AT } },
      },
    ]);
  });

  it('counts a refusal of the very month as done (a rerun), not one of an older month', () => {
    const trigger = { period: '2026-05', at: AT };
    const refusal = (lastEvaluatedPeriod: string) =>
      domainError('PERIOD_ALREADY_EVALUATED', 'evaluated', { asOfPeriod: '2026-05', lastEvaluatedPeriod });
    expect(evaluatedAlready(trigger, refusal('2026-05'))).toBe(true);
    expect(evaluatedAlready(trigger, refusal('2026-06'))).toBe(false);
    expect(evaluatedAlready(trigger, domainError('ACCOUNT_LOST', 'lost', {}))).toBe(false);
  });
});
