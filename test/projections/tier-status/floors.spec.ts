// Revenue against the floors: the gap to the next tier's floor, and the accounts within 10 % of
// a floor (nearFloor: UP below the next tier's floor, DOWN above their own).
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../../domain/kernel/index.js';
import { scenario, yuan } from './scenario.js';
import { accountIds, project, query, statusOf } from './serve.js';

const ASOF = '2026-01-15';

/** An account of `tier` whose T12M as of 2025-12 is `t12mYuan` (12 equal months of 2025). */
const accountWith = (b: ReturnType<typeof scenario>, accountId: string, tier: Tier, t12mYuan: number) => {
  const account = b.account(accountId);
  account.registered('2024-12-02');
  if (tier !== 'NONE') account.tierChanged('NONE', tier, '2024-11', t12mYuan, '2024-12-03');
  // December takes the remainder, so the year sums to exactly t12mYuan.
  for (let month = 1; month <= 12; month++) {
    const period = `2025-${String(month).padStart(2, '0')}`;
    account.revenue(
      period,
      month === 12 ? t12mYuan - 11 * Math.floor(t12mYuan / 12) : Math.floor(t12mYuan / 12),
    );
  }
  return account;
};

const single = (tier: Tier, t12mYuan: number) => {
  const b = scenario();
  accountWith(b, 'ACC-1', tier, t12mYuan);
  return statusOf(project(b.events), 'ACC-1', ASOF);
};

describe('tier_status: gap to the next floor', () => {
  it('is the amount missing to the next tier’s floor', () => {
    expect(single('NONE', 150_000).gapToNextFloor).toBe(yuan(50_000));
    expect(single('C', 400_000).gapToNextFloor).toBe(yuan(600_000));
    expect(single('B', 1_200_000).gapToNextFloor).toBe(yuan(1_800_000));
  });

  it('is null for A: there is no next floor', () => {
    expect(single('A', 3_500_000).gapToNextFloor).toBeNull();
  });

  it('is 0 once the next floor is reached, before the month-end evaluation promotes', () => {
    expect(single('C', 1_050_000).gapToNextFloor).toBe(0);
  });

  it('measures from the effective tier: an override to A leaves no gap', () => {
    const b = scenario();
    accountWith(b, 'ACC-1', 'C', 400_000).overridden('A', '2026-03-31', '2026-01-05');
    expect(statusOf(project(b.events), 'ACC-1', ASOF).gapToNextFloor).toBeNull();
  });
});

describe('tier_status: near a floor', () => {
  it('is UP within 10 % below the next tier’s floor, the boundary included', () => {
    expect(single('C', 936_000).nearFloor).toEqual(['UP']);
    expect(single('C', 900_000).nearFloor).toEqual(['UP']);
    expect(single('NONE', 190_000).nearFloor).toEqual(['UP']);
  });

  it('is not UP further below the next floor', () => {
    expect(single('C', 899_999).nearFloor).toEqual([]);
    expect(single('NONE', 150_000).nearFloor).toEqual([]);
  });

  it('is DOWN within 10 % above the own tier’s floor, the boundary included', () => {
    expect(single('B', 1_000_000).nearFloor).toEqual(['DOWN']);
    expect(single('B', 1_100_000).nearFloor).toEqual(['DOWN']);
    expect(single('C', 210_000).nearFloor).toEqual(['DOWN']);
  });

  it('is not DOWN further above the floor, nor once below it (the below-floor streak tells that)', () => {
    expect(single('B', 1_100_001).nearFloor).toEqual([]);
    expect(single('B', 950_000).nearFloor).toEqual([]);
  });

  it('is neither for A far above its floor', () => {
    expect(single('A', 5_000_000).nearFloor).toEqual([]);
  });

  it('is stored as a JSON array in SQL', () => {
    const b = scenario();
    accountWith(b, 'ACC-1', 'C', 936_000);
    accountWith(b, 'ACC-2', 'C', 500_000);
    expect(
      project(b.events)
        .rows('tier_status')
        .map((row) => row['near_floor']),
    ).toEqual(['["UP"]', '[]']);
  });

  it('filters with nearFloor=up|down|true|false', () => {
    const b = scenario();
    accountWith(b, 'UP-1', 'C', 936_000);
    accountWith(b, 'DOWN-1', 'B', 1_050_000);
    accountWith(b, 'FAR-1', 'B', 2_000_000);
    const run = project(b.events);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'up' }))).toEqual(['UP-1']);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'down' }))).toEqual(['DOWN-1']);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'true' }))).toEqual(['DOWN-1', 'UP-1']);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'false' }))).toEqual(['FAR-1']);
  });
});
