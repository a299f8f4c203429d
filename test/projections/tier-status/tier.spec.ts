// The row's tier: the evaluated tier the month-end changes set, an unexpired override over it,
// since when the shown tier holds, and the below-floor streak of the hysteresis.
import { describe, expect, it } from 'vitest';
import { scenario } from './scenario.js';
import { project, statusOf } from './serve.js';

/** An account promoted NONE → C on 2025-04-05 and C → B on 2025-09-03. */
const promotedTwice = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2025-01-06');
  acme.managerAssigned('mgr-li', '2025-01-10');
  acme.activated('2025-01-10');
  acme.tierChanged('NONE', 'C', '2025-03', 400_000, '2025-04-05');
  acme.tierChanged('C', 'B', '2025-08', 1_100_000, '2025-09-03');
  return { b, acme };
};

describe('tier_status: tier', () => {
  it('shows the tier of the latest tier change, since the day it changed', () => {
    const { b } = promotedTwice();
    expect(statusOf(project(b.events), 'ACC-1', '2025-10-01')).toMatchObject({
      tier: 'B',
      tierSince: '2025-09-03',
      evaluatedTier: 'B',
      overrideTier: null,
      overrideUntil: null,
    });
  });

  it('shows the tier that held on an earlier day, from the dated changes', () => {
    const { b } = promotedTwice();
    expect(statusOf(project(b.events), 'ACC-1', '2025-06-30')).toMatchObject({
      tier: 'C',
      tierSince: '2025-04-05',
      evaluatedTier: 'C',
    });
  });

  it('follows a demotion', () => {
    const { b, acme } = promotedTwice();
    acme.tierChanged('B', 'C', '2026-02', 800_000, '2026-03-02');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-03-10')).toMatchObject({ tier: 'C', tierSince: '2026-03-02' });
    expect(run.rows('tier_status')[0]).toMatchObject({
      tier: 'C',
      tier_since: '2026-03-02',
      evaluated_tier: 'C',
    });
  });

  it('lets an unexpired override win over the evaluated tier, through its last day', () => {
    const { b, acme } = promotedTwice();
    acme.overridden('A', '2026-03-31', '2025-10-15');
    const run = project(b.events);
    const onLastDay = statusOf(run, 'ACC-1', '2026-03-31');
    expect(onLastDay).toMatchObject({
      tier: 'A',
      tierSince: '2025-10-15',
      evaluatedTier: 'B',
      overrideTier: 'A',
      overrideUntil: '2026-03-31',
    });
    expect(run.rows('tier_status')[0]).toMatchObject({
      tier: 'A',
      tier_since: '2025-10-15',
      evaluated_tier: 'B',
      override_tier: 'A',
      override_until: '2026-03-31',
      as_of: '2025-10-15',
    });
  });

  it('falls back to the evaluated tier the day after the override ends, even before TierOverrideExpired', () => {
    const { b, acme } = promotedTwice();
    acme.overridden('A', '2026-03-31', '2025-10-15');
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-01')).toMatchObject({
      tier: 'B',
      // B counts again from the day after the override, not from its evaluation in 2025.
      tierSince: '2026-04-01',
      evaluatedTier: 'B',
      overrideTier: null,
      overrideUntil: null,
    });
  });

  it('does not restart the tier’s run for an override to the tier it already has', () => {
    const { b, acme } = promotedTwice();
    acme.overridden('B', '2026-03-31', '2025-10-15');
    expect(statusOf(project(b.events), 'ACC-1', '2025-12-01')).toMatchObject({
      tier: 'B',
      tierSince: '2025-09-03',
      overrideTier: 'B',
    });
    expect(statusOf(project(b.events), 'ACC-1', '2026-04-01').tierSince).toBe('2025-09-03');
  });

  it('counts the tier from the override’s start when the evaluation reaches that tier during it', () => {
    const { b, acme } = promotedTwice();
    acme.overridden('A', '2026-03-31', '2025-10-15');
    acme.tierChanged('B', 'A', '2025-12', 3_100_000, '2026-01-04');
    expect(statusOf(project(b.events), 'ACC-1', '2026-05-01')).toMatchObject({
      tier: 'A',
      tierSince: '2025-10-15',
      overrideTier: null,
    });
  });

  it('lets a newer override replace the one in force', () => {
    const { b, acme } = promotedTwice();
    acme.overridden('A', '2026-03-31', '2025-10-15');
    acme.overridden('C', '2026-02-28', '2025-11-20');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2025-12-01')).toMatchObject({
      tier: 'C',
      tierSince: '2025-11-20',
      overrideTier: 'C',
      overrideUntil: '2026-02-28',
    });
    // The replaced override does not come back when the newer one ends before it would have.
    expect(statusOf(run, 'ACC-1', '2026-03-15')).toMatchObject({
      tier: 'B',
      tierSince: '2026-03-01',
      overrideTier: null,
    });
  });

  it('shows the below-floor streak the evaluations record, and none after a tier change', () => {
    const { b, acme } = promotedTwice();
    acme.tierEvaluated('2025-12', 850_000, 'C', 1, '2026-01-04');
    const streak = project(b.events);
    expect(statusOf(streak, 'ACC-1', '2026-01-10').belowFloorStreak).toBe(1);
    expect(streak.rows('tier_status')[0]?.['below_floor_streak']).toBe(1);
    acme.tierChanged('B', 'C', '2026-01', 800_000, '2026-02-03');
    expect(statusOf(project(b.events), 'ACC-1', '2026-02-10').belowFloorStreak).toBe(0);
  });

  it('reads the streak of a TierEvaluated stored in the old shape too', () => {
    const { b, acme } = promotedTwice();
    acme.legacyTierEvaluated('2025-12', 850_000, 'C', 1, '2026-01-04');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-01-10').belowFloorStreak).toBe(1);
    expect(run.rows('tier_status')[0]?.['below_floor_streak']).toBe(1);
  });

  it('shows no streak before an evaluation falls below the floor', () => {
    const { b } = promotedTwice();
    expect(statusOf(project(b.events), 'ACC-1', '2025-10-01').belowFloorStreak).toBe(0);
  });
});
