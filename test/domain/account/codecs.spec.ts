import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  AccountCommand,
  AccountEvent,
  AccountManagerAssigned,
  AccountReactivated,
  AssignAccountManager,
  CorrectRevenue,
  EvaluateTier,
  groupBasisOf,
  MarkLost,
  OpenServiceRequest,
  OverrideTier,
  Reactivate,
  RecordFeedback,
  RecordRevenue,
  RegisterAccount,
  TierChanged,
  TierEvaluated,
} from '../../../domain/account/index.js';
import { describeErrors, type FieldError } from '../../../domain/kernel/index.js';
import { AT, cny, commands, events, yuan } from './builders.js';

const errorsOf = (codec: t.Decoder<unknown, unknown>, value: unknown): readonly FieldError[] => {
  const result = codec.decode(value);
  return E.isLeft(result) ? describeErrors(result.left) : [];
};
const pathsOf = (codec: t.Decoder<unknown, unknown>, value: unknown): readonly string[] =>
  errorsOf(codec, value).map((error) => error.path);
/** A command message with some data fields replaced (undefined removes the field). */
const withData = (command: AccountCommand, data: Record<string, unknown>) => {
  const merged: Record<string, unknown> = { ...command.data, ...data };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return { type: command.type, data: merged };
};

describe('command codecs', () => {
  it('accept every command the specs build', () => {
    const all = [
      commands.register(),
      commands.assignManager('mgr-li'),
      commands.recordRevenue('2026-02', 100),
      commands.correctRevenue('2026-02', -100),
      commands.evaluateTier('2026-02'),
      commands.overrideTier(),
      commands.openRequest(),
      commands.resolveRequest('sr-1', AT),
      commands.recordFeedback('mgr-li'),
      commands.flagAtRisk(),
      commands.markLost('rival'),
      commands.markLost(),
      commands.reactivate(),
    ];
    for (const command of all) expect(AccountCommand.decode(command)).toEqual(E.right(command));
  });

  it('normalise `at` to UTC with milliseconds', () => {
    const decoded = RecordRevenue.decode(
      withData(commands.recordRevenue('2026-02', 1), { at: '2026-03-05T17:00+08:00' }),
    );
    expect(decoded).toMatchObject({ right: { data: { at: '2026-03-05T09:00:00.000Z' } } });
  });

  it('reject an unknown industry and report every bad field of a registration', () => {
    const errors = errorsOf(
      RegisterAccount,
      withData(commands.register(), {
        industry: 'MINING',
        name: '',
        accountId: 'has space',
        region: undefined,
      }),
    );
    expect(errors).toEqual([
      { path: 'data.accountId', message: expect.stringContaining('letters, digits') },
      { path: 'data.name', message: expect.stringContaining('non-empty') },
      { path: 'data.industry', message: expect.stringContaining('TECHNOLOGY') },
      { path: 'data.region', message: 'is required' },
    ]);
  });

  it('accept each of the 9 industries', () => {
    for (const industry of [
      'TECHNOLOGY',
      'FINANCE',
      'MANUFACTURING',
      'RETAIL',
      'LOGISTICS',
      'ENERGY',
      'HEALTHCARE',
      'GOVERNMENT',
      'EDUCATION',
    ]) {
      expect(pathsOf(RegisterAccount, withData(commands.register(), { industry }))).toEqual([]);
    }
  });

  it('reject an unknown field instead of ignoring it', () => {
    expect(errorsOf(RegisterAccount, withData(commands.register(), { tier: 'A' }))).toEqual([
      { path: 'data.tier', message: 'is not a known field' },
    ]);
    expect(pathsOf(RegisterAccount, { ...commands.register(), extra: 1 })).toEqual(['extra']);
  });

  it('reject a timestamp without a zone and a date that does not exist', () => {
    expect(
      pathsOf(
        AssignAccountManager,
        withData(commands.assignManager('m'), { at: '2026-03-05T09:00:00', effectiveFrom: '2026-02-30' }),
      ),
    ).toEqual(['data.effectiveFrom', 'data.at']);
  });

  it('reject negative money, a float amount, a bad currency and a malformed period', () => {
    const revenue = commands.recordRevenue('2026-02', 1);
    expect(pathsOf(RecordRevenue, withData(revenue, { amount: { amount: -1, currency: 'CNY' } }))).toEqual([
      'data.amount.amount',
    ]);
    expect(errorsOf(RecordRevenue, withData(revenue, { amount: { amount: 10.5, currency: 'CNY' } }))).toEqual(
      [{ path: 'data.amount.amount', message: 'must be an integer' }],
    );
    expect(pathsOf(RecordRevenue, withData(revenue, { amount: { amount: 1, currency: 'cny' } }))).toEqual([
      'data.amount.currency',
    ]);
    for (const period of ['2026-3', '2026-13', '2026-00', '2026-03-01', 202603]) {
      expect(pathsOf(RecordRevenue, withData(revenue, { period }))).toEqual(['data.period']);
    }
    expect(pathsOf(RecordRevenue, withData(revenue, { sourceRef: '   ' }))).toEqual(['data.sourceRef']);
  });

  it('accept a negative correction but not a float one or one without a reason', () => {
    const correction = commands.correctRevenue('2026-02', -500);
    expect(pathsOf(CorrectRevenue, correction)).toEqual([]);
    expect(
      pathsOf(CorrectRevenue, withData(correction, { delta: { amount: -0.5, currency: 'CNY' }, reason: '' })),
    ).toEqual(['data.delta.amount', 'data.reason']);
  });

  it('reject a malformed evaluation period', () => {
    expect(
      pathsOf(EvaluateTier, withData(commands.evaluateTier('2026-02'), { asOfPeriod: '26-02' })),
    ).toEqual(['data.asOfPeriod']);
  });

  it('reject an override without a reason, of an unknown tier, expiring on no real day', () => {
    expect(
      pathsOf(
        OverrideTier,
        withData(commands.overrideTier(), { reason: ' ', tier: 'S', expiresOn: '2026-06-31' }),
      ),
    ).toEqual(['data.tier', 'data.reason', 'data.expiresOn']);
    expect(pathsOf(OverrideTier, withData(commands.overrideTier(), { approvedBy: undefined }))).toEqual([
      'data.approvedBy',
    ]);
  });

  it('reject a request that names its own size, an unknown kind or channel', () => {
    expect(errorsOf(OpenServiceRequest, withData(commands.openRequest(), { size: 'SMALL' }))).toEqual([
      { path: 'data.size', message: 'is not a known field' },
    ]);
    expect(
      pathsOf(OpenServiceRequest, withData(commands.openRequest(), { kind: 'PIZZA', channel: 'EMAIL' })),
    ).toEqual(['data.kind', 'data.channel']);
  });

  it('reject a feedback score outside 1–5 or not an integer, accept an empty comment', () => {
    const feedback = commands.recordFeedback('mgr-li');
    expect(pathsOf(RecordFeedback, withData(feedback, { comment: '' }))).toEqual([]);
    for (const score of [0, 6, 4.5, '5']) {
      expect(pathsOf(RecordFeedback, withData(feedback, { score }))).toEqual(['data.score']);
    }
    expect(pathsOf(RecordFeedback, withData(feedback, { comment: 'x'.repeat(2001) }))).toEqual([
      'data.comment',
    ]);
  });

  it('take the competitor of a loss as optional but never blank', () => {
    expect(pathsOf(MarkLost, commands.markLost())).toEqual([]);
    expect(pathsOf(MarkLost, withData(commands.markLost(), { competitor: '' }))).toEqual(['data.competitor']);
  });

  it('reject a reactivation without an approver', () => {
    expect(errorsOf(Reactivate, withData(commands.reactivate(), { approvedBy: undefined }))).toEqual([
      { path: 'data.approvedBy', message: 'is required' },
    ]);
  });

  it('reject a command that is not an object', () => {
    expect(errorsOf(RecordRevenue, 'RecordRevenue')).toEqual([{ path: '', message: 'must be an object' }]);
  });
});

describe('event codecs', () => {
  it('accept every event the specs build', () => {
    const all = [
      events.registered(),
      events.managerAssigned('mgr-li'),
      events.managerAssigned('mgr-wang', 'mgr-li'),
      events.activated(),
      events.revenueRecorded('2026-02', 100),
      events.revenueCorrected('2026-02', -100, 0),
      events.promoted('NONE', 'C', '2026-02', 20_000_000),
      events.demoted('B', 'C', '2026-02', 20_000_000),
      events.tierEvaluated('2026-02', 0, 'NONE', 0, 'INSUFFICIENT_HISTORY'),
      events.legacyTierEvaluated('2026-02', 0, 'NONE', 1),
      events.overridden('A', '2026-06-30'),
      events.overrideExpired('A', '2026-06-30'),
      events.requestOpened(),
      events.flaggedAtRisk(),
      events.lost(),
    ];
    for (const event of all) expect(AccountEvent.decode(event)).toEqual(E.right(event));
  });

  it('take null as the previous manager of the first assignment, never a blank id', () => {
    const first = events.managerAssigned('mgr-li');
    expect(pathsOf(AccountManagerAssigned, first)).toEqual([]);
    // A union reports each alternative it tried (an Id, null), all at the same path.
    const paths = pathsOf(AccountManagerAssigned, { ...first, data: { ...first.data, previous: '' } });
    expect([...new Set(paths)]).toEqual(['data.previous']);
  });

  it('reject an unknown tier-change rule and a negative t12m, in either stored shape', () => {
    for (const changed of [
      events.promoted('NONE', 'C', '2026-02', 1),
      events.preGroupTierChanged('NONE', 'C', 'PROMOTION', '2026-02', 1),
    ]) {
      expect(
        pathsOf(TierChanged, {
          ...changed,
          data: { ...changed.data, rule: 'LUCK', t12m: { amount: -1, currency: 'CNY' } },
        }),
      ).toEqual(expect.arrayContaining(['data.t12m.amount', 'data.rule']));
    }
  });

  it('decode tier events of the shapes before groups, and name the group in the current ones', () => {
    const basis = { groupId: 'grp-bank', t12m: cny(yuan(900_000)) };
    const stored = [
      events.preGroupTierChanged('NONE', 'C', 'PROMOTION', '2026-02', 1),
      events.preGroupTierEvaluated('2026-02', 1, 'C', 0, 'PROMOTION'),
      events.legacyTierEvaluated('2026-02', 1, 'C', 0),
    ];
    for (const event of stored) {
      const decoded = event.type === 'TierChanged' ? TierChanged.decode(event) : TierEvaluated.decode(event);
      expect(decoded, event.type).toEqual(E.right(event));
      expect(groupBasisOf(event.data)).toBeNull();
    }
    const changed = events.promoted('NONE', 'A', '2026-02', 1, AT);
    const named = { ...changed, data: { ...changed.data, group: basis } };
    expect(TierChanged.decode(named)).toEqual(E.right(named));
    expect(groupBasisOf(named.data)).toEqual(basis);
    const evaluated = events.tierEvaluated('2026-02', 1, 'A', 0, 'PROMOTION', AT, { group: basis });
    expect(TierEvaluated.decode(evaluated)).toEqual(E.right(evaluated));
    // A group with a blank id or a negative T12M is refused, not read as the shape before groups.
    expect(
      E.isLeft(TierEvaluated.decode({ ...evaluated, data: { ...evaluated.data, group: { groupId: '' } } })),
    ).toBe(true);
  });

  it('reject a negative streak and an unknown evaluation rule, in either stored shape', () => {
    const evaluated = events.tierEvaluated('2026-02', 0, 'NONE', 1, 'BELOW_DEMOTION_THRESHOLD');
    expect(E.isLeft(TierEvaluated.decode({ ...evaluated, data: { ...evaluated.data, streak: -1 } }))).toBe(
      true,
    );
    expect(E.isLeft(TierEvaluated.decode({ ...evaluated, data: { ...evaluated.data, rule: 'LUCK' } }))).toBe(
      true,
    );
    const legacy = events.legacyTierEvaluated('2026-02', 0, 'NONE', 1);
    expect(
      E.isLeft(TierEvaluated.decode({ ...legacy, data: { ...legacy.data, belowFloorStreak: -1 } })),
    ).toBe(true);
  });

  it('decode a TierEvaluated of the old shape, stored before every evaluation was recorded', () => {
    const legacy = {
      type: 'TierEvaluated',
      data: {
        accountId: 'acme',
        asOfPeriod: '2026-01',
        t12m: { amount: 84_000_000, currency: 'CNY' },
        qualifiedTier: 'C',
        belowFloorStreak: 1,
        policyVersion: 'v1',
        at: '2026-02-01T00:10:00.000Z',
      },
    };
    expect(AccountEvent.decode(legacy)).toEqual(E.right(legacy));
    // Neither shape takes a mix of the two.
    expect(E.isLeft(TierEvaluated.decode({ ...legacy, data: { ...legacy.data, streak: 1 } }))).toBe(true);
  });

  it('reactivate only to ACTIVE or PROSPECT', () => {
    const event = {
      type: 'AccountReactivated',
      data: { accountId: 'a', approvedBy: 'd', status: 'LOST', at: AT },
    };
    expect(pathsOf(AccountReactivated, event)).toEqual(['data.status']);
  });
});
