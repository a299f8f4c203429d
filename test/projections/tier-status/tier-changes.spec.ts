// tier_changes: one row per TierChanged, served as `tier-changes` for "tier changes in a period".
import { describe, expect, it } from 'vitest';
import { scenario, yuan } from './scenario.js';
import { project, query, readModelNamed } from './serve.js';

const history = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2025-01-06');
  const promoted = acme.tierChanged('NONE', 'B', '2025-03', 1_080_000, '2025-04-05');
  const demoted = acme.tierChanged('B', 'C', '2025-11', 800_000, '2025-12-02');
  const beta = b.account('ACC-2');
  beta.registered('2025-02-01');
  const betaPromoted = beta.tierChanged('NONE', 'C', '2025-06', 250_000, '2025-07-03');
  // Not a tier change: the evaluation only moved the streak.
  acme.tierEvaluated('2025-12', 790_000, 'C', 1, '2026-01-05');
  return { run: project(b.events), ids: [promoted.eventId, demoted.eventId, betaPromoted.eventId] };
};

/** The days of the changes returned, in date order (the harness returns them in key order). */
const changedOn = (rows: readonly Record<string, unknown>[]) =>
  rows.map((row) => String(row['changedOn'])).sort();

describe('tier_changes', () => {
  it('keeps a row per TierChanged with every column', () => {
    const { run, ids } = history();
    expect(run.rows('tier_changes')).toEqual(
      [
        {
          event_id: ids[0],
          account_id: 'ACC-1',
          from_tier: 'NONE',
          to_tier: 'B',
          direction: 'up',
          changed_on: '2025-04-05',
          period: '2025-03',
          rule: 'PROMOTION',
          t12m_amount: yuan(1_080_000),
          currency: 'CNY',
          group_id: null,
          group_t12m_amount: null,
          policy_version: 'v1',
        },
        {
          event_id: ids[1],
          account_id: 'ACC-1',
          from_tier: 'B',
          to_tier: 'C',
          direction: 'down',
          changed_on: '2025-12-02',
          period: '2025-11',
          rule: 'DEMOTION_AFTER_HYSTERESIS',
          t12m_amount: yuan(800_000),
          currency: 'CNY',
          group_id: null,
          group_t12m_amount: null,
          policy_version: 'v1',
        },
        {
          event_id: ids[2],
          account_id: 'ACC-2',
          from_tier: 'NONE',
          to_tier: 'C',
          direction: 'up',
          changed_on: '2025-07-03',
          period: '2025-06',
          rule: 'PROMOTION',
          t12m_amount: yuan(250_000),
          currency: 'CNY',
          group_id: null,
          group_t12m_amount: null,
          policy_version: 'v1',
        },
      ].sort((a, b) => (String(a.event_id) < String(b.event_id) ? -1 : 1)),
    );
  });

  it('presents a change with the same values, whatever the day asked about', () => {
    const { run, ids } = history();
    const rows = query(run, 'tier-changes', '2030-01-01', { accountId: 'ACC-1', direction: 'down' });
    expect(rows).toEqual([
      {
        eventId: ids[1],
        accountId: 'ACC-1',
        fromTier: 'B',
        toTier: 'C',
        direction: 'down',
        changedOn: '2025-12-02',
        period: '2025-11',
        rule: 'DEMOTION_AFTER_HYSTERESIS',
        t12mAmount: yuan(800_000),
        currency: 'CNY',
        groupId: null,
        groupT12mAmount: null,
        policyVersion: 'v1',
      },
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(readModelNamed('tier-changes').fields.map((f) => f.name));
  });

  it('filters the changes in a period, both days included', () => {
    const { run } = history();
    expect(
      changedOn(query(run, 'tier-changes', '2026-01-10', { from: '2025-07-03', to: '2025-12-02' })),
    ).toEqual(['2025-07-03', '2025-12-02']);
    expect(changedOn(query(run, 'tier-changes', '2026-01-10', { from: '2025-07-04' }))).toEqual([
      '2025-12-02',
    ]);
    expect(changedOn(query(run, 'tier-changes', '2026-01-10', { to: '2025-07-02' }))).toEqual(['2025-04-05']);
    expect(query(run, 'tier-changes', '2026-01-10', { from: '2026-01-01' })).toEqual([]);
  });

  it('filters the changes of one evaluated month', () => {
    const { run } = history();
    expect(query(run, 'tier-changes', '2026-01-10', { period: '2025-11' }).map((r) => r['toTier'])).toEqual([
      'C',
    ]);
    expect(query(run, 'tier-changes', '2026-01-10', { period: '2025-12' })).toEqual([]);
  });

  it('filters by account and by direction', () => {
    const { run } = history();
    expect(query(run, 'tier-changes', '2026-01-10', { accountId: 'ACC-2' }).map((r) => r['toTier'])).toEqual([
      'C',
    ]);
    expect(query(run, 'tier-changes', '2026-01-10', { accountId: 'ACC-9' })).toEqual([]);
    expect(changedOn(query(run, 'tier-changes', '2026-01-10', { direction: 'up' }))).toEqual([
      '2025-04-05',
      '2025-07-03',
    ]);
    expect(changedOn(query(run, 'tier-changes', '2026-01-10', { direction: 'down' }))).toEqual([
      '2025-12-02',
    ]);
  });

  it('runs every filter in SQL and sorts by day by default', () => {
    const model = readModelNamed('tier-changes');
    expect(model.filters.map((f) => [f.param, f.column?.name, f.column?.op])).toEqual([
      ['from', 'changed_on', 'gte'],
      ['to', 'changed_on', 'lte'],
      ['accountId', 'account_id', 'eq'],
      ['direction', 'direction', 'eq'],
      ['period', 'period', 'eq'],
    ]);
    expect(model.sortable[0]).toBe('changedOn');
  });
});
