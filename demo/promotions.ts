// Promotions designed with the account where a key-account manager puts them: off-season pushes
// (a joint promotion in the trough after the New Year, a summer price push for 618) and event
// support for the account's own event (its anniversary, on its own date). The peak sells by
// itself: no promotion's 28-day baseline reaches into it. Proposed a month ahead (supply plans
// for the lift from then), approved two weeks ahead only while base discount and concession fit
// the tier's total cap on every SKU and day — else cancelled — and measured a week after the
// window has ended.
import { addDays, type DateRange, type IsoDate, type Tier } from '../domain/kernel/index.js';
import { totalConcessionCapOf, type PromotionKind } from '../domain/agreement/index.js';
import type { AccountProfile } from './account-profile.js';
import { cny } from './cny.js';
import { atTime } from './demo-calendar.js';
import { newYearOf } from './season.js';
import type { Random } from './seeded-random.js';
import { schedule, tierAt, type AccountSim, type AgreementSim, type Simulation } from './simulation.js';

interface Season {
  readonly kind: PromotionKind;
  readonly code: string;
  readonly window: DateRange;
  /** How likely an account runs it in a year. */
  readonly chance: number;
}

/**
 * The account's own event: its anniversary, drawn once per account, ending before the four
 * weeks whose sales the build-up is judged on (a December one overlaps the peak).
 */
const OWN_EVENTS: readonly (readonly [string, string])[] = [
  ['04-20', '05-10'],
  ['07-10', '07-31'],
  ['08-25', '09-14'],
  ['09-20', '10-10'],
];
export const PEAK_EVENT: readonly [string, string] = ['12-01', '12-21'];

/** A year's promotion calendar for an account; windows never overlap, so concessions never stack. */
export const seasonsOf = (year: number, ownEvent: readonly [string, string], resells: boolean): Season[] => {
  // Four weeks into the trough: the baseline is the trough itself, after the peak's last day.
  const springFrom = addDays(newYearOf(year), 28);
  return [
    ...(resells
      ? [
          {
            kind: 'JOINT_PROMOTION' as const,
            code: 'jp',
            window: { from: springFrom, to: addDays(springFrom, 20) },
            chance: 0.6,
          },
        ]
      : []),
    {
      kind: 'PRICE_CONCESSION',
      code: 'pc',
      window: { from: `${year}-06-01`, to: `${year}-06-18` },
      chance: resells ? 0.5 : 0.3,
    },
    {
      kind: 'EVENT_SUPPORT',
      code: 'ev',
      window: { from: `${year}-${ownEvent[0]}`, to: `${year}-${ownEvent[1]}` },
      chance: resells ? 0.6 : 0.4,
    },
  ];
};

const concessionWanted = (kind: PromotionKind, rng: Random): number =>
  kind === 'JOINT_PROMOTION'
    ? rng.int(4, 8) * 50
    : kind === 'PRICE_CONCESSION'
      ? rng.int(6, 12) * 50
      : rng.int(0, 3) * 50;

/** Once an agreement is active: the promotions of the seasons in its validity the account takes up. */
/** The account's own event (its anniversary): the same every year. */
export const ownEventOf = (profile: AccountProfile): readonly [string, string] =>
  profile.peakEvent ? PEAK_EVENT : profile.rng.fork('own-event').pick(OWN_EVENTS);

/** A promotion's budget by the account's tier, yuan (from, to). */
export const PROMOTION_BUDGET_YUAN: Readonly<Record<Tier, readonly [number, number]>> = {
  A: [80_000, 300_000],
  B: [30_000, 120_000],
  C: [10_000, 40_000],
  NONE: [5_000, 10_000],
};

export const planPromotions = (
  sim: Simulation,
  account: AccountSim,
  agreement: AgreementSim,
  activatedOn: IsoDate,
) => {
  const { profile } = account;
  const ownEvent = ownEventOf(profile);
  const resells = profile.lines.length > 0;
  const firstYear = Number(agreement.validity.from.slice(0, 4));
  const lastYear = Number(agreement.validity.to.slice(0, 4));
  let flopped = false;
  const seasons = Array.from({ length: lastYear - firstYear + 1 }, (_, i) =>
    seasonsOf(firstYear + i, ownEvent, resells),
  )
    .flat()
    .sort((a, b) => (a.window.from < b.window.from ? -1 : 1));
  for (const season of seasons) {
    const { window } = season;
    const rng = profile.rng.fork(`promotion:${agreement.agreementId}:${window.from}`);
    const proposeOn = addDays(window.from, -30);
    if (window.from < agreement.validity.from || window.to > agreement.validity.to) continue;
    if (proposeOn <= activatedOn) continue;
    // The account's promotion that flopped: its first one ending in or after that month.
    const flop: boolean =
      !flopped &&
      profile.promotionFlop !== undefined &&
      sim.calendar.monthOf(window.to) >= profile.promotionFlop;
    flopped ||= flop;
    const peakEvent = profile.peakEvent === true && season.kind === 'EVENT_SUPPORT';
    if (!(flop || peakEvent || rng.chance(season.chance))) continue;
    planPromotion(sim, account, agreement, { ...season, proposeOn, flop }, rng);
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
  const budgetYuan = PROMOTION_BUDGET_YUAN[account.tier];
  const budget = cny(Math.round(rng.between(budgetYuan[0], budgetYuan[1])) * 100);
  // The yearly plan budgets for the promotions agreed with the account (account-plans.ts).
  account.relation.promotions.push({ from: window.from, budget: budget.amount });
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
      // The cap holds on every day of the agreement, the days of its earlier promotions too.
      const busiest = Math.max(concessionBp, agreement.approvedConcessionBp);
      const fits = agreement.baseDiscountBp + busiest <= totalConcessionCapOf(tier, sim.engine.policy);
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
      if (result.events[0]?.type === 'PromotionApproved') {
        status = 'APPROVED';
        agreement.approvedConcessionBp = Math.max(agreement.approvedConcessionBp, concessionBp);
      } else for (const takeBack of undo) takeBack();
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
