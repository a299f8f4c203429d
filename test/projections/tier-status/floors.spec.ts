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
  /** The near-floor fields of a row. */
  const near = (row: Record<string, unknown>) => ({
    nearFloor: row['nearFloor'],
    nearFloorTier: row['nearFloorTier'],
    nearFloorSide: row['nearFloorSide'],
    nearFloorDistanceAmount: row['nearFloorDistanceAmount'],
    nearFloorDistancePct: row['nearFloorDistancePct'],
  });

  it('lists an A account at 95 % of its floor, the one about to be demoted, with the floor, side and distance', () => {
    expect(near(single('A', 2_850_000))).toEqual({
      nearFloor: ['DOWN'],
      nearFloorTier: 'A',
      nearFloorSide: 'BELOW',
      nearFloorDistanceAmount: yuan(150_000),
      nearFloorDistancePct: 5,
    });
  });

  it('lists an account below its own floor, within 10 %', () => {
    expect(near(single('B', 950_000))).toMatchObject({
      nearFloor: ['DOWN'],
      nearFloorTier: 'B',
      nearFloorSide: 'BELOW',
    });
  });

  it('lists an account just above its own floor', () => {
    expect(near(single('B', 1_100_000))).toEqual({
      nearFloor: ['DOWN'],
      nearFloorTier: 'B',
      nearFloorSide: 'ABOVE',
      nearFloorDistanceAmount: yuan(100_000),
      nearFloorDistancePct: 10,
    });
    expect(near(single('C', 210_000))).toMatchObject({
      nearFloor: ['DOWN'],
      nearFloorTier: 'C',
      nearFloorSide: 'ABOVE',
    });
  });

  it('lists an account below a higher floor: the one about to be promoted', () => {
    expect(near(single('C', 936_000))).toEqual({
      nearFloor: ['UP'],
      nearFloorTier: 'B',
      nearFloorSide: 'BELOW',
      nearFloorDistanceAmount: yuan(64_000),
      nearFloorDistancePct: 6.4,
    });
    expect(near(single('NONE', 190_000))).toMatchObject({
      nearFloor: ['UP'],
      nearFloorTier: 'C',
      nearFloorSide: 'BELOW',
    });
  });

  it('lists an account past a higher floor before the month end promotes it', () => {
    expect(near(single('C', 1_050_000))).toMatchObject({
      nearFloor: ['UP'],
      nearFloorTier: 'B',
      nearFloorSide: 'ABOVE',
      nearFloorDistanceAmount: yuan(50_000),
      nearFloorDistancePct: 5,
    });
  });

  it('includes 90 % and 110 % of a floor, not a minor unit beyond', () => {
    expect(single('A', 2_700_000).nearFloorTier).toBe('A');
    expect(single('C', 900_000).nearFloorTier).toBe('B');
    expect(single('B', 1_100_000).nearFloorTier).toBe('B');
    expect(near(single('C', 899_999))).toEqual({
      nearFloor: [],
      nearFloorTier: null,
      nearFloorSide: null,
      nearFloorDistanceAmount: null,
      nearFloorDistancePct: null,
    });
    expect(single('B', 1_100_001).nearFloor).toEqual([]);
    expect(single('NONE', 150_000).nearFloor).toEqual([]);
    expect(single('A', 2_699_999).nearFloor).toEqual([]);
  });

  it('is neither for A far above its floor', () => {
    expect(single('A', 5_000_000).nearFloor).toEqual([]);
  });

  it('serves the distance as a share of the floor to 2 decimals', () => {
    // ¥1,012,345 is 1.2345 % above the B floor.
    expect(single('B', 1_012_345).nearFloorDistancePct).toBe(1.23);
    expect(single('B', 1_000_000).nearFloorDistancePct).toBe(0);
  });

  it('raises no flag for a LOST account, which keeps its figures', () => {
    const b = scenario();
    accountWith(b, 'ACC-1', 'A', 2_850_000).lost('2026-01-05');
    expect(near(statusOf(project(b.events), 'ACC-1', ASOF))).toMatchObject({
      nearFloor: [],
      nearFloorTier: 'A',
      nearFloorSide: 'BELOW',
    });
  });

  it('is stored in SQL: the flag as a JSON array, the floor, side and distance as columns', () => {
    const b = scenario();
    accountWith(b, 'ACC-1', 'C', 936_000);
    accountWith(b, 'ACC-2', 'C', 500_000);
    expect(
      project(b.events)
        .rows('tier_status')
        .map((row) => [
          row['near_floor'],
          row['near_floor_tier'],
          row['near_floor_side'],
          row['near_floor_distance_amount'],
          row['near_floor_distance_pct'],
        ]),
    ).toEqual([
      ['["UP"]', 'B', 'BELOW', yuan(64_000), 6.4],
      ['[]', null, null, null, null],
    ]);
  });

  it('filters with nearFloor=up|down|true|false: about to be promoted, about to be demoted', () => {
    const b = scenario();
    accountWith(b, 'UP-1', 'C', 936_000);
    accountWith(b, 'DOWN-1', 'B', 1_050_000);
    accountWith(b, 'DOWN-2', 'A', 2_850_000);
    accountWith(b, 'FAR-1', 'B', 2_000_000);
    const run = project(b.events);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'up' }))).toEqual(['UP-1']);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'down' }))).toEqual(['DOWN-1', 'DOWN-2']);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'true' }))).toEqual([
      'DOWN-1',
      'DOWN-2',
      'UP-1',
    ]);
    expect(accountIds(query(run, 'tier-status', ASOF, { nearFloor: 'false' }))).toEqual(['FAR-1']);
  });
});
