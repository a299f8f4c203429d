// Members of a group are tiered on the group's combined T12M, never below what it qualifies for,
// and the tier events name the group (DOMAIN.md, Groups, relationship and early warning).
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountDecider,
  qualifyingTier,
  type AccountContext,
  type AccountEvent,
  type TierEvaluationRule,
} from '../../../domain/account/index.js';
import {
  addPeriods,
  compareTiers,
  POLICY_V1,
  type GroupTieringFacts,
  type RevenueRecords,
  type Tier,
} from '../../../domain/kernel/index.js';
import { deciderSpecification } from '../../support/decider-specification.js';
import { ACCOUNT, AT, cny, commands, events, monthsOfRevenue, yuan } from './builders.js';

const GROUP = 'grp-bank';
const OTHER = 'acc-east-branch';
const alone: AccountContext = { policy: POLICY_V1, group: null };
const spec = deciderSpecification(accountDecider, alone);

/** `count` months of `amount` from `from` on, as a member's revenue in the group facts. */
const revenueOf = (from: string, count: number, amount: number): RevenueRecords =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [addPeriods(from, i), cny(amount)]));

const groupOf = (memberRevenue: GroupTieringFacts['memberRevenue']): GroupTieringFacts => ({
  groupId: GROUP,
  memberRevenue,
});
const basis = (t12m: number) => ({ groupId: GROUP, t12m: cny(t12m) });

// The member alone: a year of ¥30,000 a month, T12M ¥360,000 (tier C). The other member: a year
// of ¥70,000 a month, ¥840,000. Together ¥1,200,000: tier B.
const registered = events.registered();
const ownYear = monthsOfRevenue('2025-03', 12, yuan(30_000));
const bank = groupOf({ [OTHER]: revenueOf('2025-03', 12, yuan(70_000)) });
const OWN = yuan(360_000);
const COMBINED = yuan(1_200_000);

const evaluated = (
  period: string,
  t12m: number,
  tier: Tier,
  streak: number,
  rule: TierEvaluationRule,
  qualifiedTier: Tier,
  group: ReturnType<typeof basis> | null,
  at = AT,
) => events.tierEvaluated(period, t12m, tier, streak, rule, at, { qualifiedTier, group });
const changed = (
  from: Tier,
  to: Tier,
  period: string,
  t12m: number,
  group: ReturnType<typeof basis> | null,
  at = AT,
) =>
  events.tierChanged(
    from,
    to,
    compareTiers(to, from) > 0 ? 'PROMOTION' : 'DEMOTION_AFTER_HYSTERESIS',
    period,
    t12m,
    at,
    { group },
  );

describe('members tiered on the group', () => {
  it("promotes a member at once to the tier the group's combined T12M reaches, naming the group", () => {
    spec([registered, ...ownYear])
      .when(commands.evaluateTier('2026-02'), { group: bank })
      .then([
        changed('NONE', 'B', '2026-02', OWN, basis(COMBINED)),
        evaluated('2026-02', OWN, 'B', 0, 'PROMOTION', 'B', basis(COMBINED)),
      ]);
  });

  it('tiers an account in no group on its own T12M, and its events say so (group null)', () => {
    spec([registered, ...ownYear])
      .when(commands.evaluateTier('2026-02'))
      .then([
        changed('NONE', 'C', '2026-02', OWN, null),
        evaluated('2026-02', OWN, 'C', 0, 'PROMOTION', 'C', null),
      ]);
  });

  it("holds a member at the group's tier while its own T12M qualifies lower (the group's floor is met)", () => {
    spec([registered, ...ownYear, changed('NONE', 'B', '2026-01', OWN, basis(COMBINED))])
      .when(commands.evaluateTier('2026-02'), { group: bank })
      .then([evaluated('2026-02', OWN, 'B', 0, 'FLOOR_MET', 'B', basis(COMBINED))]);
  });

  it('takes a member that joined mid-year to the group’s tier at the next month end', () => {
    // C on its own for January; a member since then: B for February.
    const alone = [
      changed('NONE', 'C', '2026-01', OWN, null),
      evaluated('2026-01', OWN, 'C', 0, 'PROMOTION', 'C', null),
    ];
    spec([registered, ...ownYear, ...alone])
      .when(commands.evaluateTier('2026-02'), { group: bank })
      .then([
        changed('C', 'B', '2026-02', OWN, basis(COMBINED)),
        evaluated('2026-02', OWN, 'B', 0, 'PROMOTION', 'B', basis(COMBINED)),
      ]);
  });

  it('tiers a new member with too little history of its own on its group at once', () => {
    // One month of its own (too little alone) in a group whose other member has a year.
    const group = groupOf({ [OTHER]: revenueOf('2025-03', 12, yuan(300_000)) });
    spec([registered, events.revenueRecorded('2026-02', yuan(10_000))])
      .when(commands.evaluateTier('2026-02'), { group })
      .then([
        changed('NONE', 'A', '2026-02', yuan(10_000), basis(yuan(3_610_000))),
        evaluated('2026-02', yuan(10_000), 'A', 0, 'PROMOTION', 'A', basis(yuan(3_610_000))),
      ]);
  });

  it('qualifies a group nothing while no member has enough history, and says so', () => {
    const group = groupOf({ [OTHER]: revenueOf('2026-01', 2, yuan(2_000_000)) });
    // Plain sums, not annualised: ¥4,000,000 + ¥60,000 (two months each).
    spec([registered, ...monthsOfRevenue('2026-01', 2, yuan(30_000))])
      .when(commands.evaluateTier('2026-02'), { group })
      .then([
        evaluated('2026-02', yuan(60_000), 'NONE', 0, 'INSUFFICIENT_HISTORY', 'NONE', basis(yuan(4_060_000))),
      ]);
  });

  it('keeps the hysteresis after a member leaves: demoted to its own tier only on the second month below', () => {
    const ofGroup = [registered, ...ownYear, changed('NONE', 'B', '2026-01', OWN, basis(COMBINED))];
    const firstBelow = evaluated('2026-02', OWN, 'B', 1, 'BELOW_DEMOTION_THRESHOLD', 'C', null);
    spec(ofGroup).when(commands.evaluateTier('2026-02')).then([firstBelow]);
    const march = '2026-04-02T09:00:00.000Z';
    spec([...ofGroup, firstBelow, events.revenueRecorded('2026-03', yuan(30_000))])
      .when(commands.evaluateTier('2026-03', march))
      .then([
        changed('B', 'C', '2026-03', OWN, null, march),
        evaluated('2026-03', OWN, 'C', 0, 'DEMOTION_AFTER_HYSTERESIS', 'C', null, march),
      ]);
  });

  it("demotes a member on the group's falling figure after the hysteresis, and never below the group", () => {
    // Its own revenue is small (NONE alone); the group's falls to ¥600,000 (C) from B.
    const tiny = monthsOfRevenue('2025-03', 12, yuan(1_000));
    const smaller = groupOf({ [OTHER]: revenueOf('2025-03', 12, yuan(49_000)) });
    const combined = basis(yuan(600_000));
    const asB = [registered, ...tiny, changed('NONE', 'B', '2026-01', yuan(12_000), basis(COMBINED))];
    const firstBelow = evaluated('2026-02', yuan(12_000), 'B', 1, 'BELOW_DEMOTION_THRESHOLD', 'C', combined);
    spec(asB).when(commands.evaluateTier('2026-02'), { group: smaller }).then([firstBelow]);
    const march = '2026-04-02T09:00:00.000Z';
    spec([...asB, firstBelow])
      .when(commands.evaluateTier('2026-03', march), {
        group: groupOf({ [OTHER]: revenueOf('2025-03', 13, yuan(49_000)) }),
      })
      .then([
        // March: ¥11,000 of its own (Mar 2025 left the window), the group ¥599,000: C, not NONE.
        changed('B', 'C', '2026-03', yuan(11_000), basis(yuan(599_000)), march),
        evaluated(
          '2026-03',
          yuan(11_000),
          'C',
          0,
          'DEMOTION_AFTER_HYSTERESIS',
          'C',
          basis(yuan(599_000)),
          march,
        ),
      ]);
  });

  it("counts the member's own revenue from its own stream, whatever the group facts say of it", () => {
    const group = groupOf({ ...bank.memberRevenue, [ACCOUNT]: revenueOf('2025-03', 12, yuan(900_000)) });
    spec([registered, ...ownYear])
      .when(commands.evaluateTier('2026-02'), { group })
      .then([
        changed('NONE', 'B', '2026-02', OWN, basis(COMBINED)),
        evaluated('2026-02', OWN, 'B', 0, 'PROMOTION', 'B', basis(COMBINED)),
      ]);
  });

  it('refuses to evaluate a LOST member: its tier stays frozen, group or not', () => {
    spec([registered, ...ownYear, events.lost()])
      .when(commands.evaluateTier('2026-02'), { group: bank })
      .rejects('ACCOUNT_LOST');
  });

  it('refuses a month already evaluated: joining a group does not re-evaluate it', () => {
    const alone = evaluated('2026-02', OWN, 'C', 0, 'FLOOR_MET', 'C', null);
    spec([registered, ...ownYear, changed('NONE', 'C', '2026-01', OWN, null), alone])
      .when(commands.evaluateTier('2026-02'), { group: bank })
      .rejects('PERIOD_ALREADY_EVALUATED');
  });

  it('evaluates every skipped month on the group, each named', () => {
    const april = '2026-04-02T09:00:00.000Z';
    spec([
      registered,
      ...ownYear,
      changed('NONE', 'B', '2025-12', OWN, basis(COMBINED)),
      evaluated('2025-12', OWN, 'B', 0, 'PROMOTION', 'B', basis(COMBINED)),
    ])
      .when(commands.evaluateTier('2026-02', april), { group: bank })
      .then([
        evaluated('2026-01', OWN, 'B', 0, 'FLOOR_MET', 'B', basis(COMBINED), april),
        evaluated('2026-02', OWN, 'B', 0, 'FLOOR_MET', 'B', basis(COMBINED), april),
      ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: whatever the members' revenue and however the account joins and leaves, a member's
// evaluated tier is never below the tier its group's combined T12M qualifies for.

const START = '2025-01';
const MONTHS = 20;
/** Monthly amounts around the floors (¥200k, ¥1M, ¥3M a year), so tiers really move. */
const monthly = fc.oneof(
  fc.constantFrom(0, yuan(5_000), yuan(20_000), yuan(90_000), yuan(260_000)),
  fc.integer({ min: 0, max: yuan(300_000) }),
);
/** A member's revenue: from some month on, every month of the book. */
const memberRevenue = fc
  .record({
    from: fc.integer({ min: 0, max: MONTHS - 1 }),
    amounts: fc.array(monthly, { minLength: MONTHS, maxLength: MONTHS }),
  })
  .map(
    ({ from, amounts }) =>
      Object.fromEntries(
        amounts.slice(from).map((amount, i) => [addPeriods(START, from + i), cny(amount)]),
      ) as RevenueRecords,
  );
const book = fc.record({
  own: memberRevenue,
  others: fc.array(memberRevenue, { minLength: 0, maxLength: 3 }),
  /** In the group or not at each month end: joining and leaving mid-year. */
  inGroup: fc.array(fc.boolean(), { minLength: MONTHS, maxLength: MONTHS }),
  /** Month ends that ran (the others are caught up by the next one). */
  ran: fc.array(fc.boolean(), { minLength: MONTHS, maxLength: MONTHS }),
});

/** Whether some member has the minimum history by the end of `period`. */
const enoughHistory = (members: readonly RevenueRecords[], period: string): boolean =>
  members.some((revenue) =>
    Object.keys(revenue).some(
      (recorded) => recorded <= addPeriods(period, -(POLICY_V1.tiering.minHistoryMonths - 1)),
    ),
  );

describe('members tiered on the group: property', () => {
  it("never tiers a member below what its group's combined T12M qualifies for", () => {
    fc.assert(
      fc.property(book, ({ own, others, inGroup, ran }) => {
        let history: AccountEvent[] = [
          registered,
          ...Object.entries(own).map(([period, money]) => events.revenueRecorded(period, money.amount)),
        ];
        const memberRevenue = Object.fromEntries(others.map((revenue, i) => [`acc-${i}`, revenue]));
        for (let month = 0; month < MONTHS; month += 1) {
          if (!ran[month] && month < MONTHS - 1) continue;
          const period = addPeriods(START, month);
          const at = `${addPeriods(period, 1)}-01T09:00:00.000Z`;
          const group = inGroup[month] ? groupOf(memberRevenue) : null;
          const state = history.reduce(accountDecider.evolve, accountDecider.initialState);
          const decision = accountDecider.decide(commands.evaluateTier(period, at), state, {
            policy: POLICY_V1,
            group,
          });
          if (E.isLeft(decision)) throw new Error(decision.left.message);
          for (const event of decision.right) {
            if (event.type !== 'TierEvaluated' || !('period' in event.data)) continue;
            const data = event.data;
            const basisOf = 'group' in data ? data.group : null;
            expect(basisOf === null).toBe(group === null);
            if (basisOf === null) continue;
            // The combined figure is never below the member's own, and the tier never below the group's.
            expect(basisOf.t12m.amount).toBeGreaterThanOrEqual(data.t12m.amount);
            const groupTier = enoughHistory([own, ...others], data.period)
              ? qualifyingTier(basisOf.t12m.amount, POLICY_V1)
              : 'NONE';
            expect(data.qualifiedTier).toBe(groupTier);
            expect(compareTiers(data.evaluatedTier, groupTier)).toBeGreaterThanOrEqual(0);
          }
          history = [...history, ...decision.right];
        }
      }),
      { numRuns: 200 },
    );
  });
});
