// The 0/1 columns behind nearFloor and withoutManager: as of the row's own day when the
// projector writes it, as of today when the daily job keeps it current, and always what the
// presented filter says of the row on that day, for every value.
import { describe, expect, it } from 'vitest';
import { POLICY_V1, POLICY_V2, type IsoDate, type Policy, type Tier } from '../../../domain/kernel/index.js';
import type { Collection, Row } from '../../../projections/projection.js';
import { projection } from '../../../projections/tier-status/index.js';
import { scenario } from './scenario.js';
import { project, readModelNamed, statusOf } from './serve.js';

const COLUMNS = ['near_floor_either', 'near_floor_up', 'near_floor_down', 'without_manager'] as const;
const tierStatus = projection.collections['tier_status'] as unknown as Collection<unknown>;

/** An account of `tier` whose T12M as of 2025-12 is `t12mYuan` (12 equal months of 2025). */
const accountWith = (b: ReturnType<typeof scenario>, accountId: string, tier: Tier, t12mYuan: number) => {
  const account = b.account(accountId);
  account.registered('2024-12-02');
  if (tier !== 'NONE') account.tierChanged('NONE', tier, '2024-11', t12mYuan, '2024-12-03');
  for (let month = 1; month <= 12; month++)
    account.revenue(
      `2025-${String(month).padStart(2, '0')}`,
      month === 12 ? t12mYuan - 11 * Math.floor(t12mYuan / 12) : Math.floor(t12mYuan / 12),
    );
  return account;
};

/**
 * UP-1: C near the B floor. DOWN-1: B just over its floor, managed. DOWN-2: A just under its
 * floor, no manager. FAR-1: B far from any floor, no manager. GONE: near the A floor but LOST.
 * OVER: C, no manager, overridden to B until 2026-01-31, far from any floor.
 */
const book = () => {
  const b = scenario();
  accountWith(b, 'UP-1', 'C', 936_000);
  accountWith(b, 'DOWN-1', 'B', 1_050_000).managerAssigned('mgr-li', '2025-02-01');
  accountWith(b, 'DOWN-2', 'A', 2_850_000);
  accountWith(b, 'FAR-1', 'B', 2_000_000);
  accountWith(b, 'GONE', 'A', 2_850_000).lost('2026-01-05');
  accountWith(b, 'OVER', 'C', 500_000).overridden('B', '2026-01-31', '2026-01-10');
  return project(b.events);
};

const columnsOf = (row: Row | undefined): Record<string, unknown> =>
  Object.fromEntries(COLUMNS.map((column) => [column, row?.[column]]));

/** What SQL would answer among these rows: a value passes where its equalities all hold. */
const passesInSql = (param: string, value: string, row: Row): boolean => {
  const filter = readModelNamed('tier-status').filters.find((f) => f.param === param)!;
  const where =
    filter.currentWhere?.(value) ??
    (filter.currentColumn === undefined ? undefined : { [filter.currentColumn]: value === 'true' ? 1 : 0 });
  expect(where, param).toBeDefined();
  return Object.entries(where!).every(([column, wanted]) => row[column] === wanted);
};

describe('tier_status: the nearFloor and withoutManager columns', () => {
  it('are stored as of the row’s latest event', () => {
    const rows = new Map(
      book()
        .rows('tier_status')
        .map((row) => [String(row['account_id']), row]),
    );
    expect(columnsOf(rows.get('UP-1'))).toEqual({
      near_floor_either: 1,
      near_floor_up: 1,
      near_floor_down: 0,
      without_manager: 0,
    });
    expect(columnsOf(rows.get('DOWN-1'))).toEqual({
      near_floor_either: 1,
      near_floor_up: 0,
      near_floor_down: 1,
      without_manager: 0,
    });
    expect(columnsOf(rows.get('DOWN-2'))).toEqual({
      near_floor_either: 1,
      near_floor_up: 0,
      near_floor_down: 1,
      without_manager: 1,
    });
    expect(columnsOf(rows.get('FAR-1'))).toEqual({
      near_floor_either: 0,
      near_floor_up: 0,
      near_floor_down: 0,
      without_manager: 1,
    });
    // LOST raises no flag: near a floor by its figures, never near in the filter.
    expect(rows.get('GONE')).toMatchObject({ near_floor: '[]', near_floor_tier: 'A', near_floor_either: 0 });
    // The override to B, in force on the row's day: an A or B account without a manager.
    expect(rows.get('OVER')).toMatchObject({ tier: 'B', without_manager: 1 });
  });

  it('are kept current as of today: the override run out, OVER is a C account again', () => {
    const run = book();
    const current = tierStatus.current!(run.doc('tier_status', 'OVER'), '2026-02-01', POLICY_V2);
    expect(current).toMatchObject({ tier: 'C', without_manager: 0, current_as: '2026-02-01/v2' });
  });

  it('select, for every value, the rows the presented filter passes, as of the row’s day and as of any day', () => {
    const run = book();
    const days: readonly IsoDate[] = ['2025-06-30', '2026-01-04', '2026-01-15', '2026-02-01', '2026-07-01'];
    const policies: readonly Policy[] = [POLICY_V1, POLICY_V2];
    const model = readModelNamed('tier-status');
    const checks = [
      ...['true', 'false', 'up', 'down'].map((value) => ({ param: 'nearFloor', value })),
      ...['true', 'false'].map((value) => ({ param: 'withoutManager', value })),
    ];
    const passed = new Set<string>();
    for (const accountId of run.rows('tier_status').map((row) => String(row['account_id']))) {
      const doc = run.doc('tier_status', accountId);
      // As written by the projector: as of the row's day, under the policy it recorded.
      const written = run.rows('tier_status').find((row) => row['account_id'] === accountId)!;
      const writtenOn = statusOf(run, accountId, String(written['as_of']));
      for (const { param, value } of checks) {
        const filter = model.filters.find((f) => f.param === param)!;
        const context = { asOf: String(written['as_of']), policy: POLICY_V1 };
        expect(passesInSql(param, value, written), `${accountId} ${param}=${value}`).toBe(
          filter.matches!(writtenOn, value, context),
        );
      }
      // As the daily job keeps it for a day.
      for (const day of days)
        for (const policy of policies) {
          const row = tierStatus.current!(doc, day, policy);
          const shown = statusOf(run, accountId, day, policy);
          for (const { param, value } of checks) {
            const filter = model.filters.find((f) => f.param === param)!;
            const passes = filter.matches!(shown, value, { asOf: day, policy });
            expect(
              passesInSql(param, value, row),
              `${accountId} ${day} ${policy.version} ${param}=${value}`,
            ).toBe(passes);
            if (passes) passed.add(`${param}=${value}`);
          }
        }
    }
    // Every value passes some row on some day: the check compared answers, not empty sets.
    expect([...passed].sort()).toEqual(checks.map(({ param, value }) => `${param}=${value}`).sort());
  });
});
