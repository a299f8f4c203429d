// The yearly joint plan (有计划的联合系统): set with each served account early in the year (or
// in the month it gets its manager, then for the whole year), and in December already for the
// coming year by some. The key-account department plans what it expects of the account: the
// revenue of the year (the months already booked, the rest at the account's recent level
// through the season), the units of each SKU it expects to supply, and the cost of the
// promotions agreed with the account. The manager's ambition bends the revenue target: most
// plan a little under or at what they expect, some stretch; a manager who means to grow an
// account whose relationship then cools stretches too, so the plan shows it falling behind.
// Resellers also agree the days of stock they hold off-season and build up for the peak.
import { addDays, endOfPeriod, type IsoDate, type Period, type Tier } from '../domain/kernel/index.js';
import { coolingIn, resells, type AccountProfile } from './account-profile.js';
import { cny } from './cny.js';
import { lineRate } from './commitments.js';
import { atTime } from './demo-calendar.js';
import { ownEventOf, PROMOTION_BUDGET_YUAN, seasonsOf } from './promotions.js';
import { tierClass } from './revenue-plan.js';
import { monthSeasonFactor, seasonFactor } from './season.js';
import type { Random } from './seeded-random.js';
import { isServed, schedule, type AccountSim, type Simulation } from './simulation.js';

/** The share of accounts that settle next year's plan in December. */
const DECEMBER_PLANNERS = 0.35;

/** The smallest target the book sets: a plan aims at some revenue. */
const MIN_TARGET = 10_000_00;

/** Closed months the account's recent level is read from. */
const LEVEL_MONTHS = 3;

/** Days from the plan to a new reseller's first delivery, when no agreement is in sight yet. */
const FIRST_SUPPLY_DAYS = 45;

/**
 * The revenue target over the expected year, by the manager's ambition: most a little under it,
 * as a plan is measured straight-line through the year while the peak's revenue comes last.
 */
const AMBITIONS: readonly (readonly [readonly [number, number], number])[] = [
  [[0.82, 0.93], 0.45],
  [[0.93, 1.0], 0.4],
  [[1.03, 1.12], 0.15],
];
const STRETCH: readonly [number, number] = [1.1, 1.2];

/** A promotion's cost over its budget, on average (promotions.ts draws 0.75 to 1.05). */
const COST_SHARE = 0.9;

interface Draws {
  readonly ambition: number;
  /** Per SKU: the supply desk's forecast error on its expected units. */
  readonly skuError: Readonly<Record<string, number>>;
  readonly promotionMargin: number;
}

const monthsOf = (year: number): Period[] =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/**
 * The account's monthly revenue with the season taken out: its last closed months (or, for a
 * newcomer, its first ones, the volumes agreed when it joined) over their season factors. A month
 * it joined in after the 1st is only part of a month: left out.
 */
const levelOf = (sim: Simulation, profile: AccountProfile, month: number): number => {
  const { revenue, registeredOn } = profile;
  const joined = sim.calendar.monthOf(registeredOn);
  const whole = (m: number) => m > joined || (m === joined && registeredOn.endsWith('-01'));
  const known = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i).filter(
      (m) => m >= 0 && m < revenue.length && revenue[m] !== null && whole(m),
    );
  const before = known(month - LEVEL_MONTHS, month);
  const basis = before.length > 0 ? before : known(month, month + 3);
  const factors = basis.reduce((sum, m) => sum + monthSeasonFactor(sim.calendar.period(m)), 0);
  return factors === 0 ? 0 : basis.reduce((sum, m) => sum + revenue[m]!, 0) / factors;
};

/** The year's revenue at the account's level, minor units: what sizes it (its tier to come). */
const annualAtLevel = (sim: Simulation, profile: AccountProfile, month: number, year: number): number =>
  levelOf(sim, profile, month) * monthsOf(year).reduce((sum, period) => sum + monthSeasonFactor(period), 0);

/** The revenue the department expects of the year: its months booked, the rest at the level. */
const expectedRevenue = (sim: Simulation, profile: AccountProfile, month: number, year: number): number => {
  const level = levelOf(sim, profile, month);
  return monthsOf(year).reduce((sum, period) => {
    const m = sim.calendar.monthOf(`${period}-01`);
    return sum + (m < month ? (profile.revenue[m] ?? 0) : level * monthSeasonFactor(period));
  }, 0);
};

/** Units the account is expected to take of a SKU in the year: sold so far, then demand through the season. */
const expectedUnits = (
  account: AccountSim,
  sku: string,
  month: number,
  on: IsoDate,
  year: number,
): number => {
  const line = account.lines.get(sku);
  const rate = line?.terms.rate ?? lineRate(account, month);
  const soFar = line?.started === true ? line.soldBetween(`${year}-01-01`, addDays(on, -1)) : 0;
  const agreed = account.agreements
    .filter((a) => a.status !== 'EXPIRED' && a.status !== 'TERMINATED')
    .map((a) => a.validity.from)
    .sort()[0];
  const supplyFrom = line?.started === true ? on : (agreed ?? addDays(on, FIRST_SUPPLY_DAYS));
  let units = soFar;
  const from = [`${year}-01-01`, on, supplyFrom].sort().at(-1)!;
  for (let day = from; day <= `${year}-12-31`; day = addDays(day, 1)) units += rate * seasonFactor(day);
  return units;
};

/**
 * What the year's promotions are expected to cost: the budgets of those agreed already, and for
 * each season still ahead that no agreement has planned yet, the usual budget of the tier the
 * account is heading for (the calendar's slots are reserved; one not taken up, or cancelled,
 * leaves its budget unspent).
 */
const expectedPromotionCost = (
  sim: Simulation,
  account: AccountSim,
  month: number,
  on: IsoDate,
  year: number,
): number => {
  const { profile } = account;
  const agreed = account.relation.promotions
    .filter((promotion) => promotion.from.startsWith(`${year}-`))
    .reduce((sum, promotion) => sum + promotion.budget, 0);
  const activated = account.agreements.filter((a) => a.status !== 'PLANNED' && a.status !== 'DRAFT');
  const heading = tierClass(annualAtLevel(sim, profile, month, year) / 100);
  const tier = TIER_RANK[heading] > TIER_RANK[account.tier] ? heading : account.tier;
  const [low, high] = PROMOTION_BUDGET_YUAN[tier];
  const slots = seasonsOf(year, ownEventOf(profile), profile.lines.length > 0)
    .filter((season) => season.window.from > on)
    .filter(
      (season) =>
        !activated.some((a) => a.validity.from <= season.window.from && season.window.to <= a.validity.to),
    ).length;
  const expected = (agreed + slots * ((low + high) / 2) * 100) * COST_SHARE;
  // Nothing on the calendar: a reserve of the tier's smallest promotion, for ad-hoc support.
  return expected === 0 ? low * 100 : expected;
};

const TIER_RANK: Readonly<Record<Tier, number>> = { NONE: 0, C: 1, B: 2, A: 3 };

/** Whether the relationship cools in some month of the year (the manager's growth plan stalls). */
const coolsIn = (sim: Simulation, profile: AccountProfile, year: number): boolean =>
  monthsOf(year).some((period) => coolingIn(profile, sim.calendar.monthOf(`${period}-01`)));

const drawsFor = (sim: Simulation, profile: AccountProfile, year: number, rng: Random): Draws => {
  const [low, high] = coolsIn(sim, profile, year) ? STRETCH : rng.weighted(AMBITIONS);
  return {
    ambition: rng.between(low, high),
    skuError: Object.fromEntries(profile.lines.map((line) => [line.sku, rng.between(0.8, 1.15)])),
    promotionMargin: rng.between(0.9, 1.15),
  };
};

const planFor = (sim: Simulation, account: AccountSim, month: number, year: number, rng: Random): void => {
  const { profile } = account;
  account.relation.plannedYears.add(year);
  const draws = drawsFor(sim, profile, year, rng);
  const skus = resells(profile.industry) ? profile.lines.map((line) => line.sku) : [];
  const stockTargets = Object.fromEntries(
    skus.map((sku) => {
      const offSeasonDays = rng.int(10, 25);
      return [sku, { offSeasonDays, peakDays: offSeasonDays + rng.int(10, 30) }];
    }),
  );
  const last = Number(endOfPeriod(sim.calendar.period(month)).slice(8, 10));
  const on = sim.calendar.on(month, rng.int(3, Math.min(last, 24)));
  const at = atTime(on, 11, rng.int(0, 59));
  // Figured on the day it is set, from what the department knows then.
  schedule(sim, account, at, () => {
    if (account.managerId === null || !isServed(account)) return undefined;
    const revenueTarget = Math.max(
      MIN_TARGET,
      Math.round(expectedRevenue(sim, profile, month, year) * draws.ambition),
    );
    const skuTargets = Object.fromEntries(
      skus.map((sku) => [
        sku,
        Math.max(1, Math.round(expectedUnits(account, sku, month, on, year) * draws.skuError[sku]!)),
      ]),
    );
    const promotionBudget = Math.round(
      expectedPromotionCost(sim, account, month, on, year) * draws.promotionMargin,
    );
    return {
      aggregate: 'account',
      id: profile.accountId,
      type: 'SetAccountPlan',
      data: {
        year,
        revenueTarget: cny(revenueTarget),
        skuTargets,
        promotionBudget: cny(promotionBudget),
        stockTargets,
        at,
      },
      actor: account.managerId,
    };
  });
};

/**
 * This year's plan if the account has none yet (not for the last two months of a year: those
 * plan the next), and in December next year's for some; the others set theirs in January.
 */
export const planAccountPlans = (sim: Simulation, account: AccountSim, month: number): void => {
  if (account.managerId === null || !isServed(account)) return;
  const period = sim.calendar.period(month);
  const year = Number(period.slice(0, 4));
  const monthOfYear = Number(period.slice(5, 7));
  const rng = account.profile.rng.fork(`plan:${month}`);
  const { plannedYears } = account.relation;
  if (!plannedYears.has(year) && monthOfYear <= 10) planFor(sim, account, month, year, rng.fork('this-year'));
  if (monthOfYear === 12 && !plannedYears.has(year + 1) && rng.chance(DECEMBER_PLANNERS)) {
    planFor(sim, account, month, year + 1, rng.fork('next-year'));
  }
};
