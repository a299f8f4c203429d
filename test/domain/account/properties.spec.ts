// Random command sequences, decided against the current state with accepted events folded in,
// never break the Account's invariants, and deciding the same sequence twice gives the same result.
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ERROR_CODES,
  AccountEvent,
  accountDecider,
  type AccountCommand,
  type AccountState,
  SERVICE_REQUEST_KINDS,
} from '../../../domain/account/index.js';
import {
  addDays,
  addHours,
  addPeriods,
  compareTiers,
  dateOf,
  periodOf,
  POLICY_V1,
  type DomainError,
  type Tier,
} from '../../../domain/kernel/index.js';
import { yuan } from './builders.js';

const context = { policy: POLICY_V1, group: null };
const STREAK_TO_DEMOTE = POLICY_V1.tiering.demotionAfterEvaluations;
const ACCEPTED_WHEN_LOST = ['RecordRevenue', 'CorrectRevenue', 'Reactivate'];
const START = '2025-01-01T08:00:00.000Z';

const managers = fc.constantFrom('m-1', 'm-2', 'm-3');
const approvers = fc.constantFrom('m-1', 'm-2', 'dir-1');
const requestIds = fc.constantFrom('r-1', 'r-2', 'constructor');
const contactIds = fc.constantFrom('c-1', 'c-2', 'toString');
const visitIds = fc.constantFrom('v-1', 'v-2', 'v-3', 'v-4');
const actionIds = fc.constantFrom('a-1', 'a-2', 'a-3', 'hasOwnProperty');
const tiers = fc.constantFrom<Tier>('A', 'B', 'C', 'NONE');
const currency = fc.constantFrom('CNY', 'CNY', 'CNY', 'CNY', 'USD');
/** Monthly amounts around the floors (¥200k, ¥1M, ¥3M a year), so tiers really move. */
const monthlyRevenue = fc.oneof(
  fc.constantFrom(0, yuan(10_000), yuan(20_000), yuan(90_000), yuan(260_000)),
  fc.integer({ min: 0, max: yuan(400_000) }),
);

/** A command, given the moment it happens. */
type Make = (at: string) => AccountCommand;

const registerAccount: Make = (at) => ({
  type: 'RegisterAccount',
  data: { accountId: 'acc-1', name: 'Acme', industry: 'RETAIL', region: 'North', at },
});

const make = {
  register: fc.constant(registerAccount),
  assignManager: managers.map<Make>((managerId) => (at) => ({
    type: 'AssignAccountManager',
    data: { managerId, effectiveFrom: dateOf(at), at },
  })),
  // Mostly last month or this month; sometimes next month (REVENUE_PERIOD_IN_FUTURE).
  recordRevenue: fc
    .tuple(fc.integer({ min: -3, max: 1 }), monthlyRevenue, currency)
    .map<Make>(([offset, amount, cur]) => (at) => ({
      type: 'RecordRevenue',
      data: {
        period: addPeriods(periodOf(at), offset),
        amount: { amount, currency: cur },
        sourceRef: 'bill',
        at,
      },
    })),
  correctRevenue: fc
    .tuple(fc.integer({ min: -3, max: 0 }), fc.integer({ min: -yuan(150_000), max: yuan(150_000) }), currency)
    .map<Make>(([offset, amount, cur]) => (at) => ({
      type: 'CorrectRevenue',
      data: {
        period: addPeriods(periodOf(at), offset),
        delta: { amount, currency: cur },
        reason: 'rerun',
        at,
      },
    })),
  // Mostly the month just closed; sometimes older (a retry) or the open month (PERIOD_NOT_CLOSED).
  evaluateTier: fc.constantFrom(-1, -1, -1, -2, 0).map<Make>((offset) => (at) => ({
    type: 'EvaluateTier',
    data: { asOfPeriod: addPeriods(periodOf(at), offset), at },
  })),
  overrideTier: fc
    .tuple(tiers, approvers, fc.integer({ min: -5, max: 200 }), fc.constantFrom('strategic', ' '))
    .map<Make>(([tier, approvedBy, days, reason]) => (at) => ({
      type: 'OverrideTier',
      data: { tier, reason, approvedBy, expiresOn: addDays(dateOf(at), days), at },
    })),
  openRequest: fc
    .tuple(
      requestIds,
      fc.constantFrom(...SERVICE_REQUEST_KINDS),
      fc.constantFrom('HOTLINE', 'MANAGER') as fc.Arbitrary<'HOTLINE' | 'MANAGER'>,
    )
    .map<Make>(([requestId, kind, channel]) => (at) => ({
      type: 'OpenServiceRequest',
      data: { requestId, kind, channel, at },
    })),
  resolveRequest: requestIds.map<Make>((requestId) => (at) => ({
    type: 'ResolveServiceRequest',
    data: { requestId, at },
  })),
  recordFeedback: fc
    .tuple(fc.integer({ min: 1, max: 5 }), managers)
    .map<Make>(([score, aboutManagerId]) => (at) => ({
      type: 'RecordFeedback',
      data: { score, aboutManagerId, comment: '', at },
    })),
  flagAtRisk: fc.constant<Make>((at) => ({ type: 'FlagAtRisk', data: { reason: 'quiet', at } })),
  markLost: fc.option(fc.constant('rival'), { nil: undefined }).map<Make>((competitor) => (at) => ({
    type: 'MarkLost',
    data: { reason: 'left', at, ...(competitor === undefined ? {} : { competitor }) },
  })),
  reactivate: approvers.map<Make>((approvedBy) => (at) => ({ type: 'Reactivate', data: { approvedBy, at } })),
  addContact: contactIds.map<Make>((contactId) => (at) => ({
    type: 'AddContact',
    data: { contactId, name: 'Chen', role: 'PURCHASER', at },
  })),
  removeContact: contactIds.map<Make>((contactId) => (at) => ({
    type: 'RemoveContact',
    data: { contactId, at },
  })),
  // Mostly today or a few days back; sometimes tomorrow (VISIT_IN_FUTURE).
  logVisit: fc
    .tuple(
      visitIds,
      fc.constantFrom(-3, 0, 0, 1),
      fc.uniqueArray(contactIds, { minLength: 1, maxLength: 3 }),
      fc.uniqueArray(actionIds, { maxLength: 2 }),
      fc.integer({ min: -2, max: 30 }),
    )
    .map<Make>(([visitId, offset, contacts, actions, dueIn]) => (at) => {
      const on = addDays(dateOf(at), offset);
      return {
        type: 'LogVisit',
        data: {
          visitId,
          on,
          kind: 'VISIT',
          contactIds: contacts,
          notes: '',
          agreedActions: actions.map((actionId) => ({
            actionId,
            what: 'call back',
            owner: 'm-1',
            due: addDays(on, dueIn),
          })),
          at,
        },
      };
    }),
  completeAction: fc
    .tuple(actionIds, fc.constantFrom(-5, 0, 0, 1))
    .map<Make>(([actionId, offset]) => (at) => ({
      type: 'CompleteAction',
      data: { actionId, on: addDays(dateOf(at), offset), at },
    })),
  setPlan: fc
    .tuple(
      fc.constantFrom(-1, 0, 1, 2),
      fc.integer({ min: 0, max: yuan(5_000_000) }),
      fc.integer({ min: 1, max: 60 }),
    )
    .map<Make>(([offset, amount, peakDays]) => (at) => ({
      type: 'SetAccountPlan',
      data: {
        year: Number(at.slice(0, 4)) + offset,
        revenueTarget: { amount, currency: 'CNY' },
        skuTargets: { 'SKU-1': 10 },
        promotionBudget: { amount: 0, currency: 'CNY' },
        stockTargets: { 'SKU-1': { offSeasonDays: 20, peakDays } },
        at,
      },
    })),
};

const anyCommand = fc.oneof(
  { arbitrary: make.register, weight: 1 },
  { arbitrary: make.assignManager, weight: 3 },
  { arbitrary: make.recordRevenue, weight: 10 },
  { arbitrary: make.correctRevenue, weight: 3 },
  { arbitrary: make.evaluateTier, weight: 8 },
  { arbitrary: make.overrideTier, weight: 2 },
  { arbitrary: make.openRequest, weight: 3 },
  { arbitrary: make.resolveRequest, weight: 3 },
  { arbitrary: make.recordFeedback, weight: 2 },
  { arbitrary: make.flagAtRisk, weight: 2 },
  { arbitrary: make.markLost, weight: 1 },
  { arbitrary: make.reactivate, weight: 2 },
  { arbitrary: make.addContact, weight: 3 },
  { arbitrary: make.removeContact, weight: 1 },
  { arbitrary: make.logVisit, weight: 4 },
  { arbitrary: make.completeAction, weight: 3 },
  { arbitrary: make.setPlan, weight: 1 },
);

/** Time moves forward between commands: 0 to 20 days, in hours. */
const hoursLater = fc.integer({ min: 0, max: 20 * 24 });

const toCommands = (steps: ReadonlyArray<readonly [Make, number]>): readonly AccountCommand[] => {
  let at = START;
  return steps.map(([makeCommand, hours]) => {
    at = addHours(at, hours);
    return makeCommand(at);
  });
};

/** Mostly registered first: a sequence on a missing account can only be NOT_FOUND. */
const sequences = fc
  .tuple(
    fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
    fc.array(fc.tuple(anyCommand, hoursLater), { minLength: 1, maxLength: 60, size: 'large' }),
  )
  .map(([registerFirst, steps]) => toCommands(registerFirst ? [[registerAccount, 0], ...steps] : steps));

interface Step {
  readonly command: AccountCommand;
  readonly before: AccountState;
  readonly result: E.Either<DomainError, readonly AccountEvent[]>;
  readonly after: AccountState;
}

/** Decide each command against the current state and fold in what it accepts. */
const run = (commands: readonly AccountCommand[]): readonly Step[] => {
  let state = accountDecider.initialState;
  return commands.map((command) => {
    const before = state;
    const result = accountDecider.decide(command, before, context);
    if (E.isRight(result)) state = result.right.reduce(accountDecider.evolve, state);
    return { command, before, result, after: state };
  });
};

const tierMovedOnlyByTierChanged = (before: AccountState, event: AccountEvent, after: AccountState): void => {
  if (!before.exists || !after.exists) return;
  if (event.type !== 'TierChanged') {
    expect(after.tier).toBe(before.tier);
    return;
  }
  expect(event.data.from).toBe(before.tier);
  expect(after.tier).toBe(event.data.to);
  if (event.data.rule === 'PROMOTION') {
    expect(compareTiers(event.data.to, event.data.from)).toBeGreaterThan(0);
  } else {
    expect(compareTiers(event.data.to, event.data.from)).toBeLessThan(0);
    // This evaluation is the streak's last: the ones before it were below the floor too.
    expect(before.belowFloorStreak).toBe(STREAK_TO_DEMOTE - 1);
  }
};

const stateInvariants = (state: AccountState): void => {
  if (!state.exists) return;
  if (state.status === 'ACTIVE' || state.status === 'AT_RISK') expect(state.managerId).not.toBeNull();
  if (state.status === 'PROSPECT') expect(state.managerId).toBeNull();
  expect(state.belowFloorStreak).toBeGreaterThanOrEqual(0);
  expect(state.belowFloorStreak).toBeLessThan(STREAK_TO_DEMOTE);
  for (const record of Object.values(state.revenue)) {
    expect(record.amount).toBeGreaterThanOrEqual(0);
    expect(record.currency).toBe(POLICY_V1.currency);
  }
  for (const action of Object.values(state.actions)) {
    expect(Object.hasOwn(state.visits, action.visitId)).toBe(true);
    if (action.completedOn !== null) expect(action.completedOn >= action.agreedOn).toBe(true);
  }
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
};

/** Contacts, visits and actions: a removed contact is never met again, an action completes once. */
const relationshipInvariants = (before: AccountState, event: AccountEvent): void => {
  if (!before.exists) return;
  if (event.type === 'VisitLogged') {
    for (const contactId of event.data.contactIds) {
      expect(Object.hasOwn(before.contacts, contactId) && !before.contacts[contactId]!.removed).toBe(true);
    }
    expect(Object.hasOwn(before.visits, event.data.visitId)).toBe(false);
  }
  if (event.type === 'ContactAdded') expect(Object.hasOwn(before.contacts, event.data.contactId)).toBe(false);
  if (event.type === 'ActionCompleted') {
    expect(Object.hasOwn(before.actions, event.data.actionId)).toBe(true);
    expect(before.actions[event.data.actionId]!.completedOn).toBeNull();
  }
};

const checkInvariants = (steps: readonly Step[]): void => {
  const recordsPerPeriod = new Map<string, number>();
  for (const { command, before, result, after } of steps) {
    if (before.exists && before.status === 'LOST' && !ACCEPTED_WHEN_LOST.includes(command.type)) {
      // Registering again is refused for existing, before any status is looked at.
      const code = command.type === 'RegisterAccount' ? 'ALREADY_EXISTS' : 'ACCOUNT_LOST';
      expect(result).toMatchObject({ left: { code } });
    }
    if (E.isLeft(result)) {
      expect(ACCOUNT_ERROR_CODES).toContain(result.left.code);
      expect(after).toBe(before);
      continue;
    }
    if (before.exists && before.status === 'LOST') expect(ACCEPTED_WHEN_LOST).toContain(command.type);
    let state = before;
    for (const event of result.right) {
      // What the decider emits is exactly what its codec accepts (the store will decode it).
      expect(AccountEvent.decode(event)).toEqual(E.right(event));
      const next = accountDecider.evolve(state, event);
      tierMovedOnlyByTierChanged(state, event, next);
      relationshipInvariants(state, event);
      if (event.type === 'RevenueRecorded') {
        recordsPerPeriod.set(event.data.period, (recordsPerPeriod.get(event.data.period) ?? 0) + 1);
      }
      if (state.exists && next.exists && state.lastEvaluatedPeriod !== null) {
        expect(next.lastEvaluatedPeriod! >= state.lastEvaluatedPeriod).toBe(true);
      }
      state = next;
    }
    // Every accepted month end is recorded, up to the month asked: auditors see that it ran.
    if (command.type === 'EvaluateTier') {
      const evaluated = result.right.filter((event) => event.type === 'TierEvaluated');
      expect(evaluated.length).toBeGreaterThan(0);
      expect(after.exists && after.lastEvaluatedPeriod).toBe(command.data.asOfPeriod);
    }
    stateInvariants(after);
  }
  for (const count of recordsPerPeriod.values()) expect(count).toBe(1);
};

/**
 * The month-end rhythm: each month the previous month's revenue is booked (sometimes corrected)
 * and then evaluated, so T12M rises and falls across the floors and tiers move both ways.
 */
const monthEnds = fc
  .array(fc.tuple(monthlyRevenue, fc.integer({ min: 1, max: 8 })), {
    minLength: 1,
    maxLength: 8,
    size: 'large',
  })
  // Phases of steady revenue (a good year, a bad spell) move T12M across floors for good.
  .map((phases) => phases.flatMap(([amount, months]) => Array<number>(months).fill(amount)))
  .chain((amounts) =>
    fc.tuple(
      fc.constant(amounts),
      fc.array(
        fc.option(fc.integer({ min: -yuan(50_000), max: yuan(50_000) }), { nil: undefined, freq: 3 }),
        {
          minLength: amounts.length,
          maxLength: amounts.length,
        },
      ),
    ),
  )
  .map(([amounts, corrections]) =>
    amounts.flatMap((amount, i): AccountCommand[] => {
      const at = `${addPeriods('2025-02', i)}-01T00:10:00.000Z`;
      const period = addPeriods(periodOf(at), -1);
      const correction = corrections[i];
      return [
        ...(i === 0 ? [registerAccount(START)] : []),
        {
          type: 'RecordRevenue',
          data: { period, amount: { amount, currency: 'CNY' }, sourceRef: 'bill', at },
        },
        ...(correction === undefined
          ? []
          : [
              {
                type: 'CorrectRevenue',
                data: { period, delta: { amount: correction, currency: 'CNY' }, reason: 'rerun', at },
              } as const,
            ]),
        { type: 'EvaluateTier', data: { asOfPeriod: period, at } },
      ];
    }),
  );

const rulesSeen = new Map<string, number>();
const countTierChanges = (steps: readonly Step[]): void => {
  for (const { result } of steps) {
    if (E.isLeft(result)) continue;
    for (const event of result.right) {
      if (event.type === 'TierChanged')
        rulesSeen.set(event.data.rule, (rulesSeen.get(event.data.rule) ?? 0) + 1);
    }
  }
};

describe('account properties', () => {
  it('random command sequences keep every invariant', () => {
    const accepted = new Set<string>();
    fc.assert(
      fc.property(sequences, (commands) => {
        const steps = run(commands);
        checkInvariants(steps);
        for (const { result } of steps)
          if (E.isRight(result)) for (const e of result.right) accepted.add(e.type);
      }),
      { numRuns: 300 },
    );
    // The relationship's rules were exercised, not only refused.
    for (const type of [
      'ContactAdded',
      'ContactRemoved',
      'VisitLogged',
      'ActionCompleted',
      'AccountPlanSet',
    ]) {
      expect(accepted).toContain(type);
    }
  });

  it('month-end evaluations keep every invariant while tiers move both ways', () => {
    fc.assert(
      fc.property(monthEnds, (commands) => {
        const steps = run(commands);
        checkInvariants(steps);
        countTierChanges(steps);
      }),
      { numRuns: 300 },
    );
    // The property is only worth something if the runs really promoted and demoted.
    expect(rulesSeen.get('PROMOTION') ?? 0).toBeGreaterThan(0);
    expect(rulesSeen.get('DEMOTION_AFTER_HYSTERESIS') ?? 0).toBeGreaterThan(0);
  });

  it('deciding and folding the same sequence twice gives the same events and state', () => {
    fc.assert(
      fc.property(fc.oneof(sequences, monthEnds), (commands) => {
        const first = run(commands);
        const second = run(commands);
        expect(second.map((step) => step.result)).toEqual(first.map((step) => step.result));
        expect(second.at(-1)?.after).toEqual(first.at(-1)?.after);
        // Replaying the accepted events alone rebuilds the same state.
        const accepted = first.flatMap((step) => (E.isRight(step.result) ? step.result.right : []));
        expect(accepted.reduce(accountDecider.evolve, accountDecider.initialState)).toEqual(
          first.at(-1)?.after,
        );
      }),
      { numRuns: 200 },
    );
  });
});
