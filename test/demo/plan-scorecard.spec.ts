// The demo book through account_plan, account_plan_skus and manager_scorecard: every served
// account with a manager has this year's plan, some on pace and some behind; every manager has
// a row for each month they held accounts, whose held accounts add up to the book's managed ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeriods, periodOf, POLICY_V2 } from '../../domain/kernel/index.js';
import { openEngine } from '../../src/app/open-engine.js';
import { type Engine } from '../../src/engine.js';
import { BOOK_DAY, presented, removeDir, tempDir, writeDemo } from './demo-fixture.js';

const ACCOUNTS = 30;
const YEAR = Number(BOOK_DAY.slice(0, 4));

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
