// The demo book through account_plan, account_plan_skus and manager_scorecard: every served
// account with a manager has this year's plan, some on pace and some behind; every manager has
// a row for each month they held accounts, whose held accounts add up to the book's managed ones.
// The plans are what a key-account department would set, so the rows show a realistic mix:
// revenue targets near the expected year (most on pace, the flagged and lost accounts behind, a
// few growing ones well ahead), SKU targets near the units supplied, budgets near the spend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeriods, periodOf, POLICY_V2 } from '../../domain/kernel/index.js';
import { openEngine } from '../../src/app/open-engine.js';
import { type Engine } from '../../src/engine.js';
import type { PresentedRow } from '../../projections/read-model.js';
import { demoCalendar } from '../../demo/demo-calendar.js';
import { FEATURED } from '../../demo/featured-cast.js';
import { BOOK_DAY, presented, removeDir, tempDir, writeDemo } from './demo-fixture.js';

const ACCOUNTS = 30;
const YEAR = Number(BOOK_DAY.slice(0, 4));

/** Achieved over expected: 1 is exactly on pace. */
const paceRatio = (row: PresentedRow): number => Number(row['shareAchieved']) / Number(row['expectedShare']);

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const shareOf = <T>(items: readonly T[], test: (item: T) => boolean): number =>
  items.filter(test).length / items.length;

describe('the demo book’s plans and scorecards', () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    dir = tempDir('plan-scorecard');
    await writeDemo(dir, { accounts: ACCOUNTS });
    engine = openEngine({ dataDir: dir });
  }, 120_000);

  afterAll(async () => {
    await engine.close();
    removeDir(dir);
  });

  it('shows this year’s plans, some on pace and some behind, with revenue to date and the share expected', async () => {
    const plans = (await presented(engine, 'account-plan', BOOK_DAY)).filter((row) => row['year'] === YEAR);
    expect(plans.length).toBeGreaterThanOrEqual(10);
    expect(plans.some((row) => row['onPace'] === true)).toBe(true);
    expect(plans.some((row) => row['onPace'] === false)).toBe(true);
    for (const row of plans) {
      expect(row['revenueThrough']).toBe(addPeriods(periodOf(BOOK_DAY), -1));
      expect(row['expectedShare']).toBe(0.83);
      expect(row['revenueToDateAmount']).toBeGreaterThan(0);
    }
    // The shares achieved spread around the expected one, not piled at 0 or far above.
    const shares = plans.map((row) => Number(row['shareAchieved'])).sort((a, b) => a - b);
    expect(shares[Math.floor(shares.length / 2)]).toBeGreaterThan(0.5);
    expect(shares[Math.floor(shares.length / 2)]).toBeLessThan(1.2);
  });

  it('shows the resellers’ SKU volumes against their targets, with the stock levels agreed', async () => {
    const skus = (await presented(engine, 'account-plan-skus', BOOK_DAY)).filter(
      (row) => row['year'] === YEAR,
    );
    expect(skus.length).toBeGreaterThan(0);
    expect(skus.some((row) => Number(row['deliveredQty']) > 0)).toBe(true);
    expect(
      skus.every(
        (row) => row['peakDays'] === null || Number(row['peakDays']) >= Number(row['offSeasonDays']),
      ),
    ).toBe(true);
  });

  it('aims revenue targets near the expected year: most on pace, the flagged and lost accounts behind, a few ahead', async () => {
    const plans = (await presented(engine, 'account-plan', BOOK_DAY)).filter((row) => row['year'] === YEAR);
    expect(shareOf(plans, (row) => row['onPace'] === true)).toBeGreaterThanOrEqual(0.55);
    expect(shareOf(plans, (row) => row['onPace'] === true)).toBeLessThanOrEqual(0.85);
    expect(median(plans.map(paceRatio))).toBeGreaterThan(0.9);
    expect(median(plans.map(paceRatio))).toBeLessThan(1.15);
    // Well ahead (growing accounts), but only a few.
    const ahead = plans.filter((row) => paceRatio(row) >= 1.2);
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.length).toBeLessThanOrEqual(plans.length / 5);
    // A target no account is anywhere near (the plans of old: 5 to 700 times off) would show here.
    expect(plans.every((row) => paceRatio(row) > 0.3 && paceRatio(row) < 2)).toBe(true);
    // The accounts the book loses or whose relationship cools (the featured stories): their
    // managers planned on growth that did not come, so their plans fall clearly behind.
    const calendar = demoCalendar(BOOK_DAY);
    const cooling = new Set(
      FEATURED.flatMap((featured, index) =>
        featured.extra?.(calendar).coolingFrom === undefined
          ? []
          : [`acc-${String(index + 1).padStart(4, '0')}`],
      ),
    );
    const troubled = plans.filter((row) => row['status'] === 'LOST' || cooling.has(String(row['accountId'])));
    expect(troubled.length).toBeGreaterThanOrEqual(3);
    for (const row of troubled) {
      expect(row['onPace']).toBe(false);
      expect(paceRatio(row)).toBeLessThan(0.9);
    }
  });

  it('sets SKU targets near the units supplied, budgets near the promotions’ spend, every plan for the whole year', async () => {
    const skus = (await presented(engine, 'account-plan-skus', BOOK_DAY)).filter(
      (row) => row['year'] === YEAR && row['targetQty'] !== null,
    );
    expect(skus.length).toBeGreaterThanOrEqual(10);
    expect(shareOf(skus, (row) => paceRatio(row) >= 0.5 && paceRatio(row) <= 1.5)).toBeGreaterThanOrEqual(
      0.6,
    );
    expect(median(skus.map(paceRatio))).toBeGreaterThan(0.7);
    expect(median(skus.map(paceRatio))).toBeLessThan(1.2);
    expect(skus.some((row) => row['onPace'] === true)).toBe(true);

    const plans = (await presented(engine, 'account-plan', BOOK_DAY)).filter((row) => row['year'] === YEAR);
    expect(plans.every((row) => Number(row['promotionBudgetAmount']) > 0)).toBe(true);
    expect(
      plans.every((row) => Number(row['promotionSpendAmount']) <= 2 * Number(row['promotionBudgetAmount'])),
    ).toBe(true);
    const spent = plans.filter((row) => Number(row['promotionSpendAmount']) > 0);
    expect(spent.length).toBeGreaterThanOrEqual(5);
    expect(median(spent.map((row) => Number(row['promotionBudgetUsed'])))).toBeGreaterThan(0.7);
    expect(median(spent.map((row) => Number(row['promotionBudgetUsed'])))).toBeLessThan(1.3);

    // A plan set in the year (a new manager) still aims at the whole year: its revenue to date
    // includes the months before it was set, so the pace it shows is near the others'.
    for (const row of plans.filter((p) => String(p['planSetOn']) > `${YEAR}-02-01`)) {
      expect(paceRatio(row)).toBeGreaterThan(0.6);
      expect(paceRatio(row)).toBeLessThan(1.5);
    }
  });

  it('scores every manager month by month: held accounts add up to the managed ones, cadence within 0..1 under v2', async () => {
    const month = addPeriods(periodOf(BOOK_DAY), -1);
    const rows = await presented(engine, 'manager-scorecard', BOOK_DAY, POLICY_V2);
    const ofMonth = rows.filter((row) => row['month'] === month);
    expect(ofMonth.length).toBeGreaterThanOrEqual(3);
    const managed = (await presented(engine, 'tier-status', `${month}-30`)).filter(
      (row) => row['managerId'] !== null && row['status'] !== 'LOST',
    );
    expect(ofMonth.reduce((sum, row) => sum + Number(row['accountsHeld']), 0)).toBe(managed.length);
    // A manager holding accounts carries their revenue (a newcomer's first months aside).
    const holding = ofMonth.filter((row) => Number(row['accountsHeld']) > 0);
    expect(holding.filter((row) => Number(row['portfolioT12mAmount']) > 0).length).toBeGreaterThan(
      holding.length / 2,
    );
    const cadence = rows.map((row) => row['visitCadenceKept']).filter((kept) => kept !== null);
    expect(cadence.length).toBeGreaterThan(0);
    expect(cadence.every((kept) => Number(kept) >= 0 && Number(kept) <= 1)).toBe(true);
    expect(new Set(cadence).size).toBeGreaterThan(1);
    expect(rows.some((row) => row['slaCompliance'] !== null)).toBe(true);
    expect(rows.some((row) => row['averageSatisfaction'] !== null)).toBe(true);
    expect(rows.some((row) => Number(row['groupsHeld']) > 0)).toBe(true);
  });
});
