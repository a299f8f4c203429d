// What the demo knows about an account before the simulation starts: who it is, its revenue
// month by month, the story it tells and how its supply lines end the book. Drawn by cast.ts.
import type { Industry, IsoDate, Tier } from '../domain/kernel/index.js';

/**
 * The industries whose accounts resell what they buy: retail chains sell the devices in their
 * shops, technology accounts are the distributors and system integrators of the book. They take
 * supply lines (commitments, batches) and report their stock and sell-through every week, as
 * vendor-managed inventory asks. The other industries (a bank, a hospital, a city) consume what
 * they buy: they have agreements, discounts, promotions and rebates, but no stock on a shelf to
 * report, so no supply lines either (a commitment without reports would only show STALE_DATA).
 */
export const RESELLING_INDUSTRIES: readonly Industry[] = ['RETAIL', 'TECHNOLOGY'];

export const resells = (industry: Industry): boolean => RESELLING_INDUSTRIES.includes(industry);
import type { Random } from './seeded-random.js';

/** How a supply line ends the book (as of today), to raise each stock-coverage flag somewhere. */
export type LineScenario =
  | 'normal'
  /** Stock reports stop a few weeks before today: STALE_DATA. */
  | 'stale'
  /** The last month's batch is due weeks after today and no peak supply comes: BELOW_SAFETY, STOCKOUT_RISK. */
  | 'late-batch'
  /** A triple batch in the last month while sales halve: OVERSTOCK. */
  | 'overstock'
  /** No peak supply scheduled ahead of the peak: PEAK_UNDERCOVERED. */
  | 'no-peak-build-up'
  /** The account cut its committed volume before the peak: COMMITMENT_GAP. */
  | 'volume-cut';

export interface LinePlan {
  readonly sku: string;
  readonly scenario: LineScenario;
}

export interface Override {
  readonly on: IsoDate;
  readonly tier: Tier;
  readonly expiresOn: IsoDate;
  readonly reason: string;
}

export interface AccountProfile {
  readonly index: number;
  readonly accountId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly region: string;
  /** What the account is in the book for ('regular' for most). */
  readonly story: string;
  readonly registeredOn: IsoDate;
  /** The first manager and from when; null: never managed (stays a PROSPECT). */
  readonly manager: { readonly managerId: string; readonly from: IsoDate } | null;
  readonly managerChange?: { readonly managerId: string; readonly on: IsoDate };
  /** Revenue of each closed month (index 0 … 23) in minor units; null where none was booked. */
  readonly revenue: readonly (number | null)[];
  /** Credit notes: a month's revenue corrected the month after. */
  readonly corrections: readonly { readonly month: number; readonly delta: number }[];
  readonly atRisk?: { readonly on: IsoDate; readonly reason: string };
  readonly lost?: { readonly on: IsoDate; readonly reason: string; readonly competitor: string };
  readonly reactivatedOn?: IsoDate;
  readonly overrides: readonly Override[];
  /** Feedback scores turn low from this month index on. */
  readonly unhappyFrom?: number;
  /**
   * The relationship cools from this month index on, months before the account is flagged or
   * lost: visits slip to calls, agreed actions stay open, resolved requests are scored low.
   */
  readonly coolingFrom?: number;
  /** The month index the relationship is warm again from (won back). */
  readonly coolingUntil?: number;
  /** The first agreement runs 12 months (a pilot), then a renewal follows. */
  readonly pilot: boolean;
  /** The agreement is extended by 6 months in the autumn of the last year. */
  readonly extendsAgreement: boolean;
  /** A base discount to ask for instead of a random one within the cap. */
  readonly baseDiscountBp?: number;
  /** The first promotion ending in or after this month index sells less instead of more. */
  readonly promotionFlop?: number;
  /** The account's own event (event support) falls in December, in the peak: it overlaps it. */
  readonly peakEvent?: boolean;
  readonly lines: readonly LinePlan[];
  readonly rng: Random;
}

/** The accounts a manager holds in a book of any size (the default book's 320 over 24 managers). */
export const ACCOUNTS_PER_MANAGER = 14;

/**
 * The book's managers: 24, and more in a larger book, so that each holds a key-account
 * manager's handful, not hundreds (a 10,000-account book of 24 managers is no one's business,
 * and its scorecards grow with the accounts each manager holds). Up to 336 accounts the list
 * is the same 24, so those books are unchanged.
 */
export const managersFor = (accounts: number): readonly string[] => {
  const count = Math.max(24, Math.ceil(accounts / ACCOUNTS_PER_MANAGER));
  const digits = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `mgr-${String(i + 1).padStart(digits, '0')}`);
};
/** Approves tier overrides and reactivations: never an account's own manager. */
export const DIRECTORS = ['dir-01', 'dir-02'] as const;

/** Whether the relationship is cooling in month index `month` (see coolingFrom). */
export const coolingIn = (profile: AccountProfile, month: number): boolean =>
  profile.coolingFrom !== undefined &&
  month >= profile.coolingFrom &&
  (profile.coolingUntil === undefined || month < profile.coolingUntil);
