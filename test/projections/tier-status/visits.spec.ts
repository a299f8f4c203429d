// Keeping in touch, as tier_status shows it: the latest visit or meeting known on the day, the
// actions agreed and still open (and overdue), and VISIT_OVERDUE against the tier's cadence of
// the policy that scores the row.
import { describe, expect, it } from 'vitest';
import { POLICY_V1, POLICY_V2 } from '../../../domain/kernel/index.js';
import { scenario } from './scenario.js';
import { accountIds, project, query, statusOf } from './serve.js';

/** A tier-B account (override until the end of 2026) registered on 2026-01-05. */
const tierB = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2026-01-05');
  acme.managerAssigned('mgr-li', '2026-01-05');
  acme.activated('2026-01-05');
  acme.overridden('B', '2026-12-31', '2026-01-05');
  return { b, acme };
};

const relationshipOf = (row: Record<string, unknown>) => ({
  lastVisitOn: row['lastVisitOn'],
  visitCadenceDays: row['visitCadenceDays'],
  visitOverdue: row['visitOverdue'],
  openActions: row['openActions'],
  overdueActions: row['overdueActions'],
  policyVersion: row['policyVersion'],
});

describe('tier_status: visits and agreed actions', () => {
  it('shows the latest visit or meeting, not a call, and is not overdue within the cadence', () => {
    const { b, acme } = tierB();
    acme.visit('v-1', '2026-02-01');
    acme.visit('v-2', '2026-03-01', { kind: 'MEETING' });
    acme.visit('v-3', '2026-04-01', { kind: 'CALL' });
    expect(relationshipOf(statusOf(project(b.events), 'ACC-1', '2026-05-30', POLICY_V2))).toEqual({
      lastVisitOn: '2026-03-01',
      visitCadenceDays: 90,
      visitOverdue: false,
      openActions: 0,
      overdueActions: 0,
      policyVersion: 'v2',
    });
  });

  it('flags VISIT_OVERDUE the day after the cadence runs out', () => {
    const { b, acme } = tierB();
    acme.visit('v-1', '2026-03-01');
    const run = project(b.events);
    // 2026-03-01 + 90 days = 2026-05-30.
    expect(statusOf(run, 'ACC-1', '2026-05-30', POLICY_V2)['visitOverdue']).toBe(false);
    expect(statusOf(run, 'ACC-1', '2026-05-31', POLICY_V2)['visitOverdue']).toBe(true);
    expect(accountIds(query(run, 'tier-status', '2026-05-31', { visitOverdue: 'true' }, POLICY_V2))).toEqual([
      'ACC-1',
    ]);
    expect(accountIds(query(run, 'tier-status', '2026-05-30', { visitOverdue: 'true' }, POLICY_V2))).toEqual(
      [],
    );
  });

  it('counts the cadence from the registration when the account was never visited', () => {
    const { b } = tierB();
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-04-05', POLICY_V2)['visitOverdue']).toBe(false);
    expect(statusOf(run, 'ACC-1', '2026-04-06', POLICY_V2)['visitOverdue']).toBe(true);
  });

  it('never flags it under a policy without a cadence (v1), for tier NONE, or for a LOST account', () => {
    const { b, acme } = tierB();
    acme.visit('v-1', '2026-01-10');
    expect(statusOf(project(b.events), 'ACC-1', '2026-12-01', POLICY_V1)).toMatchObject({
      visitOverdue: false,
      visitCadenceDays: null,
      policyVersion: 'v1',
    });
    // The override ran out on 2026-12-31: tier NONE keeps no cadence.
    expect(statusOf(project(b.events), 'ACC-1', '2027-02-01', POLICY_V2)).toMatchObject({
      tier: 'NONE',
      visitOverdue: false,
    });
    acme.lost('2026-06-01');
    expect(statusOf(project(b.events), 'ACC-1', '2026-12-01', POLICY_V2)['visitOverdue']).toBe(false);
  });

  it('sees on a past day only the visits logged by then', () => {
    const { b, acme } = tierB();
    acme.visit('v-1', '2026-02-01');
    // Held on 2026-03-01, logged a week later.
    acme.visit('v-2', '2026-03-01', { loggedDay: '2026-03-08' });
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-03-07', POLICY_V2)['lastVisitOn']).toBe('2026-02-01');
    expect(statusOf(run, 'ACC-1', '2026-03-08', POLICY_V2)['lastVisitOn']).toBe('2026-03-01');
  });

  it('counts the actions open on the day and those past due', () => {
    const { b, acme } = tierB();
    acme.visit('v-1', '2026-02-01', {
      actions: { 'a-1': '2026-02-10', 'a-2': '2026-03-31', 'a-3': '2026-02-05' },
    });
    acme.actionCompleted('a-3', 'v-1', '2026-02-05', '2026-02-04');
    acme.actionCompleted('a-1', 'v-1', '2026-02-10', '2026-02-20');
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-01-31', POLICY_V2)).toMatchObject({
      openActions: 0,
      overdueActions: 0,
    });
    expect(statusOf(run, 'ACC-1', '2026-02-03', POLICY_V2)).toMatchObject({
      openActions: 3,
      overdueActions: 0,
    });
    // a-3 done; a-1 due on the 10th, still open on the 15th.
    expect(statusOf(run, 'ACC-1', '2026-02-15', POLICY_V2)).toMatchObject({
      openActions: 2,
      overdueActions: 1,
    });
    expect(statusOf(run, 'ACC-1', '2026-02-20', POLICY_V2)).toMatchObject({
      openActions: 1,
      overdueActions: 0,
    });
    expect(statusOf(run, 'ACC-1', '2026-04-01', POLICY_V2)).toMatchObject({
      openActions: 1,
      overdueActions: 1,
    });
  });

  it('stores the columns as of the latest event, under the policy the account’s events recorded', () => {
    const { b, acme } = tierB();
    acme.visit('v-1', '2026-02-01', { actions: { 'a-1': '2026-02-10' } });
    expect(project(b.events).rows('tier_status')[0]).toMatchObject({
      last_visit_on: '2026-02-01',
      open_actions: 1,
      overdue_actions: 0,
      visit_overdue: 0,
      policy_version: 'v1',
    });
  });
});
