// Who is in the demo book: the featured cast (featured-cast.ts), then regular accounts whose
// revenue follows a Pareto-like spread. Everything an account will do is drawn here, from its
// own random stream, before the simulation starts.
import { INDUSTRIES, addDays, type Industry } from '../domain/kernel/index.js';
import { accountNamer, REGIONS } from './account-names.js';
import { managersFor, resells, type AccountProfile, type LinePlan } from './account-profile.js';
import { COMMON_SKUS } from './catalogue.js';
import { DEMO_MONTHS, type DemoCalendar } from './demo-calendar.js';
import { FEATURED, line } from './featured-cast.js';
import { annualRevenueAt, correctionsOf, revenueOf, tierClass, type RevenueShape } from './revenue-plan.js';
import type { Random } from './seeded-random.js';

export { MIN_ACCOUNTS } from './featured-cast.js';

/** `acc-0001`: four digits up to 9,999 accounts, as many as the largest number beyond (ids sort by number). */
export const accountIdsOf =
  (accounts: number) =>
  (index: number): string =>
    `acc-${String(index + 1).padStart(Math.max(4, String(accounts).length), '0')}`;

/** The lines of a regular account: a reseller's by the tier its revenue heads for, none for the others. */
const regularLines = (industry: Industry, annual: number, rng: Random): LinePlan[] => {
  if (!resells(industry)) return [];
  const tier = tierClass(annual);
  const count = tier === 'A' ? 3 : tier === 'B' ? rng.int(2, 3) : tier === 'C' ? rng.int(1, 2) : 0;
  return rng
    .shuffle(COMMON_SKUS)
    .slice(0, count)
    .map((sku) => line(sku));
};

export const castOf = (accounts: number, calendar: DemoCalendar, rng: Random): AccountProfile[] => {
  const nameOf = accountNamer();
  const accountIdOf = accountIdsOf(accounts);
  const managers = managersFor(accounts);
  const names = rng.fork('names');
  const featured = FEATURED.map((f, index): AccountProfile => {
    const own = rng.fork(`account:${index}`);
    const registeredOn = calendar.on(f.registered?.[0] ?? 0, f.registered?.[1] ?? 1 + (index % 14));
    const managed =
      f.managed === undefined ? addDays(registeredOn, 2) : f.managed && calendar.on(...f.managed);
    const region = REGIONS[index % REGIONS.length]!;
    const revenue =
      f.revenue.annual === 0
        ? Array.from({ length: DEMO_MONTHS }, () => null)
        : revenueOf(f.revenue, registeredOn, calendar, own.fork('revenue'));
    return {
      index,
      accountId: accountIdOf(index),
      name: nameOf(f.industry, region, names),
      industry: f.industry,
      region,
      story: f.story,
      registeredOn,
      manager: managed === null ? null : { managerId: managers[index % managers.length]!, from: managed },
      revenue,
      corrections: (f.creditNotes ?? []).map((month) => ({
        month,
        delta: -Math.round((revenue[month] ?? 0) * 0.05),
      })),
      overrides: [],
      pilot: false,
      extendsAgreement: false,
      lines: f.lines,
      rng: own,
      ...f.extra?.(calendar),
    };
  });

  const regulars = accounts - FEATURED.length;
  // Stratified shares from the top, shuffled: the spread holds for any number of accounts.
  const shares = rng
    .fork('shares')
    .shuffle(Array.from({ length: regulars }, (_, i) => (i + rng.fork(`share:${i}`).next()) / regulars));
  const regular = shares.map((share, i): AccountProfile => {
    const index = FEATURED.length + i;
    const own = rng.fork(`account:${index}`);
    const industry = own.pick(INDUSTRIES);
    const region = own.pick(REGIONS);
    const annual = annualRevenueAt(share);
    const founding = own.chance(0.85);
    const registeredOn = founding
      ? calendar.on(0, own.int(1, 15))
      : calendar.on(own.int(1, 19), own.int(1, 28));
    const managed = own.chance(0.97);
    const trend = own.weighted<'flat' | 'growth' | 'decline'>([
      ['flat', 80],
      ['growth', 7],
      ['decline', 13],
    ]);
    const shape: RevenueShape = {
      annual,
      ...(trend === 'flat'
        ? {}
        : {
            growth: { from: own.int(3, 18), rate: (trend === 'growth' ? 1 : -1) * own.between(0.005, 0.015) },
          }),
    };
    const revenue = revenueOf(shape, registeredOn, calendar, own.fork('revenue'));
    const managerId = own.pick(managers);
    // A new manager at least two months after the first one, within the book.
    const earliestChange = Math.max(7, calendar.monthOf(registeredOn) + 2);
    const change = managed && earliestChange <= 22 && own.chance(0.05);
    return {
      index,
      accountId: accountIdOf(index),
      name: nameOf(industry, region, names),
      industry,
      region,
      story: 'regular',
      registeredOn,
      manager: managed ? { managerId, from: addDays(registeredOn, own.int(0, 14)) } : null,
      ...(change
        ? {
            managerChange: {
              managerId: own.pick(managers.filter((m) => m !== managerId)),
              on: calendar.on(own.int(earliestChange, 22), own.int(1, 28)),
            },
          }
        : {}),
      revenue,
      corrections: correctionsOf(revenue, own.fork('corrections')),
      overrides: [],
      pilot: own.chance(0.25),
      extendsAgreement: own.chance(0.15),
      lines: regularLines(industry, annual, own.fork('lines')),
      rng: own,
    };
  });
  return [...featured, ...regular];
};
