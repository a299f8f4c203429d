import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { accountDecider, type AccountCommand, type AccountEvent } from '../../../domain/account/index.js';
import { fold, POLICY_V1, type Tier } from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import {
  ACCOUNT,
  activeAccount,
  AT,
  commands,
  events,
  MANAGER,
  monthsOfRevenue,
  OTHER_MANAGER,
  yuan,
} from './builders.js';

const spec = deciderSpecification(accountDecider, { policy: POLICY_V1, group: null });
const stateAfter = (history: readonly AccountEvent[]) => fold(accountDecider, history);
/** The events of an accepted decision, for tests that go on from them. */
const accepted = (then: {
  result: () => E.Either<unknown, readonly AccountEvent[]>;
}): readonly AccountEvent[] => {
  const result = then.result();
  if (E.isLeft(result)) throw new Error(`expected events, got ${JSON.stringify(result.left)}`);
  return result.right;
};

describe('registration', () => {
  it('registers an account as a PROSPECT of tier NONE', () => {
    spec().when(commands.register()).then([events.registered()]);
    expect(stateAfter([events.registered()])).toMatchObject({
      exists: true,
      accountId: ACCOUNT,
      status: 'PROSPECT',
      tier: 'NONE',
      managerId: null,
    });
  });

  it('rejects registering an account that exists', () => {
    const error = spec([events.registered()]).when(commands.register()).rejects('ALREADY_EXISTS');
    expect(error.facts).toEqual({ kind: 'account', id: ACCOUNT });
  });

  it.each<[string, AccountCommand]>([
    ['AssignAccountManager', commands.assignManager(MANAGER)],
    ['RecordRevenue', commands.recordRevenue('2026-02', 1)],
    ['CorrectRevenue', commands.correctRevenue('2026-02', 1)],
    ['EvaluateTier', commands.evaluateTier('2026-02')],
    ['OverrideTier', commands.overrideTier()],
    ['OpenServiceRequest', commands.openRequest()],
    ['ResolveServiceRequest', commands.resolveRequest('sr-1', AT)],
    ['RecordFeedback', commands.recordFeedback(MANAGER)],
    ['FlagAtRisk', commands.flagAtRisk()],
    ['MarkLost', commands.markLost()],
    ['Reactivate', commands.reactivate()],
    ['AddContact', commands.addContact()],
    ['RemoveContact', commands.removeContact()],
    ['LogVisit', commands.logVisit()],
    ['CompleteAction', commands.completeAction()],
    ['SetAccountPlan', commands.setPlan()],
  ])('rejects %s on an account that does not exist', (_name, command) => {
    spec().when(command).rejects('NOT_FOUND');
  });
});

describe('account manager', () => {
  it('activates a prospect on its first manager', () => {
    spec([events.registered()])
      .when(commands.assignManager(MANAGER))
      .then([events.managerAssigned(MANAGER), events.activated()]);
  });

  it('replaces the manager without activating again, naming the previous one', () => {
    spec(activeAccount())
      .when(commands.assignManager(OTHER_MANAGER))
      .then([events.managerAssigned(OTHER_MANAGER, MANAGER)]);
  });

  it('keeps an AT_RISK account at risk when its manager changes', () => {
    const history = [...activeAccount(), events.flaggedAtRisk()];
    const assigned = spec(history)
      .when(commands.assignManager(OTHER_MANAGER))
      .then([events.managerAssigned(OTHER_MANAGER, MANAGER)]);
    expect(stateAfter([...history, ...assigned])).toMatchObject({
      status: 'AT_RISK',
      managerId: OTHER_MANAGER,
    });
  });

  it('rejects assigning the manager already assigned', () => {
    spec(activeAccount()).when(commands.assignManager(MANAGER)).rejects('MANAGER_ALREADY_ASSIGNED');
  });

  it('rejects a manager for a lost account', () => {
    spec([events.registered(), events.lost()]).when(commands.assignManager(MANAGER)).rejects('ACCOUNT_LOST');
  });
});

describe('revenue', () => {
  it('records the revenue of a closed month', () => {
    spec([events.registered()])
      .when(commands.recordRevenue('2026-02', yuan(80_000)))
      .then([events.revenueRecorded('2026-02', yuan(80_000))]);
  });

  it('records the revenue of the current month', () => {
    spec([events.registered()])
      .when(commands.recordRevenue('2026-03', 1))
      .then([events.revenueRecorded('2026-03', 1)]);
  });

  it('rejects revenue for a month that has not started', () => {
    const error = spec([events.registered()])
      .when(commands.recordRevenue('2026-04', 1))
      .rejects('REVENUE_PERIOD_IN_FUTURE');
    expect(error.facts).toMatchObject({ period: '2026-04', currentPeriod: '2026-03' });
  });

  it('rejects a second revenue record for a period', () => {
    const error = spec([events.registered(), events.revenueRecorded('2026-02', 500)])
      .when(commands.recordRevenue('2026-02', 700))
      .rejects('REVENUE_ALREADY_RECORDED');
    expect(error.facts).toMatchObject({ period: '2026-02', recordedAmount: 500 });
  });

  it('rejects a second record even after the period was corrected', () => {
    spec([
      events.registered(),
      events.revenueRecorded('2026-02', 500),
      events.revenueCorrected('2026-02', -500, 0),
    ])
      .when(commands.recordRevenue('2026-02', 700))
      .rejects('REVENUE_ALREADY_RECORDED');
  });

  it('rejects revenue in a currency other than the policy’s', () => {
    const error = spec([events.registered()])
      .when(commands.recordRevenue('2026-02', 500, 'USD'))
      .rejects('CURRENCY_MISMATCH');
    expect(error.facts).toMatchObject({ currency: 'USD', expected: 'CNY' });
  });

  it('still records revenue and corrections of a lost account', () => {
    const lost = [events.registered(), events.revenueRecorded('2026-01', 500), events.lost()];
    spec(lost)
      .when(commands.recordRevenue('2026-02', 300))
      .then([events.revenueRecorded('2026-02', 300)]);
    spec(lost)
      .when(commands.correctRevenue('2026-01', -100))
      .then([events.revenueCorrected('2026-01', -100, 400)]);
  });

  it('corrects a recorded period, stating the corrected amount', () => {
    spec([events.registered(), events.revenueRecorded('2026-02', 500)])
      .when(commands.correctRevenue('2026-02', 250))
      .then([events.revenueCorrected('2026-02', 250, 750)]);
  });

  it('corrects a period down to exactly zero', () => {
    spec([events.registered(), events.revenueRecorded('2026-02', 500)])
      .when(commands.correctRevenue('2026-02', -500))
      .then([events.revenueCorrected('2026-02', -500, 0)]);
  });

  it('rejects a correction that would make the period negative', () => {
    const error = spec([events.registered(), events.revenueRecorded('2026-02', 500)])
      .when(commands.correctRevenue('2026-02', -501))
      .rejects('REVENUE_WOULD_BE_NEGATIVE');
    expect(error.facts).toMatchObject({ recordedAmount: 500, delta: -501 });
  });

  it('applies corrections cumulatively', () => {
    spec([
      events.registered(),
      events.revenueRecorded('2026-02', 500),
      events.revenueCorrected('2026-02', -400, 100),
    ])
      .when(commands.correctRevenue('2026-02', -101))
      .rejects('REVENUE_WOULD_BE_NEGATIVE');
  });

  it('rejects a correction of a period with no revenue', () => {
    spec([events.registered()]).when(commands.correctRevenue('2026-02', 100)).rejects('REVENUE_NOT_RECORDED');
  });

  it('rejects a correction that changes nothing', () => {
    spec([events.registered(), events.revenueRecorded('2026-02', 500)])
      .when(commands.correctRevenue('2026-02', 0))
      .rejects('CORRECTION_IS_ZERO');
  });

  it('rejects a correction in another currency', () => {
    const error = spec([events.registered(), events.revenueRecorded('2026-02', 500)])
      .when(commands.correctRevenue('2026-02', 100, 'USD'))
      .rejects('CURRENCY_MISMATCH');
    expect(error.facts).toMatchObject({ accountId: ACCOUNT, left: 'CNY', right: 'USD' });
  });
});

describe('tier evaluation', () => {
  const registered = events.registered();
  type Rule = Parameters<typeof events.tierEvaluated>[4];
  /** An evaluation that kept the tier (and maybe counted the streak). */
  const held = (
    period: string,
    t12m: number,
    tier: Tier,
    streak: number,
    rule: Rule,
    qualifiedTier = tier,
    at = AT,
  ) => events.tierEvaluated(period, t12m, tier, streak, rule, at, { qualifiedTier });
  /** A promotion as recorded: the change, then the evaluation that decided it. */
  const promotedTo = (from: Tier, to: Tier, period: string, t12m: number, at = AT) => [
    events.promoted(from, to, period, t12m, at),
    events.tierEvaluated(period, t12m, to, 0, 'PROMOTION', at),
  ];
  const demotedTo = (from: Tier, to: Tier, period: string, t12m: number, at = AT) => [
    events.demoted(from, to, period, t12m, at),
    events.tierEvaluated(period, t12m, to, 0, 'DEMOTION_AFTER_HYSTERESIS', at),
  ];

  it('promotes at once when the annualised revenue of 3 months reaches a floor', () => {
    // 3 × ¥50,000 annualised = ¥600,000: tier C.
    spec([registered, ...monthsOfRevenue('2025-12', 3, yuan(50_000))])
      .when(commands.evaluateTier('2026-02'))
      .then(promotedTo('NONE', 'C', '2026-02', yuan(600_000)));
  });

  it('qualifies nothing with fewer than 3 months of history, however large, and says so', () => {
    spec([registered, ...monthsOfRevenue('2026-01', 2, yuan(5_000_000))])
      .when(commands.evaluateTier('2026-02'))
      .then([held('2026-02', yuan(10_000_000), 'NONE', 0, 'INSUFFICIENT_HISTORY')]);
  });

  it('counts history from the first recorded month, gaps included', () => {
    // Dec and Feb recorded, Jan not: 3 months of history, ¥120,000 annualised × 4 = ¥480,000.
    spec([
      registered,
      events.revenueRecorded('2025-12', yuan(60_000)),
      events.revenueRecorded('2026-02', yuan(60_000)),
    ])
      .when(commands.evaluateTier('2026-02'))
      .then(promotedTo('NONE', 'C', '2026-02', yuan(480_000)));
  });

  it('annualises a partial year, so a new account is not held down for a year', () => {
    // 5 × ¥17,000 = ¥85,000, below every floor; × 12/5 = ¥204,000 ≥ the C floor.
    spec([registered, ...monthsOfRevenue('2025-10', 5, yuan(17_000))])
      .when(commands.evaluateTier('2026-02'))
      .then(promotedTo('NONE', 'C', '2026-02', yuan(204_000)));
  });

  it('uses the plain sum of the last 12 months once a year of history exists', () => {
    const history = [
      registered,
      ...monthsOfRevenue('2025-01', 2, yuan(1_000_000)), // outside the window
      ...monthsOfRevenue('2025-03', 12, yuan(20_000)),
    ];
    spec(history)
      .when(commands.evaluateTier('2026-02'))
      .then(promotedTo('NONE', 'C', '2026-02', yuan(240_000)));
  });

  it('ignores revenue recorded after the evaluated month', () => {
    spec([
      registered,
      ...monthsOfRevenue('2025-12', 3, yuan(10_000)),
      events.revenueRecorded('2026-03', yuan(900_000)),
    ])
      .when(commands.evaluateTier('2026-02'))
      .then([held('2026-02', yuan(120_000), 'NONE', 0, 'FLOOR_MET')]);
  });

  it('promotes straight to the highest tier whose floor is reached (floors inclusive)', () => {
    spec([registered, ...monthsOfRevenue('2025-03', 12, yuan(250_000))])
      .when(commands.evaluateTier('2026-02'))
      .then(promotedTo('NONE', 'A', '2026-02', yuan(3_000_000)));
  });

  it('stays below a floor missed by one minor unit', () => {
    spec([
      registered,
      ...monthsOfRevenue('2025-03', 12, yuan(250_000)),
      events.revenueCorrected('2026-02', -1, yuan(250_000) - 1),
    ])
      .when(commands.evaluateTier('2026-02'))
      .then(promotedTo('NONE', 'B', '2026-02', yuan(3_000_000) - 1));
  });

  it('counts revenue corrections', () => {
    const history = [
      registered,
      ...monthsOfRevenue('2025-12', 3, yuan(16_000)), // ¥192,000 annualised: NONE
      events.revenueCorrected('2026-01', yuan(2_000), yuan(18_000)), // ¥200,000: C
    ];
    spec(history)
      .when(commands.evaluateTier('2026-02'))
      .then(promotedTo('NONE', 'C', '2026-02', yuan(200_000)));
  });

  it('records an evaluation that changes neither tier nor streak, with why', () => {
    spec([registered, ...monthsOfRevenue('2025-12', 3, yuan(1_000))])
      .when(commands.evaluateTier('2026-02'))
      .then([held('2026-02', yuan(12_000), 'NONE', 0, 'FLOOR_MET')]);
  });

  describe('hysteresis', () => {
    // A year of ¥70,000 a month: T12M ¥840,000, under 90 % of the B floor (¥900,000), qualifies C.
    // B since the evaluation of 2025-12, so 2026-01 is the next month to evaluate.
    const tierB = [
      registered,
      ...monthsOfRevenue('2025-03', 12, yuan(70_000)),
      events.promoted('NONE', 'B', '2025-12', yuan(1_000_000)),
    ];
    const firstBelow = held('2026-01', yuan(840_000), 'B', 1, 'BELOW_DEMOTION_THRESHOLD', 'C');

    it('does not demote on the first evaluation below 90 % of the current floor', () => {
      spec(tierB).when(commands.evaluateTier('2026-01')).then([firstBelow]);
    });

    it('demotes to the qualified tier on the second consecutive evaluation below 90 %', () => {
      spec([...tierB, firstBelow])
        .when(commands.evaluateTier('2026-02'))
        .then(demotedTo('B', 'C', '2026-02', yuan(840_000)));
    });

    it('demotes several tiers at once when revenue collapsed', () => {
      const tierA = [
        registered,
        ...monthsOfRevenue('2025-03', 12, yuan(1_000)),
        events.promoted('NONE', 'A', '2025-12', yuan(3_000_000)),
        held('2026-01', yuan(12_000), 'A', 1, 'BELOW_DEMOTION_THRESHOLD', 'NONE'),
      ];
      spec(tierA)
        .when(commands.evaluateTier('2026-02'))
        .then(demotedTo('A', 'NONE', '2026-02', yuan(12_000)));
    });

    it('starts a new streak after a demotion', () => {
      const at = '2026-04-01T00:10:00.000Z';
      spec([...tierB, firstBelow, ...demotedTo('B', 'C', '2026-02', yuan(840_000))])
        .when(commands.evaluateTier('2026-03', at))
        .then([held('2026-03', yuan(770_000), 'C', 0, 'FLOOR_MET', 'C', at)]);
    });

    it('keeps the tier and no streak between 90 % of the floor and the floor', () => {
      // ¥948,000: qualifies C, but within 10 % of the B floor.
      spec([
        registered,
        ...monthsOfRevenue('2025-03', 12, yuan(79_000)),
        events.promoted('NONE', 'B', '2025-12', yuan(1_000_000)),
      ])
        .when(commands.evaluateTier('2026-01'))
        .then([held('2026-01', yuan(948_000), 'B', 0, 'WITHIN_HYSTERESIS', 'C')]);
    });

    it('counts exactly 90 % of the floor as not below it', () => {
      spec([
        registered,
        ...monthsOfRevenue('2025-03', 12, yuan(75_000)),
        events.promoted('NONE', 'B', '2025-12', yuan(1_000_000)),
      ])
        .when(commands.evaluateTier('2026-01'))
        .then([held('2026-01', yuan(900_000), 'B', 0, 'WITHIN_HYSTERESIS', 'C')]);
    });

    it('resets the streak when revenue recovers before the second evaluation', () => {
      const recovered = [
        registered,
        ...monthsOfRevenue('2025-03', 12, yuan(80_000)), // ¥960,000 ≥ ¥900,000
        events.promoted('NONE', 'B', '2025-12', yuan(1_000_000)),
        firstBelow,
      ];
      spec(recovered)
        .when(commands.evaluateTier('2026-02'))
        .then([held('2026-02', yuan(960_000), 'B', 0, 'WITHIN_HYSTERESIS', 'C')]);
    });

    it('promotes out of a streak when revenue jumps', () => {
      const jumped = [
        ...tierB,
        firstBelow,
        events.revenueCorrected('2026-02', yuan(2_200_000), yuan(2_270_000)),
      ];
      spec(jumped)
        .when(commands.evaluateTier('2026-02'))
        .then(promotedTo('B', 'A', '2026-02', yuan(3_040_000)));
    });
  });

  describe('order and retries', () => {
    const tierB = [
      registered,
      ...monthsOfRevenue('2025-03', 12, yuan(70_000)),
      events.promoted('NONE', 'B', '2025-12', yuan(1_000_000)),
    ];
    const evaluated = [...tierB, held('2026-02', yuan(840_000), 'B', 1, 'BELOW_DEMOTION_THRESHOLD', 'C')];
    const april = '2026-04-01T00:10:00.000Z';

    it('refuses the month last evaluated (the same month end sent under another command id)', () => {
      const error = spec(evaluated)
        .when(commands.evaluateTier('2026-02', '2026-03-06T00:00:00.000Z'))
        .rejects('PERIOD_ALREADY_EVALUATED');
      expect(error.facts).toEqual({
        accountId: ACCOUNT,
        asOfPeriod: '2026-02',
        lastEvaluatedPeriod: '2026-02',
      });
    });

    it('refuses a month before the last evaluated one', () => {
      spec(evaluated).when(commands.evaluateTier('2026-01')).rejects('PERIOD_ALREADY_EVALUATED');
    });

    it('evaluates the month after the last evaluated one', () => {
      spec(evaluated)
        .when(commands.evaluateTier('2026-03', april))
        .then(demotedTo('B', 'C', '2026-03', yuan(770_000), april));
    });

    it('evaluates the months skipped since the last evaluation first, in order, each recorded', () => {
      spec(tierB)
        .when(commands.evaluateTier('2026-02'))
        .then([
          held('2026-01', yuan(840_000), 'B', 1, 'BELOW_DEMOTION_THRESHOLD', 'C'),
          ...demotedTo('B', 'C', '2026-02', yuan(840_000)),
        ]);
    });

    it('evaluates just the month asked on an account never evaluated', () => {
      spec([registered, ...monthsOfRevenue('2025-03', 12, yuan(70_000))])
        .when(commands.evaluateTier('2026-02'))
        .then(promotedTo('NONE', 'C', '2026-02', yuan(840_000)));
    });

    it('reads a TierEvaluated of the old shape as the last evaluation and its streak', () => {
      spec([...tierB, events.legacyTierEvaluated('2026-01', yuan(840_000), 'C', 1)])
        .when(commands.evaluateTier('2026-02'))
        .then(demotedTo('B', 'C', '2026-02', yuan(840_000)));
      spec([...tierB, events.legacyTierEvaluated('2026-01', yuan(840_000), 'C', 1)])
        .when(commands.evaluateTier('2026-01'))
        .rejects('PERIOD_ALREADY_EVALUATED');
    });

    it('rejects the evaluation of a month that is not closed', () => {
      const error = spec([registered]).when(commands.evaluateTier('2026-03')).rejects('PERIOD_NOT_CLOSED');
      expect(error.facts).toMatchObject({ asOfPeriod: '2026-03', currentPeriod: '2026-03' });
      spec([registered]).when(commands.evaluateTier('2026-07')).rejects('PERIOD_NOT_CLOSED');
    });

    it('freezes the tier of a lost account', () => {
      spec([...evaluated, events.lost()])
        .when(commands.evaluateTier('2026-03', april))
        .rejects('ACCOUNT_LOST');
    });

    it('evaluates the months of a reactivated account missed while it was lost, in order', () => {
      const may = '2026-05-02T00:10:00.000Z';
      spec([...evaluated, events.lost(), events.reactivated('ACTIVE', '2026-04-20T09:00:00.000Z')])
        .when(commands.evaluateTier('2026-04', may))
        .then([
          ...demotedTo('B', 'C', '2026-03', yuan(770_000), may),
          held('2026-04', yuan(700_000), 'C', 0, 'FLOOR_MET', 'C', may),
        ]);
    });
  });

  describe('overrides', () => {
    const cRevenue = [registered, ...monthsOfRevenue('2025-12', 3, yuan(50_000))];

    it('keeps tracking the evaluated tier while an override is active', () => {
      spec([...cRevenue, events.overridden('A', '2026-06-30', '2026-01-10T00:00:00.000Z')])
        .when(commands.evaluateTier('2026-02'))
        .then(promotedTo('NONE', 'C', '2026-02', yuan(600_000)));
    });

    it('keeps an override through its last day', () => {
      spec([...cRevenue, events.overridden('A', '2026-03-05', '2026-01-10T00:00:00.000Z')])
        .when(commands.evaluateTier('2026-02'))
        .then(promotedTo('NONE', 'C', '2026-02', yuan(600_000)));
    });

    it('retires an expired override before evaluating', () => {
      spec([...cRevenue, events.overridden('A', '2026-03-04', '2026-01-10T00:00:00.000Z')])
        .when(commands.evaluateTier('2026-02'))
        .then([
          events.overrideExpired('A', '2026-03-04'),
          ...promotedTo('NONE', 'C', '2026-02', yuan(600_000)),
        ]);
    });

    it('retires an expired override even when the tier does not move', () => {
      spec([registered, events.overridden('B', '2026-03-01', '2026-01-10T00:00:00.000Z')])
        .when(commands.evaluateTier('2026-02'))
        .then([
          events.overrideExpired('B', '2026-03-01'),
          held('2026-02', 0, 'NONE', 0, 'INSUFFICIENT_HISTORY'),
        ]);
    });
  });
});

describe('tier override', () => {
  it('overrides the tier with a reason, an approver and an expiry', () => {
    spec(activeAccount())
      .when(commands.overrideTier())
      .then([events.overridden('A', '2026-06-30')]);
  });

  it('rejects an override without a reason', () => {
    spec(activeAccount())
      .when(commands.overrideTier({ reason: '  ' }))
      .rejects('OVERRIDE_REASON_REQUIRED');
  });

  it('accepts an override that expires tomorrow', () => {
    spec(activeAccount())
      .when(commands.overrideTier({ expiresOn: '2026-03-06' }))
      .then([events.overridden('A', '2026-03-06')]);
  });

  it('rejects an override that expires today or earlier', () => {
    spec(activeAccount())
      .when(commands.overrideTier({ expiresOn: '2026-03-05' }))
      .rejects('OVERRIDE_EXPIRY_NOT_IN_FUTURE');
  });

  it('accepts an override of exactly 6 months', () => {
    spec(activeAccount())
      .when(commands.overrideTier({ expiresOn: '2026-09-05' }))
      .then([events.overridden('A', '2026-09-05')]);
  });

  it('rejects an override longer than 6 months', () => {
    const error = spec(activeAccount())
      .when(commands.overrideTier({ expiresOn: '2026-09-06' }))
      .rejects('OVERRIDE_TOO_LONG');
    expect(error.facts).toMatchObject({ latestExpiresOn: '2026-09-05', maxMonths: 6 });
  });

  it('rejects an override approved by the account’s own manager', () => {
    spec(activeAccount())
      .when(commands.overrideTier({ approvedBy: MANAGER }))
      .rejects('OVERRIDE_APPROVER_IS_MANAGER');
  });

  it('accepts an override approved by a former manager', () => {
    spec([...activeAccount(), events.managerAssigned(OTHER_MANAGER, MANAGER)])
      .when(commands.overrideTier({ approvedBy: MANAGER }))
      .then([events.overridden('A', '2026-06-30', AT, MANAGER)]);
  });

  it('rejects an override of a lost account', () => {
    spec([...activeAccount(), events.lost()])
      .when(commands.overrideTier())
      .rejects('ACCOUNT_LOST');
  });
});

describe('service requests', () => {
  const at = (iso: string) => `${iso}.000Z`;
  const tierA = [...activeAccount(), events.promoted('NONE', 'A', '2026-01', yuan(3_000_000))];

  it.each([
    ['SUSPENSION', 'SMALL'],
    ['SIM_REPLACEMENT', 'SMALL'],
    ['BILLING_QUERY', 'SMALL'],
    ['NETWORK_DESIGN', 'LARGE'],
    ['NETWORK_ROLLOUT', 'LARGE'],
    ['DEDICATED_LINE', 'LARGE'],
  ] as const)('sizes a %s request %s from its kind', (kind, size) => {
    const result = spec(tierA).when(commands.openRequest({ kind })).result();
    expect(result).toMatchObject({ right: [{ data: { kind, size } }] });
  });

  it('owes a small request within the effective tier’s SLA (A: 4 h)', () => {
    spec(tierA)
      .when(commands.openRequest({ at: at('2026-03-05T09:00:00') }))
      .then([events.requestOpened({ tier: 'A', slaDueAt: at('2026-03-05T13:00:00') })]);
  });

  it('owes a small request of a tier NONE account within 48 h', () => {
    spec([events.registered()])
      .when(commands.openRequest())
      .then([events.requestOpened({ tier: 'NONE', slaDueAt: at('2026-03-07T09:00:00') })]);
  });

  it('owes a large request within 5 days whatever the tier', () => {
    const large = { kind: 'NETWORK_DESIGN', size: 'LARGE', slaDueAt: at('2026-03-10T09:00:00') } as const;
    spec(tierA)
      .when(commands.openRequest({ kind: 'NETWORK_DESIGN' }))
      .then([events.requestOpened({ ...large, tier: 'A' })]);
    spec([events.registered()])
      .when(commands.openRequest({ kind: 'NETWORK_DESIGN' }))
      .then([events.requestOpened({ ...large, tier: 'NONE' })]);
  });

  it('applies the SLA of an active override', () => {
    spec([...activeAccount(), events.overridden('B', '2026-03-05', '2026-01-10T00:00:00.000Z')])
      .when(commands.openRequest())
      .then([events.requestOpened({ tier: 'B', slaDueAt: at('2026-03-05T17:00:00') })]);
  });

  it('ignores an override past its expiry even before TierOverrideExpired is recorded', () => {
    spec([...activeAccount(), events.overridden('B', '2026-03-04', '2026-01-10T00:00:00.000Z')])
      .when(commands.openRequest())
      .then([events.requestOpened({ tier: 'NONE', slaDueAt: at('2026-03-07T09:00:00') })]);
  });

  it('takes a request through the manager channel when the account has a manager', () => {
    spec(activeAccount())
      .when(commands.openRequest({ channel: 'MANAGER' }))
      .then([events.requestOpened({ channel: 'MANAGER' })]);
  });

  it('rejects a request through the manager channel when the account has no manager', () => {
    spec([events.registered()])
      .when(commands.openRequest({ channel: 'MANAGER' }))
      .rejects('NO_ACCOUNT_MANAGER');
  });

  it('rejects opening a request id that is open already', () => {
    spec([...activeAccount(), events.requestOpened()])
      .when(commands.openRequest({ kind: 'BILLING_QUERY' }))
      .rejects('SERVICE_REQUEST_ALREADY_OPEN');
  });

  it('treats a request id named like an Object property as any other id', () => {
    spec(activeAccount())
      .when(commands.openRequest({ requestId: 'constructor' }))
      .then([events.requestOpened({ requestId: 'constructor' })]);
    spec(activeAccount()).when(commands.resolveRequest('toString', AT)).rejects('SERVICE_REQUEST_NOT_OPEN');
  });

  it('resolves a request in time', () => {
    spec([...activeAccount(), events.requestOpened()])
      .when(commands.resolveRequest('sr-1', at('2026-03-06T10:00:00')))
      .then([
        {
          type: 'ServiceRequestResolved',
          data: {
            accountId: ACCOUNT,
            requestId: 'sr-1',
            kind: 'SIM_REPLACEMENT',
            size: 'SMALL',
            slaDueAt: at('2026-03-07T09:00:00'),
            slaMet: true,
            at: at('2026-03-06T10:00:00'),
          },
        },
      ]);
  });

  it('meets the SLA when resolved at the due moment, misses it a millisecond later', () => {
    const open = [...activeAccount(), events.requestOpened()];
    expect(
      spec(open).when(commands.resolveRequest('sr-1', '2026-03-07T09:00:00.000Z')).result(),
    ).toMatchObject({
      right: [{ data: { slaMet: true } }],
    });
    expect(
      spec(open).when(commands.resolveRequest('sr-1', '2026-03-07T09:00:00.001Z')).result(),
    ).toMatchObject({
      right: [{ data: { slaMet: false } }],
    });
  });

  it('rejects resolving an unknown request', () => {
    spec(activeAccount()).when(commands.resolveRequest('sr-9', AT)).rejects('SERVICE_REQUEST_NOT_OPEN');
  });

  it('rejects resolving a request twice, and reopens a resolved id as a new request', () => {
    const open = [...activeAccount(), events.requestOpened()];
    const resolved = accepted(spec(open).when(commands.resolveRequest('sr-1', at('2026-03-06T10:00:00'))));
    const afterResolved = [...open, ...resolved];
    spec(afterResolved)
      .when(commands.resolveRequest('sr-1', at('2026-03-06T11:00:00')))
      .rejects('SERVICE_REQUEST_NOT_OPEN');
    spec(afterResolved).when(commands.openRequest()).then([events.requestOpened()]);
  });

  it('rejects resolving a request before it was opened', () => {
    spec([...activeAccount(), events.requestOpened()])
      .when(commands.resolveRequest('sr-1', at('2026-03-05T08:59:59')))
      .rejects('SERVICE_REQUEST_RESOLVED_BEFORE_OPENED');
  });
});

describe('feedback', () => {
  const feedback = (aboutManagerId: string, comment = ''): AccountEvent => ({
    type: 'FeedbackRecorded',
    data: { accountId: ACCOUNT, score: 4, aboutManagerId, comment, at: AT },
  });

  it('records feedback about the current manager, with an empty comment', () => {
    spec(activeAccount())
      .when(commands.recordFeedback(MANAGER))
      .then([feedback(MANAGER)]);
  });

  it('records feedback about a former manager', () => {
    spec([...activeAccount(), events.managerAssigned(OTHER_MANAGER, MANAGER)])
      .when(commands.recordFeedback(MANAGER, 4, 'responsive'))
      .then([feedback(MANAGER, 'responsive')]);
  });

  it('rejects feedback about someone who never managed the account', () => {
    spec(activeAccount()).when(commands.recordFeedback(OTHER_MANAGER)).rejects('NOT_A_MANAGER_OF_ACCOUNT');
  });

  it('rejects feedback on a lost account', () => {
    spec([...activeAccount(), events.lost()])
      .when(commands.recordFeedback(MANAGER))
      .rejects('ACCOUNT_LOST');
  });
});

describe('status', () => {
  const reactivated = (status: 'ACTIVE' | 'PROSPECT'): AccountEvent => ({
    type: 'AccountReactivated',
    data: { accountId: ACCOUNT, approvedBy: 'dir-zhao', status, at: AT },
  });

  it('flags an ACTIVE account at risk', () => {
    spec(activeAccount()).when(commands.flagAtRisk()).then([events.flaggedAtRisk()]);
  });

  it('rejects flagging a prospect at risk: ACTIVE only once a manager is assigned', () => {
    const error = spec([events.registered()]).when(commands.flagAtRisk()).rejects('ACCOUNT_NOT_ACTIVE');
    expect(error.facts).toMatchObject({ status: 'PROSPECT' });
  });

  it('flags at risk with the early-warning score, its reasons and the policy that scored it', () => {
    const risk = { score: 41.5, reasons: ['REVENUE_TREND 30/30', 'FEEDBACK 11.5/10'], policyVersion: 'v2' };
    spec(activeAccount())
      .when({ type: 'FlagAtRisk', data: { reason: 'Early warning', risk, at: AT } })
      .then([
        { type: 'AccountFlaggedAtRisk', data: { accountId: ACCOUNT, reason: 'Early warning', risk, at: AT } },
      ]);
  });

  it('rejects a flag of a LOST account, and a second flag until the account is reactivated', () => {
    spec([...activeAccount(), events.lost()])
      .when(commands.flagAtRisk())
      .rejects('ACCOUNT_LOST');
    const again = spec([...activeAccount(), events.flaggedAtRisk()])
      .when(commands.flagAtRisk())
      .rejects('ACCOUNT_NOT_ACTIVE');
    expect(again.message).toContain('already flagged');
    spec([...activeAccount(), events.flaggedAtRisk(), reactivated('ACTIVE')])
      .when(commands.flagAtRisk())
      .then([events.flaggedAtRisk()]);
  });

  it('rejects flagging an account already at risk', () => {
    spec([...activeAccount(), events.flaggedAtRisk()])
      .when(commands.flagAtRisk())
      .rejects('ACCOUNT_NOT_ACTIVE');
  });

  it.each([
    ['PROSPECT', [events.registered()]],
    ['ACTIVE', activeAccount()],
    ['AT_RISK', [...activeAccount(), events.flaggedAtRisk()]],
  ])('marks a %s account lost', (_status, history) => {
    spec(history).when(commands.markLost()).then([events.lost()]);
  });

  it('names the competitor an account was lost to', () => {
    spec(activeAccount())
      .when(commands.markLost('rival-telecom'))
      .then([
        {
          type: 'AccountLost',
          data: { accountId: ACCOUNT, reason: 'moved to a competitor', competitor: 'rival-telecom', at: AT },
        },
      ]);
  });

  it('rejects marking a lost account lost again', () => {
    spec([...activeAccount(), events.lost()])
      .when(commands.markLost())
      .rejects('ACCOUNT_LOST');
  });

  it('reactivates a lost account with a manager as ACTIVE', () => {
    spec([...activeAccount(), events.lost()])
      .when(commands.reactivate())
      .then([reactivated('ACTIVE')]);
  });

  it('reactivates a lost account without a manager as a PROSPECT', () => {
    spec([events.registered(), events.lost()])
      .when(commands.reactivate())
      .then([reactivated('PROSPECT')]);
  });

  it('rejects reactivating an account that is neither lost nor at risk', () => {
    const error = spec(activeAccount()).when(commands.reactivate()).rejects('NOTHING_TO_REACTIVATE');
    expect(error.facts).toMatchObject({ status: 'ACTIVE' });
  });

  it('reactivates an account at risk that is back on track as ACTIVE', () => {
    spec([...activeAccount(), events.flaggedAtRisk()])
      .when(commands.reactivate())
      .then([reactivated('ACTIVE')]);
  });

  it('accepts every command again after reactivation', () => {
    spec([...activeAccount(), events.lost(), reactivated('ACTIVE')])
      .when(commands.flagAtRisk())
      .then([events.flaggedAtRisk()]);
  });

  it.each<[string, AccountCommand]>([
    ['AssignAccountManager', commands.assignManager(OTHER_MANAGER)],
    ['EvaluateTier', commands.evaluateTier('2026-02')],
    ['OverrideTier', commands.overrideTier()],
    ['OpenServiceRequest', commands.openRequest()],
    ['ResolveServiceRequest', commands.resolveRequest('sr-1', AT)],
    ['RecordFeedback', commands.recordFeedback(MANAGER)],
    ['FlagAtRisk', commands.flagAtRisk()],
    ['MarkLost', commands.markLost()],
  ])('rejects %s on a lost account', (name, command) => {
    const error = spec([...activeAccount(), events.requestOpened(), events.lost()])
      .when(command)
      .rejects('ACCOUNT_LOST');
    expect(error.facts).toEqual({ accountId: ACCOUNT, command: name });
  });
});
