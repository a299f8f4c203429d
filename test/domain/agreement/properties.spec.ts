import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  agreementDecider,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
} from '../../../domain/agreement/index.js';
import {
  addDays,
  addPeriods,
  money,
  POLICY_V1,
  type AccountFacts,
  type AccountStatus,
  type Tier,
} from '../../../domain/kernel/index.js';
import {
  accrueRebate,
  activate,
  approve,
  atDay,
  cancel,
  draft,
  expire,
  extend,
  propose,
  recordResult,
  setBaseDiscount,
  terminate,
} from './builders.js';

// ---- generators: small pools of ids, SKUs and days, so commands often meet each other
const START = '2025-12-01';
const day = fc.integer({ min: 0, max: 520 }).map((n) => addDays(START, n));
const at = day.map(atDay);
const window = fc
  .tuple(fc.integer({ min: 20, max: 420 }), fc.integer({ min: 0, max: 60 }))
  .map(([start, length]) => ({ from: addDays(START, start), to: addDays(START, start + length) }));
const promotionId = fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5');
const skus = fc.uniqueArray(fc.constantFrom('S1', 'S2', 'S3'), { minLength: 1, maxLength: 3 });
const currency = fc.constantFrom('CNY', 'CNY', 'CNY', 'USD');

const draftCommand = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 420 }), at)
  .map(([start, length, when]) =>
    draft({ validity: { from: addDays(START, start), to: addDays(START, start + length) }, at: when }),
  );

const command: fc.Arbitrary<AgreementCommand> = fc.oneof(
  { weight: 1, arbitrary: draftCommand },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2500 })), at)
      .map(([bp, w]) => setBaseDiscount(bp, w)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(at, fc.integer({ min: 0, max: 3 }))
      .map(([w, back]) => activate({ at: w, signedOn: addDays(w.slice(0, 10), -back) })),
  },
  {
    weight: 12,
    arbitrary: fc
      .record({
        id: promotionId,
        window,
        skus,
        concessionBp: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 1800 })),
        at,
      })
      .map(({ id, ...data }) => propose(id, data)),
  },
  { weight: 12, arbitrary: fc.tuple(promotionId, at).map(([id, w]) => approve(id, w)) },
  { weight: 2, arbitrary: promotionId.map((id) => cancel(id)) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(promotionId, currency, at)
      .map(([id, c, w]) => recordResult(id, { actualCost: money(1000, c), at: w })),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 20 }), currency, at)
      .map(([n, c, w]) => accrueRebate({ period: addPeriods('2025-11', n), amount: money(100, c), at: w })),
  },
  { weight: 3, arbitrary: fc.tuple(day, at).map(([to, w]) => extend(to, w)) },
  { weight: 1, arbitrary: fc.constant(terminate()) },
  { weight: 2, arbitrary: at.map((w) => expire(w)) },
);

const accountFacts: fc.Arbitrary<AccountFacts> = fc
  .record({
    tier: fc.constantFrom<Tier>('A', 'A', 'A', 'B', 'B', 'C', 'NONE'),
    status: fc.constantFrom<AccountStatus>(
      ...Array<AccountStatus>(8).fill('ACTIVE'),
      'AT_RISK',
      'PROSPECT',
      'LOST',
    ),
  })
  .map(({ tier, status }) => ({ accountId: 'ACC-1', exists: true, tier, status }));

interface Step {
  readonly command: AgreementCommand;
  readonly account: AccountFacts;
}
const step: fc.Arbitrary<Step> = fc.record({ command, account: accountFacts });
// Every run starts with a draft and its activation by a tier-A account, so most steps act on a live agreement.
const opening: readonly Step[] = [
  {
    command: draft({ validity: { from: '2026-01-01', to: '2026-12-31' } }),
    account: { accountId: 'ACC-1', exists: true, tier: 'A', status: 'ACTIVE' },
  },
  { command: activate(), account: { accountId: 'ACC-1', exists: true, tier: 'A', status: 'ACTIVE' } },
];
const scenario = fc
  .array(step, { minLength: 10, maxLength: 60, size: 'max' })
  .map((steps) => [...opening, ...steps]);

// ---- invariants, checked by brute force (day by day), independently of the decider's helpers
type Live = Extract<AgreementState, { exists: true }>;
const approvedPromotions = (state: Live) =>
  Object.values(state.promotions).filter((p) => p.status === 'APPROVED');

/** Base + concessions on the busiest SKU-day (of `skus` and `range`, when given). */
const worstSkuDayTotal = (
  state: Live,
  scope: { skus?: readonly string[]; range?: { from: string; to: string } } = {},
): number => {
  const range = scope.range ?? state.validity;
  const skus = scope.skus ?? approvedPromotions(state).flatMap((p) => p.skus);
  let worst = state.baseDiscountBp;
  for (const sku of skus) {
    for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
      const total = approvedPromotions(state)
        .filter((p) => p.skus.includes(sku) && p.window.from <= d && d <= p.window.to)
        .reduce((sum, p) => sum + p.concessionBp, state.baseDiscountBp);
      worst = Math.max(worst, total);
    }
  }
  return worst;
};

const overlapsOnSku = (state: Live): boolean => {
  const list = approvedPromotions(state);
  return list.some((a, i) =>
    list.some(
      (b, j) =>
        j > i &&
        a.window.from <= b.window.to &&
        b.window.from <= a.window.to &&
        a.skus.some((s) => b.skus.includes(s)),
    ),
  );
};

const accepted = new Map<string, number>();
const rejected = new Set<string>();

const run = (steps: readonly Step[]): { state: AgreementState; log: AgreementEvent[] } => {
  let state = agreementDecider.initialState;
  const log: AgreementEvent[] = [];
  for (const { command, account } of steps) {
    const before = state;
    const result = agreementDecider.decide(command, state, { policy: POLICY_V1, account });
    if (
      before.exists &&
      (before.status === 'EXPIRED' || before.status === 'TERMINATED') &&
      E.isRight(result)
    ) {
      // A closed agreement is only settled, within 90 days of its last day in force.
      expect(
        ['RecordPromotionResult', 'AccrueRebate'],
        `${command.type} on a ${before.status} agreement`,
      ).toContain(command.type);
      expect(command.data.at.slice(0, 10) <= addDays(before.endedOn!, 90)).toBe(true);
    }
    if (command.type === 'RecordPromotionResult' && E.isRight(result) && before.exists) {
      expect(command.data.at.slice(0, 10) > before.promotions[command.data.promotionId]!.window.to).toBe(
        true,
      );
    }
    if (E.isLeft(result)) {
      rejected.add(result.left.code);
      continue;
    }
    accepted.set(command.type, (accepted.get(command.type) ?? 0) + 1);
    state = result.right.reduce(agreementDecider.evolve, state);
    log.push(...result.right);
    if (!state.exists) throw new Error(`${command.type} accepted without an agreement`);

    const terms = POLICY_V1.tiers[account.tier];
    if (command.type === 'SetBaseDiscount')
      expect(state.baseDiscountBp).toBeLessThanOrEqual(terms.baseDiscountCapBp);
    if (command.type === 'SetBaseDiscount') {
      // A base applies from the day it is set: the days before were granted under the old one.
      const from = command.data.at.slice(0, 10);
      expect(worstSkuDayTotal(state, { range: { from, to: state.validity.to } })).toBeLessThanOrEqual(
        terms.totalConcessionCapBp,
      );
    }
    if (command.type === 'ApprovePromotion') {
      // The approval answers for its own SKU-days; a breach elsewhere is a downgrade's legacy.
      const promotion = state.promotions[command.data.promotionId]!;
      expect(worstSkuDayTotal(state, { skus: promotion.skus, range: promotion.window })).toBeLessThanOrEqual(
        terms.totalConcessionCapBp,
      );
    }
    expect(overlapsOnSku(state)).toBe(false);
    for (const p of approvedPromotions(state)) {
      expect(p.window.from >= state.validity.from && p.window.to <= state.validity.to).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  }
  return { state, log };
};

describe('Agreement properties', () => {
  it('random command sequences never break the invariants', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        run(steps);
      }),
      { numRuns: 300 },
    );
  });

  it('evolve folded over decide is deterministic: the same sequence twice gives the same events and state', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const first = run(steps);
        const second = run(steps);
        expect(second).toEqual(first);
        expect(first.log.reduce(agreementDecider.evolve, agreementDecider.initialState)).toEqual(first.state);
      }),
      { numRuns: 100 },
    );
  });

  // The properties only mean something if the sequences reach the interesting decisions.
  afterAll(() => {
    for (const type of [
      'SetBaseDiscount',
      'ProposePromotion',
      'ApprovePromotion',
      'CancelPromotion',
      'RecordPromotionResult',
      'AccrueRebate',
      'ExtendAgreement',
      'TerminateAgreement',
      'ExpireAgreement',
    ]) {
      expect(accepted.get(type) ?? 0, `no ${type} was ever accepted`).toBeGreaterThan(0);
    }
    for (const code of [
      'DISCOUNT_ABOVE_TIER_CAP',
      'CONCESSIONS_ABOVE_TOTAL_CAP',
      'PROMOTION_OVERLAPS',
      'PROMOTION_OUTSIDE_VALIDITY',
      'PROMOTION_NOT_ENDED',
      'SETTLEMENT_WINDOW_CLOSED',
      'AGREEMENT_CLOSED',
    ]) {
      expect(rejected.has(code), `no command was ever rejected with ${code}`).toBe(true);
    }
  });
});
