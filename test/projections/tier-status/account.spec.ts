// The account's own facts on its row: identity, manager and the relationship's status.
import { describe, expect, it } from 'vitest';
import { scenario } from './scenario.js';
import { project, statusOf } from './serve.js';

describe('tier_status: the account', () => {
  it('starts a row on registration: a PROSPECT without manager, graded NONE since that day', () => {
    const b = scenario();
    b.account('ACC-1').registered('2026-01-06', {
      name: 'Acme Logistics',
      industry: 'LOGISTICS',
      region: 'East',
    });
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-02-01')).toMatchObject({
      accountId: 'ACC-1',
      name: 'Acme Logistics',
      industry: 'LOGISTICS',
      region: 'East',
      managerId: null,
      status: 'PROSPECT',
      tier: 'NONE',
      tierSince: '2026-01-06',
    });
    expect(run.rows('tier_status')[0]).toMatchObject({
      manager_id: null,
      status: 'PROSPECT',
      as_of: '2026-01-06',
    });
  });

  it('shows the latest manager assigned', () => {
    const b = scenario();
    const acme = b.account('ACC-1');
    acme.registered('2026-01-06');
    acme.managerAssigned('mgr-li', '2026-01-10');
    const first = project(b.events);
    acme.managerAssigned('mgr-wang', '2026-03-01', 'mgr-li');
    const handedOver = project(b.events);
    expect(statusOf(first, 'ACC-1', '2026-03-02').managerId).toBe('mgr-li');
    expect(statusOf(handedOver, 'ACC-1', '2026-03-02').managerId).toBe('mgr-wang');
    expect(handedOver.rows('tier_status')[0]).toMatchObject({ manager_id: 'mgr-wang', as_of: '2026-03-01' });
  });

  it('follows the status: ACTIVE, AT_RISK, LOST and back as the reactivation says', () => {
    const b = scenario();
    const acme = b.account('ACC-1');
    const statusAfter = () => statusOf(project(b.events), 'ACC-1', '2026-12-31').status;
    acme.registered('2026-01-06');
    acme.managerAssigned('mgr-li', '2026-01-10');
    acme.activated('2026-01-10');
    expect(statusAfter()).toBe('ACTIVE');
    acme.flaggedAtRisk('2026-04-01');
    expect(statusAfter()).toBe('AT_RISK');
    acme.lost('2026-05-01');
    expect(statusAfter()).toBe('LOST');
    acme.reactivated('ACTIVE', '2026-07-01');
    expect(statusAfter()).toBe('ACTIVE');
  });

  it('reactivates as a PROSPECT when the domain says so', () => {
    const b = scenario();
    const acme = b.account('ACC-1');
    acme.registered('2026-01-06');
    acme.lost('2026-02-01');
    acme.reactivated('PROSPECT', '2026-03-01');
    expect(statusOf(project(b.events), 'ACC-1', '2026-03-02').status).toBe('PROSPECT');
  });

  it('keeps the history when a registration arrives twice', () => {
    const b = scenario();
    const acme = b.account('ACC-1');
    acme.registered('2026-01-06', { name: 'Acme Logistics' });
    acme.managerAssigned('mgr-li', '2026-01-10');
    acme.registered('2026-01-11', { name: 'Acme Renamed' });
    expect(statusOf(project(b.events), 'ACC-1', '2026-02-01')).toMatchObject({
      name: 'Acme Logistics',
      managerId: 'mgr-li',
    });
  });

  it('makes no row for events of an account it never saw registered', () => {
    const b = scenario();
    b.account('ACC-9').managerAssigned('mgr-li', '2026-01-10');
    b.account('ACC-9').revenue('2026-01', 50_000);
    expect(project(b.events).rows('tier_status')).toEqual([]);
  });

  it('keeps one row per account', () => {
    const b = scenario();
    b.account('ACC-1').registered('2026-01-06');
    b.account('ACC-2').registered('2026-01-07', { name: 'Beta Bank', industry: 'FINANCE', region: 'North' });
    expect(
      project(b.events)
        .rows('tier_status')
        .map((row) => [row['account_id'], row['name'], row['industry'], row['region']]),
    ).toEqual([
      ['ACC-1', 'Acme Logistics', 'LOGISTICS', 'East'],
      ['ACC-2', 'Beta Bank', 'FINANCE', 'North'],
    ]);
  });
});
