// Promotions designed with the account: 618 in June (a joint promotion), its own events in
// September (event support), a price concession over the December peak. Proposed a month ahead
// (supply plans for the lift from then), approved two weeks ahead only while base discount and
// concession fit the tier's total cap — else cancelled — and measured a week after the window.
import { addDays, type DateRange, type IsoDate } from '../domain/kernel/index.js';
import { totalConcessionCapOf, type PromotionKind } from '../domain/agreement/index.js';
import { cny } from './cny.js';
import { atTime } from './demo-calendar.js';
import type { Random } from './seeded-random.js';
import { schedule, tierAt, type AccountSim, type AgreementSim, type Simulation } from './simulation.js';

/** The promotion calendar of a year: 618, the account's own autumn events, the December peak. */
const SEASON: readonly { kind: PromotionKind; from: string; to: string; code: string }[] = [
  { kind: 'JOINT_PROMOTION', from: '05-20', to: '06-18', code: 'jp' },
  { kind: 'EVENT_SUPPORT', from: '09-08', to: '09-28', code: 'ev' },
  { kind: 'PRICE_CONCESSION', from: '12-05', to: '12-26', code: 'pc' },
];

const concessionWanted = (kind: PromotionKind, rng: Random): number =>
  kind === 'JOINT_PROMOTION'
    ? rng.int(4, 8) * 50
    : kind === 'PRICE_CONCESSION'
      ? rng.int(6, 12) * 50
      : rng.int(0, 3) * 50;

/** Once an agreement is active: about half of the seasons in its validity get a promotion. */
export const planPromotions = (
  sim: Simulation,
  account: AccountSim,
  agreement: AgreementSim,
  activatedOn: IsoDate,
) => {
  const { profile } = account;
  const firstYear = Number(agreement.validity.from.slice(0, 4));
  const lastYear = Number(agreement.validity.to.slice(0, 4));
  for (let year = firstYear; year <= lastYear; year += 1) {
    for (const season of SEASON) {
      const window = { from: `${year}-${season.from}`, to: `${year}-${season.to}` };
      const rng = profile.rng.fork(`promotion:${agreement.agreementId}:${window.from}`);
      const flop =
        profile.promotionFlop !== undefined && sim.calendar.monthOf(window.to) === profile.promotionFlop;
      const proposeOn = addDays(window.from, -30);
      if (window.from < agreement.validity.from || window.to > agreement.validity.to) continue;
      if (proposeOn <= activatedOn || !(flop || rng.chance(0.5))) continue;
      planPromotion(sim, account, agreement, { ...season, window, proposeOn, flop }, rng);
    }
  }
};

interface PromotionPlan {
  readonly kind: PromotionKind;
  readonly code: string;
  readonly window: DateRange;
  readonly proposeOn: IsoDate;
  /** Sales fall in the window instead of rising. */
  readonly flop: boolean;
}

/** One promotion: proposed, then approved or cancelled, then measured. */
const planPromotion = (
  sim: Simulation,
  account: AccountSim,
  agreement: AgreementSim,
  plan: PromotionPlan,
  rng: Random,
): void => {
  const { profile } = account;
  const { window, kind } = plan;
  const promotionId = `${plan.code}-${window.from}`;
  // Event support covers everything the account takes; the others one product.
  const skus = kind === 'EVENT_SUPPORT' ? agreement.skus : agreement.skus.slice(0, 1);
  // The lines exist once the commitments are created, after the agreement: look them up late.
  const linesOf = () => skus.map((sku) => account.lines.get(sku));
  const ref = { aggregate: 'agreement', id: agreement.agreementId } as const;
  const budgetYuan = {
    A: [80_000, 300_000],
    B: [30_000, 120_000],
    C: [10_000, 40_000],
    NONE: [5_000, 10_000],
  }[account.tier];
  const budget = cny(Math.round(rng.between(budgetYuan[0]!, budgetYuan[1]!)) * 100);
  let status: 'NONE' | 'PROPOSED' | 'APPROVED' | 'CANCELLED' = 'NONE';
  let concessionBp = 0;
  let undo: (() => void)[] = [];
  const open = () =>
    (agreement.status === 'DRAFT' || agreement.status === 'ACTIVE') && account.status !== 'LOST';

  const proposeAt = atTime(plan.proposeOn, 10, 0);
  schedule(
    sim,
    account,
    proposeAt,
    () => {
      if (!open()) return undefined;
      const headroom = totalConcessionCapOf(account.tier, sim.engine.policy) - agreement.baseDiscountBp;
      concessionBp = Math.max(0, Math.min(concessionWanted(kind, rng), headroom));
      const expected = linesOf().reduce(
        (sum, line) => sum + (line?.expectedDemand(window.from, window.to) ?? 0),
        0,
      );
      return {
        ...ref,
        type: 'ProposePromotion',
        data: {
          promotionId,
          kind,
          window,
          skus,
          plannedQty: Math.max(1, expected > 0 ? Math.round(expected * 1.3) : rng.int(200, 2000)),
          budget,
          concessionBp,
          fundingSplitBp: kind === 'PRICE_CONCESSION' ? 10_000 : rng.int(6, 14) * 500,
          at: proposeAt,
        },
        actor: account.managerId ?? 'trade-marketing',
      };
    },
    () => {
      status = 'PROPOSED';
      // Supply plans for the lift from the proposal on; a cancelled promotion takes it back.
      const factor = plan.flop ? 0.75 : rng.between(1.15, 1.6);
      undo = linesOf().flatMap((line) => (line === undefined ? [] : [line.boost(window, factor)]));
    },
  );

  const decideAt = atTime(addDays(window.from, -14), 11, 0);
  schedule(
    sim,
    account,
    decideAt,
    async () => {
      if (status !== 'PROPOSED' || !open()) return undefined;
      const tier = await tierAt(sim, profile.accountId, decideAt);
      const fits = agreement.baseDiscountBp + concessionBp <= totalConcessionCapOf(tier, sim.engine.policy);
      const withdrawn = !plan.flop && rng.chance(0.08);
      if (fits && !withdrawn) {
        return {
          ...ref,
          type: 'ApprovePromotion',
          data: { promotionId, at: decideAt },
          actor: 'trade-marketing',
        };
      }
      status = 'CANCELLED';
      const reason = withdrawn
        ? 'The account withdrew from the campaign'
        : "The concession no longer fits the tier's total cap";
      return {
        ...ref,
        type: 'CancelPromotion',
        data: { promotionId, reason, at: decideAt },
        actor: 'trade-marketing',
      };
    },
    (result) => {
      if (result.events[0]?.type === 'PromotionApproved') status = 'APPROVED';
      else for (const takeBack of undo) takeBack();
    },
  );

  const resultAt = atTime(addDays(window.to, 7), 15, 0);
  schedule(sim, account, resultAt, () => {
    if (status !== 'APPROVED' || !open()) return undefined;
    const sold = linesOf().reduce((sum, line) => sum + (line?.soldBetween(window.from, window.to) ?? 0), 0);
    return {
      ...ref,
      type: 'RecordPromotionResult',
      data: {
        promotionId,
        actualQty: sold > 0 ? sold : rng.int(150, 1500),
        actualCost: cny(Math.round(budget.amount * rng.between(0.75, 1.05))),
        at: resultAt,
      },
      actor: 'trade-marketing',
    };
  });
};
