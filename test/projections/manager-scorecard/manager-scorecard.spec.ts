// The manager scorecard: given account and group events → each manager's month as of its last
// day (or a past asOf within it): accounts and groups held, portfolio T12M, tier moves, SLA
// compliance, visit cadence kept, feedback and satisfaction, accounts lost.
import { describe, expect, it } from 'vitest';
import { POLICY_V1, POLICY_V2, type IsoDate, type Policy } from '../../../domain/kernel/index.js';
import {
  MANAGER_SCORECARD,
  projection,
  readModels,
  type ScorecardDoc,
} from '../../../projections/manager-scorecard/index.js';
import type { PresentedRow } from '../../../projections/read-model.js';
import { runProjection } from '../../support/projection-harness.js';
import { scorecardBook, yuan } from './scorecard-book.js';

const model = readModels.find((m) => m.name === 'manager-scorecard')!;

/**
 * mgr-1 holds a and b from January, leads group g1 from March; b goes to mgr-2 on 15 June, who
 * also holds c, lost on 20 July; mgr-3 holds d, of which nothing is heard until April.
 */
const book = () => {
  const { log, account, group } = scorecardBook();
  // In the order they were recorded, as the store hands them over.
  const a = account('a').managedBy('mgr-1', '2025-01-05');
  const b = account('b').managedBy('mgr-1', '2025-01-05');
  const c = account('c').managedBy('mgr-2', '2025-01-06');
  const d = account('d').managedBy('mgr-3', '2025-01-10');
  a.revenue('2025-01', 2, 100_000);
  b.revenue('2025-01', 2, 50_000);
  c.revenue('2025-01', 2, 20_000);
  group('g1').ledBy('mgr-1', '2025-03-10');
  a.tierChanged('NONE', 'C', '2025-04-01', 'v2').revenue('2025-03', 1, 100_000);
  d.visited('2025-04-05');
  a.revenue('2025-04', 1, 100_000).visited('2025-05-10');
  b.revenue('2025-03', 2, 50_000);
  c.revenue('2025-03', 2, 20_000);
  a.revenue('2025-05', 1, 100_000);
  b.revenue('2025-05', 1, 50_000).resolved('r1', '2025-06-10', true, 5).feedback('mgr-1', 4, '2025-06-12');
  c.revenue('2025-05', 1, 20_000);
  b.managedBy('mgr-2', '2025-06-15', 'mgr-1');
  b.resolved('r2', '2025-06-20', false, 2).feedback('mgr-1', 2, '2025-06-25');
  a.revenue('2025-06', 1, 100_000);
  b.revenue('2025-06', 1, 50_000);
  c.revenue('2025-06', 1, 20_000).lost('2025-07-20');
  return runProjection(projection, log.events);
};

const run = book();

const row = (managerId: string, month: string, asOf: IsoDate = '2025-12-31', policy: Policy = POLICY_V2) => {
  const doc = run.doc<ScorecardDoc>(MANAGER_SCORECARD, `${managerId}/${month}`);
  if (doc === undefined) throw new Error(`no row ${managerId}/${month}`);
  return model.present(doc as never, { asOf, policy });
};

describe('manager_scorecard', () => {
  it('holds the accounts of the month’s last day: a hand-over mid-month moves the account to the next manager', () => {
    expect(row('mgr-1', '2025-05')).toMatchObject({ accountsHeld: 2, accountIds: ['a', 'b'] });
    expect(row('mgr-1', '2025-06')).toMatchObject({ accountsHeld: 1, accountIds: ['a'] });
    expect(row('mgr-2', '2025-06')).toMatchObject({ accountsHeld: 2, accountIds: ['b', 'c'] });
  });

  it('sums the held accounts’ T12M over the closed months before the day’s month (annualised under a year)', () => {
    // June's last day: January–May, 5 months, annualised × 12/5.
    expect(row('mgr-1', '2025-06')['portfolioT12mAmount']).toBe(yuan(1_200_000));
    expect(row('mgr-2', '2025-06')['portfolioT12mAmount']).toBe(yuan(600_000 + 240_000));
  });

  it('counts the month’s facts for the manager who held the account that day', () => {
    // r1 was resolved in time under mgr-1, r2 late under mgr-2; feedback follows its manager.
    expect(row('mgr-1', '2025-06')).toMatchObject({
      requestsResolved: 1,
      requestsResolvedInSla: 1,
      slaCompliance: 1,
      averageSatisfaction: 5,
      averageFeedback: 3,
    });
    expect(row('mgr-2', '2025-06')).toMatchObject({
      requestsResolved: 1,
      requestsResolvedInSla: 0,
      slaCompliance: 0,
      averageSatisfaction: 2,
      averageFeedback: null,
    });
    expect(row('mgr-1', '2025-04')).toMatchObject({ tierMovesUp: 1, tierMovesDown: 0 });
    expect(row('mgr-1', '2025-05')).toMatchObject({ tierMovesUp: 0, slaCompliance: null });
  });

  it('counts a lost account in its month and holds it no more', () => {
    expect(row('mgr-2', '2025-07')).toMatchObject({ accountsLost: 1, accountsHeld: 1, accountIds: ['b'] });
    expect(row('mgr-2', '2025-06')['accountsLost']).toBe(0);
  });

  it('holds the groups led on the day', () => {
    expect(row('mgr-1', '2025-02')).toMatchObject({ groupsHeld: 0, groupIds: [] });
    expect(row('mgr-1', '2025-03')).toMatchObject({ groupsHeld: 1, groupIds: ['g1'] });
    expect(row('mgr-2', '2025-06')['groupsHeld']).toBe(0);
  });

  it('keeps the visit cadence of the accounts whose tier has one under the policy, and none under v1', () => {
    // May: a is C (180 days) visited on 10 May; b is NONE (no cadence).
    expect(row('mgr-1', '2025-05')).toMatchObject({
      accountsWithCadence: 1,
      accountsVisitedInCadence: 1,
      visitCadenceKept: 1,
    });
    expect(row('mgr-1', '2025-05', '2025-12-31', POLICY_V1)).toMatchObject({
      accountsWithCadence: 0,
      visitCadenceKept: null,
      policyVersion: 'v1',
    });
  });

  it('writes the months a manager heard nothing of between two events, holding what they held', () => {
    for (const month of ['2025-01', '2025-02', '2025-03', '2025-04'])
      expect(row('mgr-3', month)).toMatchObject({ accountsHeld: 1, accountIds: ['d'] });
  });

  it('serves a month as of a past asOf within it, and a month that begins after the asOf without figures', () => {
    // 12 June: b is still mgr-1's, r1 resolved, one feedback of 4.
    expect(row('mgr-1', '2025-06', '2025-06-12')).toMatchObject({
      figuresAsOf: '2025-06-12',
      accountsHeld: 2,
      requestsResolved: 1,
      averageFeedback: 4,
    });
    expect(row('mgr-1', '2025-06', '2025-05-31')).toMatchObject({
      figuresAsOf: null,
      accountsHeld: null,
      portfolioT12mAmount: null,
      visitCadenceKept: null,
    });
  });

  it('names the policy its plain columns were scored under: the latest a month’s event recorded', () => {
    const rows = run.rows(MANAGER_SCORECARD);
    const april = rows.find((r) => r['scorecard_id'] === 'mgr-1/2025-04');
    expect(april).toMatchObject({ policy_version: 'v2', tier_moves_up: 1, current_as: null });
    expect(rows.find((r) => r['scorecard_id'] === 'mgr-1/2025-02')).toMatchObject({ policy_version: 'v1' });
  });
});

export type { PresentedRow };
