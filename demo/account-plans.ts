// The yearly joint plan (有计划的联合系统): set with each served account early in the year (or
// in the month it gets its manager), and in December already for the coming year by some. The
// revenue target is the run rate of the year before, with the manager's optimism on top,
// so a steady account lands near it (some beat it, some miss it), a growing one beats it and a
// declining or cooling one misses it. Resellers also plan their volumes per SKU and the days of
// stock they hold off-season and build up for the peak.
import { endOfPeriod } from '../domain/kernel/index.js';
import { resells } from './account-profile.js';
import { cny } from './cny.js';
import { atTime } from './demo-calendar.js';
import type { Random } from './seeded-random.js';
import { isServed, schedule, type AccountSim, type Simulation } from './simulation.js';

/** The share of accounts that settle next year's plan in December. */
const DECEMBER_PLANNERS = 0.35;

/** The smallest target the book sets: a plan aims at some revenue. */
const MIN_TARGET = 10_000_00;

/** Units a year per SKU a reseller plans, by the tier it is in. */
const UNITS: Readonly<Record<string, readonly [number, number]>> = {
  A: [2_000, 6_000],
  B: [600, 2_000],
  C: [150, 600],
  NONE: [50, 150],
};

/** Monthly revenue of the year before `month`, the season evened out (or, for a newcomer, of its first months). */
const runRate = (revenue: readonly (number | null)[], month: number): number => {
  const known = (from: number, to: number) =>
    revenue.slice(Math.max(0, from), to).filter((amount): amount is number => amount !== null);
  const before = known(month - 12, month);
  const basis = before.length > 0 ? before : known(month, month + 3);
  return basis.length === 0 ? 0 : basis.reduce((sum, amount) => sum + amount, 0) / basis.length;
};

const planFor = (
  sim: Simulation,
  account: AccountSim,
  month: number,
  year: number,
  months: number,
  rng: Random,
): void => {
  const { profile } = account;
  account.relation.plannedYears.add(year);
  const revenueTarget = Math.max(
    MIN_TARGET,
    Math.round(runRate(profile.revenue, month) * months * rng.between(0.9, 1.15)),
  );
  const skus = resells(profile.industry) ? profile.lines.map((line) => line.sku) : [];
  const [low, high] = UNITS[account.tier]!;
  const skuTargets = Object.fromEntries(
    skus.map((sku) => [sku, Math.round((rng.int(low, high) * months) / 12) || 1]),
  );
  const stockTargets = Object.fromEntries(
    skus.map((sku) => {
      const offSeasonDays = rng.int(10, 25);
      return [sku, { offSeasonDays, peakDays: offSeasonDays + rng.int(10, 30) }];
    }),
  );
  const promotionBudget = Math.round(
    revenueTarget * (skus.length > 0 ? rng.between(0.02, 0.04) : rng.between(0.005, 0.015)),
  );
  const last = Number(endOfPeriod(sim.calendar.period(month)).slice(8, 10));
  const at = atTime(sim.calendar.on(month, rng.int(3, Math.min(last, 24))), 11, rng.int(0, 59));
  schedule(sim, account, at, () =>
    account.managerId === null || !isServed(account)
      ? undefined
      : {
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
        },
  );
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
  if (!plannedYears.has(year) && monthOfYear <= 10)
    planFor(sim, account, month, year, 13 - monthOfYear, rng.fork('this-year'));
  if (monthOfYear === 12 && !plannedYears.has(year + 1) && rng.chance(DECEMBER_PLANNERS)) {
    planFor(sim, account, month, year + 1, 12, rng.fork('next-year'));
  }
};
