import { describe, expect, it } from 'vitest';
import {
  AccountCommand,
  AccountEvent,
  accountCommands,
  accountDecider,
  accountEvents,
  ACCOUNT_ERROR_CODES,
} from '../../../domain/account/index.js';
import { fold } from '../../../domain/kernel/index.js';
import { ACCOUNT, activeAccount, AT, events, MANAGER, OTHER_MANAGER, yuan } from './builders.js';

describe('state', () => {
  it('folds a history into plain JSON data', () => {
    const state = fold(accountDecider, [
      ...activeAccount(),
      events.managerAssigned(OTHER_MANAGER, MANAGER),
      events.managerAssigned(MANAGER, OTHER_MANAGER),
      events.revenueRecorded('2026-01', 500),
      events.revenueCorrected('2026-01', 100, 600),
      events.promoted('NONE', 'C', '2026-01', yuan(200_000)),
      events.tierEvaluated('2026-02', yuan(100_000), 'C', 1, 'BELOW_DEMOTION_THRESHOLD', AT, {
        qualifiedTier: 'NONE',
      }),
      events.overridden('B', '2026-06-30'),
      events.requestOpened(),
      events.requestOpened({ requestId: 'sr-2', kind: 'DEDICATED_LINE', size: 'LARGE' }),
      {
        type: 'ServiceRequestResolved',
        data: {
          accountId: ACCOUNT,
          requestId: 'sr-1',
          kind: 'SIM_REPLACEMENT',
          size: 'SMALL',
          slaDueAt: '2026-03-07T09:00:00.000Z',
          slaMet: true,
          at: '2026-03-06T09:00:00.000Z',
        },
      },
      {
        type: 'FeedbackRecorded',
        data: {
          accountId: ACCOUNT,
          score: 5,
          aboutManagerId: MANAGER,
          comment: '',
          at: '2026-03-06T09:00:00.000Z',
        },
      },
      events.flaggedAtRisk(),
    ]);
    expect(state).toEqual({
      exists: true,
      accountId: ACCOUNT,
      name: 'Acme Logistics',
      industry: 'LOGISTICS',
      region: 'East',
      status: 'AT_RISK',
      managerId: MANAGER,
      managerHistory: [MANAGER, OTHER_MANAGER],
      revenue: { '2026-01': { amount: 600, currency: 'CNY' } },
      tier: 'C',
      override: { tier: 'B', expiresOn: '2026-06-30', reason: 'strategic account', approvedBy: 'dir-zhao' },
      belowFloorStreak: 1,
      lastEvaluatedPeriod: '2026-02',
      openRequests: {
        'sr-2': {
          kind: 'DEDICATED_LINE',
          size: 'LARGE',
          openedAt: '2026-03-05T09:00:00.000Z',
          slaDueAt: '2026-03-07T09:00:00.000Z',
        },
      },
      contacts: {},
      visits: {},
      actions: {},
      plans: {},
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('resets the below-floor streak on a tier change', () => {
    const state = fold(accountDecider, [
      events.registered(),
      events.tierEvaluated('2026-01', 0, 'C', 1, 'BELOW_DEMOTION_THRESHOLD', AT, { qualifiedTier: 'NONE' }),
      events.demoted('C', 'NONE', '2026-02', 0),
    ]);
    expect(state).toMatchObject({ tier: 'NONE', belowFloorStreak: 0, lastEvaluatedPeriod: '2026-02' });
  });

  it('folds a TierEvaluated of the old shape (written only when the streak moved) as the new one', () => {
    const legacy = fold(accountDecider, [
      events.registered(),
      events.promoted('NONE', 'C', '2025-12', yuan(200_000)),
      events.legacyTierEvaluated('2026-01', 0, 'NONE', 1),
    ]);
    const current = fold(accountDecider, [
      events.registered(),
      events.promoted('NONE', 'C', '2025-12', yuan(200_000)),
      events.tierEvaluated('2026-01', 0, 'C', 1, 'BELOW_DEMOTION_THRESHOLD', AT, { qualifiedTier: 'NONE' }),
    ]);
    expect(legacy).toMatchObject({ tier: 'C', belowFloorStreak: 1, lastEvaluatedPeriod: '2026-01' });
    expect(legacy).toEqual(current);
  });

  it('ignores events before registration and a duplicate registration', () => {
    expect(fold(accountDecider, [events.lost()])).toEqual({ exists: false });
    const registered = fold(accountDecider, [events.registered(), events.lost()]);
    expect(accountDecider.evolve(registered, events.registered({ name: 'Other' }))).toBe(registered);
  });
});

describe('registry', () => {
  const memberNames = (codec: { types: readonly { name: string }[] }) =>
    codec.types.map((member) => member.name);

  it('describes every command once, with RegisterAccount the only creating one', () => {
    expect(accountCommands.map((c) => c.type)).toEqual(memberNames(AccountCommand));
    expect(accountCommands.filter((c) => c.creates).map((c) => c.type)).toEqual(['RegisterAccount']);
    expect(new Set(accountCommands.map((c) => c.aggregate))).toEqual(new Set(['account']));
  });

  it('describes every event once at schema version 1', () => {
    expect(accountEvents.map((e) => e.type)).toEqual(memberNames(AccountEvent));
    expect(new Set(accountEvents.map((e) => e.schemaVersion))).toEqual(new Set([1]));
  });

  it('uses the data codec of each message', () => {
    const event = events.revenueRecorded('2026-02', 1);
    const definition = accountEvents.find((e) => e.type === event.type)!;
    expect(definition.data.is(event.data)).toBe(true);
    expect(definition.data.is({ ...event.data, period: 'nope' })).toBe(false);
  });

  it('lists distinct SCREAMING_SNAKE_CASE error codes', () => {
    expect(new Set(ACCOUNT_ERROR_CODES).size).toBe(ACCOUNT_ERROR_CODES.length);
    for (const code of ACCOUNT_ERROR_CODES) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});
