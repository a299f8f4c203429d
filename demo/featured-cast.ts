// The featured cast: the accounts that tell the stories the read models must show — lost, at
// risk, reactivated, demoted with a cap breach, overridden, unmanaged, stale, short of stock,
// overstocked, before an uncovered peak, cut in a shortage, a promotion that flopped. They come
// first in every book (acc-0001 …), so even the smallest book raises every flag. The ones with
// supply lines are resellers (RETAIL, TECHNOLOGY: account-profile.ts); the others consume.
import { addDays, type Industry } from '../domain/kernel/index.js';
import type { AccountProfile, LinePlan, LineScenario } from './account-profile.js';
import { SCARCE_SKU } from './catalogue.js';
import type { DemoCalendar } from './demo-calendar.js';
import type { RevenueShape } from './revenue-plan.js';

export interface Featured {
  readonly story: string;
  readonly industry: Industry;
  readonly revenue: RevenueShape;
  readonly lines: readonly LinePlan[];
  /** Registered on (month index, day); default month 0, day 1 + index. */
  readonly registered?: readonly [number, number];
  /** Manager from (month index, day); null: never; default a few days after registration. */
  readonly managed?: readonly [number, number] | null;
  /** Months whose revenue gets a 5 % credit note the month after. */
  readonly creditNotes?: readonly number[];
  readonly extra?: (calendar: DemoCalendar) => Partial<AccountProfile>;
}

export const line = (sku: string, scenario: LineScenario = 'normal'): LinePlan => ({ sku, scenario });

/** The featured cast, in account order: acc-0001 is the lost account, and so on. */
export const FEATURED: readonly Featured[] = [
  {
    story: 'lost',
    industry: 'RETAIL',
    revenue: { annual: 1_800_000, drop: { from: 17, factor: 0.7 }, tail: { 21: 0.4, 22: 0.1 }, until: 22 },
    lines: [line('MODEM-LTE-X')],
    extra: (c) => ({
      atRisk: { on: c.on(19, 10), reason: 'Usage falling since spring; a competitor is courting them' },
      lost: { on: c.on(21, 20), reason: 'Moved its network to a competitor', competitor: 'Rival Telecom' },
      unhappyFrom: 16,
      coolingFrom: 15,
    }),
  },
  {
    story: 'at-risk',
    industry: 'EDUCATION',
    revenue: { annual: 600_000 },
    lines: [],
    extra: (c) => ({
      atRisk: { on: c.on(22, 14), reason: 'Feedback scores falling for two quarters' },
      unhappyFrom: 18,
      coolingFrom: 18,
    }),
  },
  {
    story: 'at-risk',
    industry: 'LOGISTICS',
    revenue: { annual: 1_600_000, drop: { from: 20, factor: 0.85 } },
    lines: [],
    creditNotes: [14],
    extra: (c) => ({
      atRisk: { on: c.on(23, 19), reason: 'Usage down 15 % since July' },
      coolingFrom: 19,
    }),
  },
  {
    story: 'reactivated',
    industry: 'HEALTHCARE',
    revenue: { annual: 500_000 },
    lines: [],
    extra: (c) => ({
      atRisk: { on: c.on(16, 9), reason: 'Tender for a new network provider announced' },
      reactivatedOn: c.on(20, 6),
      // Cooled before the tender; won back, so warm again from the reactivation.
      coolingFrom: 13,
      coolingUntil: 20,
    }),
  },
  {
    story: 'demoted',
    industry: 'MANUFACTURING',
    revenue: { annual: 1_500_000, drop: { from: 12, factor: 0.25 } },
    lines: [],
    extra: () => ({ baseDiscountBp: 1100 }),
  },
  {
    story: 'grows',
    industry: 'TECHNOLOGY',
    revenue: { annual: 700_000, growth: { from: 6, rate: 0.06 } },
    lines: [line('AP-WIFI6')],
  },
  {
    story: 'grows',
    industry: 'FINANCE',
    revenue: { annual: 2_400_000, growth: { from: 4, rate: 0.05 } },
    lines: [],
  },
  {
    story: 'override-expired',
    industry: 'ENERGY',
    revenue: { annual: 1_700_000 },
    lines: [],
    extra: (c) => ({
      extendsAgreement: true,
      overrides: [
        {
          on: c.on(10, 15),
          tier: 'A',
          expiresOn: addDays(c.on(16, 15), -1),
          reason: 'Strategic account during the smart-grid rollout',
        },
      ],
    }),
  },
  {
    story: 'override-active',
    industry: 'GOVERNMENT',
    revenue: { annual: 450_000 },
    lines: [],
    extra: (c) => ({
      overrides: [
        {
          on: c.on(23, 12),
          tier: 'B',
          expiresOn: addDays(c.on(29, 12), -1),
          reason: 'City-wide e-government programme: serve as B while it runs',
        },
      ],
    }),
  },
  {
    story: 'unmanaged',
    industry: 'TECHNOLOGY',
    revenue: { annual: 1_900_000 },
    lines: [],
    registered: [18, 4],
    managed: null,
  },
  {
    story: 'prospect',
    industry: 'RETAIL',
    revenue: { annual: 0 },
    lines: [],
    registered: [22, 7],
    managed: null,
  },
  {
    story: 'newcomer',
    industry: 'LOGISTICS',
    revenue: { annual: 300_000 },
    lines: [],
    registered: [23, 12],
    managed: [23, 20],
  },
  {
    story: 'stale',
    industry: 'RETAIL',
    revenue: { annual: 5_000_000 },
    lines: [line('ROUTER-AX3000', 'stale'), line('PHONE-P60')],
  },
  {
    story: 'stale',
    industry: 'TECHNOLOGY',
    revenue: { annual: 1_900_000 },
    lines: [line('ONT-GPON-4', 'stale')],
  },
  {
    story: 'low-stock',
    industry: 'TECHNOLOGY',
    revenue: { annual: 4_200_000 },
    lines: [line('SWITCH-24G', 'late-batch')],
  },
  {
    story: 'overstock',
    industry: 'RETAIL',
    revenue: { annual: 2_100_000 },
    lines: [line('AP-WIFI6', 'overstock')],
  },
  {
    story: 'peak-undercovered',
    industry: 'RETAIL',
    revenue: { annual: 6_000_000 },
    lines: [line('ROUTER-AX3000', 'no-peak-build-up'), line('IPCAM-4K')],
    // Its anniversary sale opens the peak: the one promotion that overlaps it.
    extra: () => ({ peakEvent: true }),
  },
  {
    story: 'commitment-gap',
    industry: 'TECHNOLOGY',
    revenue: { annual: 700_000 },
    lines: [line('SIM-IOT-100', 'volume-cut')],
  },
  {
    story: 'shortage',
    industry: 'TECHNOLOGY',
    revenue: { annual: 7_000_000 },
    lines: [line(SCARCE_SKU), line('ROUTER-AX3000')],
  },
  { story: 'shortage', industry: 'RETAIL', revenue: { annual: 2_200_000 }, lines: [line(SCARCE_SKU)] },
  { story: 'shortage', industry: 'TECHNOLOGY', revenue: { annual: 1_400_000 }, lines: [line(SCARCE_SKU)] },
  { story: 'shortage', industry: 'RETAIL', revenue: { annual: 650_000 }, lines: [line(SCARCE_SKU)] },
  {
    story: 'negative-uplift',
    industry: 'RETAIL',
    revenue: { annual: 4_800_000 },
    lines: [line('PHONE-P60')],
    extra: () => ({ promotionFlop: 19 }),
  },
  {
    story: 'manager-change',
    industry: 'GOVERNMENT',
    revenue: { annual: 1_050_000 },
    lines: [],
    extra: (c) => ({ managerChange: { managerId: 'mgr-05', on: c.on(11, 1) }, pilot: true }),
  },
];

/** The fewest accounts a book can have: the featured cast. */
export const MIN_ACCOUNTS = FEATURED.length;
