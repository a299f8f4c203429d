// Revenue of the demo's accounts: a yearly figure from a Pareto-like spread (so tiers A/B/C
// come out about 10/30/60 %), turned into 24 months that follow the season (season.ts: high
// through the peak, low in the trough after the New Year, as sell-through is), a trend and noise.
import type { IsoDate, Tier } from '../domain/kernel/index.js';
import { DEMO_MONTHS, type DemoCalendar } from './demo-calendar.js';
import type { Random } from './seeded-random.js';
import { monthSeasonFactor } from './season.js';

const yuan = (n: number): number => Math.round(n * 100);

export interface RevenueShape {
  /** Annual revenue, yuan. */
  readonly annual: number;
  /** Monthly growth (e.g. 0.05) from a month index on. */
  readonly growth?: { readonly from: number; readonly rate: number };
  /** A step change (× factor) from a month index on. */
  readonly drop?: { readonly from: number; readonly factor: number };
  /** Months with a share of the usual revenue only (final invoices of a lost account). */
  readonly tail?: Readonly<Record<number, number>>;
  /** No revenue after this month index. */
  readonly until?: number;
}

/** 24 months of revenue: seasonal, trending, noisy; from the registration month (prorated). */
export const revenueOf = (
  shape: RevenueShape,
  registeredOn: IsoDate,
  calendar: DemoCalendar,
  rng: Random,
): (number | null)[] => {
  const first = calendar.monthOf(registeredOn);
  // The season moves revenue between months, not the year's total: the tiers keep their spread.
  const factors = Array.from({ length: DEMO_MONTHS }, (_, month) =>
    monthSeasonFactor(calendar.period(month)),
  );
  const mean = factors.reduce((sum, f) => sum + f, 0) / DEMO_MONTHS;
  return Array.from({ length: DEMO_MONTHS }, (_, month) => {
    if (month < first || (shape.until !== undefined && month > shape.until)) return null;
    const seasonal = factors[month]! / mean;
    const growth =
      shape.growth === undefined ? 1 : (1 + shape.growth.rate) ** Math.max(0, month - shape.growth.from);
    const drop = shape.drop !== undefined && month >= shape.drop.from ? shape.drop.factor : 1;
    const tail = shape.tail?.[month] ?? 1;
    const days = Number(calendar.on(month, 31).slice(8, 10));
    const prorate = month === first ? (days - Number(registeredOn.slice(8, 10)) + 1) / days : 1;
    const noise = rng.between(0.94, 1.06);
    return yuan((shape.annual / 12) * seasonal * growth * drop * tail * prorate * noise);
  });
};

/** About 2 % of booked months get a credit note the month after (never the last month). */
export const correctionsOf = (revenue: readonly (number | null)[], rng: Random) =>
  revenue.flatMap((amount, month) =>
    amount !== null && month < DEMO_MONTHS - 1 && rng.chance(0.02)
      ? [{ month, delta: -Math.round(amount * rng.between(0.02, 0.08)) }]
      : [],
  );

/** Annual revenue (yuan) of the account at this share from the top: log-linear between anchors. */
const ANCHORS: readonly (readonly [number, number])[] = [
  [0, 40_000_000],
  [0.01, 15_000_000],
  [0.1, 3_100_000],
  [0.37, 1_100_000],
  [1, 230_000],
];

export const annualRevenueAt = (shareFromTop: number): number => {
  for (let i = 1; i < ANCHORS.length; i += 1) {
    const [q1, r1] = ANCHORS[i]!;
    const [q0, r0] = ANCHORS[i - 1]!;
    if (shareFromTop <= q1) {
      const f = (shareFromTop - q0) / (q1 - q0);
      return Math.exp(Math.log(r0) + f * (Math.log(r1) - Math.log(r0)));
    }
  }
  return ANCHORS.at(-1)![1];
};

/** The tier an annual revenue (yuan) is heading for, to size the account's supply. */
export const tierClass = (annual: number): Tier =>
  annual >= 3_000_000 ? 'A' : annual >= 1_000_000 ? 'B' : annual >= 200_000 ? 'C' : 'NONE';
