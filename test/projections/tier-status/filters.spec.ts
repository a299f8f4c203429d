// The plain filters of tier-status and the A/B-without-manager query. Fields that don't change
// with the day filter in SQL; the effective tier and the flags filter on the presented row.
import { describe, expect, it } from 'vitest';
import { scenario } from './scenario.js';
import { accountIds, project, query, readModelNamed } from './serve.js';

const ASOF = '2026-02-01';

/**
 * ACC-A: A, FINANCE, North, mgr-li, ACTIVE.       ACC-B: B, FINANCE, South, no manager, PROSPECT.
 * ACC-C: C, RETAIL, North, no manager, PROSPECT.  ACC-O: C with an override to B until 2026-01-31,
 * ENERGY, South, mgr-wang, AT_RISK.
 */
const portfolio = () => {
  const b = scenario();
  const a = b.account('ACC-A');
  a.registered('2025-01-06', { name: 'Alpha Bank', industry: 'FINANCE', region: 'North' });
  a.managerAssigned('mgr-li', '2025-01-07');
  a.activated('2025-01-07');
  a.tierChanged('NONE', 'A', '2025-03', 3_600_000, '2025-04-05');
  const bee = b.account('ACC-B');
  bee.registered('2025-01-06', { name: 'Beta Insurance', industry: 'FINANCE', region: 'South' });
  bee.tierChanged('NONE', 'B', '2025-03', 1_200_000, '2025-04-05');
  const c = b.account('ACC-C');
  c.registered('2025-01-06', { name: 'Corner Shops', industry: 'RETAIL', region: 'North' });
  c.tierChanged('NONE', 'C', '2025-03', 300_000, '2025-04-05');
  const o = b.account('ACC-O');
  o.registered('2025-01-06', { name: 'Oriental Power', industry: 'ENERGY', region: 'South' });
  o.managerAssigned('mgr-wang', '2025-01-07');
  o.activated('2025-01-07');
  o.tierChanged('NONE', 'C', '2025-03', 300_000, '2025-04-05');
  o.overridden('B', '2026-01-31', '2025-10-01');
  o.flaggedAtRisk('2025-11-01');
  return project(b.events);
};

describe('tier-status filters', () => {
  it('filters by effective tier on the day', () => {
    const run = portfolio();
    expect(accountIds(query(run, 'tier-status', '2026-01-31', { tier: 'B' }))).toEqual(['ACC-B', 'ACC-O']);
    // The override ran out on the 31st.
    expect(accountIds(query(run, 'tier-status', ASOF, { tier: 'B' }))).toEqual(['ACC-B']);
    expect(accountIds(query(run, 'tier-status', ASOF, { tier: 'NONE' }))).toEqual([]);
  });

  it('filters by industry, region, status, manager and account', () => {
    const run = portfolio();
    expect(accountIds(query(run, 'tier-status', ASOF, { industry: 'FINANCE' }))).toEqual(['ACC-A', 'ACC-B']);
    expect(accountIds(query(run, 'tier-status', ASOF, { industry: 'HEALTHCARE' }))).toEqual([]);
    expect(accountIds(query(run, 'tier-status', ASOF, { region: 'South' }))).toEqual(['ACC-B', 'ACC-O']);
    expect(accountIds(query(run, 'tier-status', ASOF, { status: 'AT_RISK' }))).toEqual(['ACC-O']);
    expect(accountIds(query(run, 'tier-status', ASOF, { status: 'LOST' }))).toEqual([]);
    expect(accountIds(query(run, 'tier-status', ASOF, { managerId: 'mgr-li' }))).toEqual(['ACC-A']);
    expect(accountIds(query(run, 'tier-status', ASOF, { managerId: 'mgr-zhou' }))).toEqual([]);
    expect(accountIds(query(run, 'tier-status', ASOF, { accountId: 'ACC-C' }))).toEqual(['ACC-C']);
  });

  it('combines filters', () => {
    expect(accountIds(query(portfolio(), 'tier-status', ASOF, { region: 'North', tier: 'C' }))).toEqual([
      'ACC-C',
    ]);
  });

  it('finds the A and B accounts without a manager (withoutManager=true), and the rest with false', () => {
    const run = portfolio();
    expect(accountIds(query(run, 'tier-status', ASOF, { withoutManager: 'true' }))).toEqual(['ACC-B']);
    expect(accountIds(query(run, 'tier-status', ASOF, { withoutManager: 'false' }))).toEqual([
      'ACC-A',
      'ACC-C',
      'ACC-O',
    ]);
  });

  it('runs the day-independent filters in SQL and the others on the presented row', () => {
    const filters = readModelNamed('tier-status').filters;
    const inSql = filters.filter((f) => f.column !== undefined).map((f) => [f.param, f.column?.name]);
    const onRow = filters.filter((f) => f.matches !== undefined).map((f) => f.param);
    expect(inSql).toEqual([
      ['accountId', 'account_id'],
      ['industry', 'industry'],
      ['region', 'region'],
      ['status', 'status'],
      ['managerId', 'manager_id'],
      ['groupId', 'group_id'],
    ]);
    expect(onRow).toEqual(['tier', 'capBreach', 'nearFloor', 'withoutManager', 'visitOverdue']);
  });

  it('names the allowed values of the enumerations', () => {
    const values = Object.fromEntries(readModelNamed('tier-status').filters.map((f) => [f.param, f.values]));
    expect(values['tier']).toEqual(['A', 'B', 'C', 'NONE']);
    expect(values['industry']).toHaveLength(9);
    expect(values['status']).toEqual(['PROSPECT', 'ACTIVE', 'AT_RISK', 'LOST']);
    expect(values['nearFloor']).toEqual(['true', 'false', 'up', 'down']);
    expect(values['capBreach']).toEqual(['true', 'false']);
  });

  it('sorts by the documented fields, account first', () => {
    expect(readModelNamed('tier-status').sortable).toEqual([
      'accountId',
      'name',
      'tier',
      't12mAmount',
      'gapToNextFloor',
      'tierSince',
      'lastVisitOn',
    ]);
  });
});
