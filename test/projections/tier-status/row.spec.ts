// One realistic account, every column: the SQL row (as of its latest event) and the row an
// analyst gets as of a later day.
import { describe, expect, it } from 'vitest';
import { scenario, yuan } from './scenario.js';
import { project, readModelNamed, statusOf } from './serve.js';

const acmeBook = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2025-01-06', { name: 'Acme Logistics', industry: 'LOGISTICS', region: 'East' });
  acme.managerAssigned('mgr-li', '2025-01-10');
  acme.activated('2025-01-10');
  acme.revenueMonths('2025-01', 3, 90_000);
  // 3 months of ¥90,000 annualise to ¥1,080,000: tier B.
  acme.tierChanged('NONE', 'B', '2025-03', 1_080_000, '2025-04-05');
  const ag = b.agreement('AG-1', 'ACC-1');
  ag.drafted({ from: '2025-05-01', to: '2026-04-30' }, '2025-04-20');
  ag.discountSet(1000, 'B', 1200, '2025-04-21');
  ag.activated('2025-05-01');
  acme.revenueMonths('2025-04', 9, 90_000);
  acme.requestOpened('sr-1', '2026-01-05T09:00:00.000Z', '2026-01-05T17:00:00.000Z', 'B');
  acme.requestResolved('sr-1', '2026-01-05T20:00:00.000Z', '2026-01-05T17:00:00.000Z');
  acme.feedback(4, '2026-01-08');
  acme.feedback(5, '2026-01-09');
  acme.requestOpened('sr-2', '2026-01-12T09:00:00.000Z', '2026-01-12T17:00:00.000Z', 'B');
  return b.events;
};

describe('tier_status row', () => {
  it('stores every column as of the account’s latest event', () => {
    expect(project(acmeBook()).rows('tier_status')).toEqual([
      {
        account_id: 'ACC-1',
        name: 'Acme Logistics',
        industry: 'LOGISTICS',
        region: 'East',
        manager_id: 'mgr-li',
        status: 'ACTIVE',
        tier: 'B',
        tier_since: '2025-04-05',
        evaluated_tier: 'B',
        override_tier: null,
        override_until: null,
        t12m_period: '2025-12',
        t12m_amount: yuan(1_080_000),
        currency: 'CNY',
        gap_to_next_floor: yuan(3_000_000 - 1_080_000),
        near_floor: '["DOWN"]',
        near_floor_tier: 'B',
        near_floor_side: 'ABOVE',
        near_floor_distance_amount: yuan(80_000),
        near_floor_distance_pct: 8,
        below_floor_streak: 0,
        // In no group: tiered on its own T12M.
        group_id: null,
        group_t12m_amount: null,
        discount_cap_bp: 1200,
        total_concession_cap_bp: 1800,
        cap_breach: 0,
        cap_breach_agreement_ids: '[]',
        open_requests: 1,
        // sr-1 resolved late; sr-2 is due later on the 12th, so not breached that day.
        sla_breaches: 1,
        average_feedback_90d: 4.5,
        average_satisfaction_90d: null,
        last_visit_on: null,
        visit_cadence_days: null,
        visit_overdue: 0,
        open_actions: 0,
        overdue_actions: 0,
        policy_version: 'v1',
        // The nearFloor and withoutManager filters' columns: near its own floor, managed.
        near_floor_either: 1,
        near_floor_up: 0,
        near_floor_down: 1,
        without_manager: 0,
        as_of: '2026-01-12',
        // Written by the projector as of its own day; the daily job makes it current.
        current_as: null,
      },
    ]);
  });

  it('keeps as_of at the latest day when a stream’s event with an earlier clock arrives later', () => {
    const b = scenario();
    const acme = b.account('ACC-1');
    acme.registered('2026-01-06');
    acme.feedback(4, '2026-03-10');
    // An agreement stream appended just after, its command stamped a day earlier.
    b.agreement('AG-1', 'ACC-1').drafted({ from: '2026-04-01', to: '2027-03-31' }, '2026-03-09');
    expect(project(b.events).rows('tier_status')[0]?.['as_of']).toBe('2026-03-10');
  });

  it('presents every field as of the query’s day', () => {
    expect(statusOf(project(acmeBook()), 'ACC-1', '2026-01-13')).toEqual({
      accountId: 'ACC-1',
      name: 'Acme Logistics',
      industry: 'LOGISTICS',
      region: 'East',
      managerId: 'mgr-li',
      status: 'ACTIVE',
      tier: 'B',
      tierSince: '2025-04-05',
      evaluatedTier: 'B',
      overrideTier: null,
      overrideUntil: null,
      t12mPeriod: '2025-12',
      t12mAmount: yuan(1_080_000),
      currency: 'CNY',
      gapToNextFloor: yuan(1_920_000),
      nearFloor: ['DOWN'],
      nearFloorTier: 'B',
      nearFloorSide: 'ABOVE',
      nearFloorDistanceAmount: yuan(80_000),
      nearFloorDistancePct: 8,
      belowFloorStreak: 0,
      groupId: null,
      groupT12mAmount: null,
      discountCapBp: 1200,
      totalConcessionCapBp: 1800,
      capBreach: false,
      capBreachAgreementIds: [],
      openRequests: 1,
      // sr-2 is past due once the 13th begins.
      slaBreaches: 2,
      averageFeedback90d: 4.5,
      averageSatisfaction90d: null,
      // Policy v1 keeps no contact cadence: never overdue under it.
      lastVisitOn: null,
      visitCadenceDays: null,
      visitOverdue: false,
      openActions: 0,
      overdueActions: 0,
      policyVersion: 'v1',
    });
  });

  it('presents exactly the declared fields, in their order (the CSV header)', () => {
    const row = statusOf(project(acmeBook()), 'ACC-1', '2026-01-13');
    expect(Object.keys(row)).toEqual(readModelNamed('tier-status').fields.map((field) => field.name));
  });

  it('serves every ratio and average rounded to 2 decimals', () => {
    const b = scenario();
    const acme = b.account('ACC-1');
    acme.registered('2025-01-06');
    acme.revenueMonths('2025-01', 12, 84_361);
    acme.feedback(4, '2026-01-08');
    acme.feedback(5, '2026-01-09');
    acme.feedback(5, '2026-01-10');
    const row = statusOf(project(b.events), 'ACC-1', '2026-01-13');
    expect(row['averageFeedback90d']).toBe(4.67);
    // ¥1,012,332 is 1.2332 % above the B floor.
    expect(row['nearFloorDistancePct']).toBe(1.23);
    for (const field of readModelNamed('tier-status').fields.filter((f) => f.type === 'number')) {
      const value = row[field.name];
      if (typeof value === 'number') expect(Math.round(value * 100) / 100).toBe(value);
    }
  });
});
