// account_risk, given events → expected rows: each factor alone with its share of the score, the
// revenue at risk, the share of the region and CONCENTRATION, a LOST account, and a past asOf.
import { describe, expect, it } from 'vitest';
import { POLICY_V1 } from '../../../domain/kernel/index.js';
import { atDay, project, riskOf, riskScenario } from './scenario.js';

const AS_OF = '2026-10-15';

/**
 * An account with a steady 100 000 a month from 2025-01 to 2026-09, and nothing else; a peer
 * nine times its size in the region, so it does not carry the region.
 */
const steady = () => {
  const s = riskScenario();
  s.account('peer').months('2025-01', 21, 900_000);
  const a = s.account('acc-1');
  a.months('2025-01', 21, 100_000);
  return { s, a };
};

describe('account_risk factors', () => {
  it('scores a steady account with nothing wrong 0, with no reasons and no flags', () => {
    const { s } = steady();
    expect(riskOf(project(s.events), 'acc-1', AS_OF)).toMatchObject({
      score: 0,
      atRisk: false,
      reasons: [],
      revenueRecent: 30_000_000,
      revenueCompared: 30_000_000,
      revenueTrendPct: 0,
      t12mAmount: 120_000_000,
      revenueAtRisk: 0,
      flags: [],
      policyVersion: 'v2',
    });
  });

  it('REVENUE_TREND: the last 3 closed months against the same months a year before', () => {
    const s = riskScenario();
    const a = s.account('acc-1');
    a.months('2025-01', 18, 100_000);
    a.months('2026-07', 3, 75_000); // a quarter down: half the policy's full fall of 50 %
    const row = riskOf(project(s.events), 'acc-1', AS_OF);
    expect(row).toMatchObject({ score: 15, reasons: ['REVENUE_TREND 15/30'], revenueTrendPct: -25 });
    // T12M 9 × 100 000 + 3 × 75 000, a share of it at risk.
    expect(row['revenueAtRisk']).toBe(Math.round((112_500_000 * 15) / 100));
  });

  it('REVENUE_TREND: no trend for an account without the months a year before', () => {
    const s = riskScenario();
    s.account('acc-1', 'East', '2026-01-05').months('2026-01', 9, 10_000);
    expect(riskOf(project(s.events), 'acc-1', AS_OF)).toMatchObject({
      revenueCompared: null,
      revenueTrendPct: null,
      score: 0,
    });
  });

  it('FEEDBACK and SATISFACTION: the means of the 90 days under the content score', () => {
    const { s, a } = steady();
    a.feedback(2, '2026-09-01');
    a.feedback(3, '2026-10-01');
    a.feedback(1, '2026-05-01'); // out of the window
    a.requestOpened('r-1', atDay('2026-09-10'), atDay('2026-09-12'));
    a.requestResolved('r-1', atDay('2026-09-11'), atDay('2026-09-12'), 1);
    const row = riskOf(project(s.events), 'acc-1', AS_OF);
    expect(row).toMatchObject({ averageFeedback90d: 2.5, averageSatisfaction90d: 1 });
    expect(row['reasons']).toEqual(['SATISFACTION 10/10', 'FEEDBACK 5/10']);
    expect(row['score']).toBe(15);
  });

  it('SLA_BREACHES: late resolutions of the trailing 12 months and open ones past due', () => {
    const { s, a } = steady();
    a.requestOpened('r-1', atDay('2026-03-01'), atDay('2026-03-02'));
    a.requestResolved('r-1', atDay('2026-03-05'), atDay('2026-03-02'));
    a.requestOpened('r-2', atDay('2026-10-01'), atDay('2026-10-02'));
    expect(riskOf(project(s.events), 'acc-1', AS_OF)).toMatchObject({
      slaBreaches: 2,
      score: 5,
      reasons: ['SLA_BREACHES 5/10'],
    });
  });

  it('SUPPLY_SHORTFALLS: stock-outs and allocation cuts of the supply window', () => {
    const { s } = steady();
    const c = s.commitment('acc-1', 'c-1');
    c.stockReported('2026-09-20', 0);
    c.stockReported('2026-09-27', 40);
    c.stockReported('2026-05-01', 0); // out of the window
    c.allocated('2026-10-01', 100, 60);
    c.allocated('2026-10-02', 100, 100); // filled: no cut
    expect(riskOf(project(s.events), 'acc-1', AS_OF)).toMatchObject({
      stockOuts: 1,
      allocationCuts: 1,
      score: 5,
      reasons: ['SUPPLY_SHORTFALLS 5/10'],
    });
  });

  it('LATE_DELIVERIES: delivered after the ETA in the window, or overdue while the commitment is open', () => {
    const { s } = steady();
    const c = s.commitment('acc-1', 'c-1');
    c.scheduled('b-1', 100, '2026-09-01', '2026-08-01');
    c.delivered('b-1', 100, '2026-09-05'); // late
    c.scheduled('b-2', 100, '2026-10-01', '2026-08-01'); // overdue, nothing delivered
    c.scheduled('b-3', 100, '2026-10-10', '2026-08-01');
    c.delivered('b-3', 100, '2026-10-09'); // on time
    const row = riskOf(project(s.events), 'acc-1', AS_OF);
    expect(row).toMatchObject({ lateDeliveries: 2, score: 6.67, reasons: ['LATE_DELIVERIES 6.67/10'] });
    // Closed: the overdue batch will not come, and is no longer late.
    c.closed('2026-10-05');
    expect(riskOf(project(s.events), 'acc-1', AS_OF)).toMatchObject({ lateDeliveries: 1, score: 3.33 });
  });

  it('VISIT_OVERDUE: half the weight once overdue, all of it a whole cadence later', () => {
    const { s, a } = steady();
    a.tierChanged('NONE', 'B', '2025-06', 1_200_000, '2025-07-01'); // B: every 90 days in v2
    a.visit('v-1', '2026-06-02'); // 135 days before: 45 days over the cadence
    const row = riskOf(project(s.events), 'acc-1', AS_OF);
    expect(row).toMatchObject({ visitOverdue: true, flags: ['VISIT_OVERDUE'], score: 7.5 });
    expect(row['reasons']).toEqual(['VISIT_OVERDUE 7.5/10']);
    // Under v1 there is no cadence, and no score at all.
    expect(riskOf(project(s.events), 'acc-1', AS_OF, POLICY_V1)).toMatchObject({
      score: null,
      revenueAtRisk: null,
      visitOverdue: false,
      reasons: [],
      atRisk: false,
      policyVersion: 'v1',
    });
  });

  it('OVERDUE_ACTIONS: the open actions past their due day', () => {
    const { s, a } = steady();
    a.visit('v-1', '2026-09-01', {
      actions: { 'x-1': '2026-09-10', 'x-2': '2026-09-20', 'x-3': '2026-11-01' },
    });
    a.actionCompleted('x-2', 'v-1', '2026-09-20', '2026-09-19');
    expect(riskOf(project(s.events), 'acc-1', AS_OF)).toMatchObject({
      openActions: 2,
      overdueActions: 1,
      score: 3.33,
      reasons: ['OVERDUE_ACTIONS 3.33/10'],
    });
  });

  it('adds the factors up, flags the account at risk at the threshold, the largest reason first', () => {
    const s = riskScenario();
    const a = s.account('acc-1');
    a.months('2025-01', 18, 100_000);
    a.months('2026-07', 3, 40_000);
    a.feedback(1, '2026-10-01');
    const row = riskOf(project(s.events), 'acc-1', AS_OF);
    expect(row).toMatchObject({
      score: 40,
      atRisk: true,
      reasons: ['REVENUE_TREND 30/30', 'FEEDBACK 10/10'],
    });
  });
});

describe('account_risk region share', () => {
  it('shows each account’s share of its region’s revenue and flags the one that carries it', () => {
    const s = riskScenario();
    const accounts = [s.account('small', 'East'), s.account('big', 'East'), s.account('alone', 'West')];
    accounts[0]!.months('2025-10', 12, 100_000);
    accounts[1]!.months('2025-10', 12, 900_000);
    accounts[2]!.months('2025-10', 12, 50_000);
    // The region's total a document holds is the one known at the account's latest event: the
    // month end's evaluation comes after every account's revenue of the month.
    for (const account of accounts) account.monthEnd('2026-09', '2026-10-01');
    const run = project(s.events);
    expect(riskOf(run, 'small', AS_OF)).toMatchObject({
      regionRevenueSharePct: 10,
      concentration: false,
      flags: [],
    });
    expect(riskOf(run, 'big', AS_OF)).toMatchObject({
      regionRevenueSharePct: 90,
      concentration: true,
      flags: ['CONCENTRATION'],
    });
    expect(riskOf(run, 'alone', AS_OF)).toMatchObject({ regionRevenueSharePct: 100, concentration: true });
  });

  it('moves the region’s total by a correction, not by the corrected amount twice', () => {
    const s = riskScenario();
    const small = s.account('small', 'East');
    small.months('2025-10', 12, 100_000);
    const big = s.account('big', 'East');
    big.months('2025-10', 12, 100_000);
    big.corrected('2026-09', -100_000, 0, '2026-10-10');
    small.monthEnd('2026-09', '2026-10-11');
    const run = project(s.events);
    // Region: 24 × 100 000 − 100 000; small holds 12 × 100 000 of it.
    expect(riskOf(run, 'small', AS_OF)['regionRevenueSharePct']).toBe(52.17);
  });
});

describe('account_risk of a LOST account, and as of a past day', () => {
  it('keeps the figures of a LOST account but raises no flag', () => {
    const s = riskScenario();
    const a = s.account('acc-1', 'West');
    a.months('2025-01', 18, 100_000);
    a.months('2026-07', 3, 10_000);
    a.feedback(1, '2026-09-30');
    a.lost('2026-10-01');
    expect(riskOf(project(s.events), 'acc-1', AS_OF)).toMatchObject({
      accountStatus: 'LOST',
      score: 40,
      atRisk: false,
      concentration: false,
      flags: [],
    });
  });

  it('sees on a past day the months closed then and only what was known then', () => {
    const s = riskScenario();
    const a = s.account('acc-1');
    a.months('2025-01', 15, 100_000);
    a.months('2026-04', 6, 50_000);
    a.feedback(1, '2026-09-01');
    const run = project(s.events);
    // As of 2026-05-15: only April is down so far, a third of the quarter; no feedback yet.
    expect(riskOf(run, 'acc-1', '2026-05-15')).toMatchObject({
      revenueTrendPct: -16.67,
      score: 10,
      reasons: ['REVENUE_TREND 10/30'],
    });
    expect(riskOf(run, 'acc-1', AS_OF)).toMatchObject({ revenueTrendPct: -50, score: 40 });
  });
});

describe('account_risk plain columns', () => {
  it('hold the row as of the account’s latest event, for SQL; the internal regions table sums revenue', () => {
    const s = riskScenario();
    const a = s.account('acc-1');
    a.months('2025-01', 18, 100_000);
    a.months('2026-07', 3, 40_000);
    a.feedback(1, '2026-10-01');
    const run = project(s.events);
    const [row] = run.rows('account_risk');
    expect(row).toMatchObject({
      account_id: 'acc-1',
      score: 40,
      at_risk: 1,
      reasons: JSON.stringify(['REVENUE_TREND 30/30', 'FEEDBACK 10/10']),
      concentration: 1,
      flags: JSON.stringify(['CONCENTRATION']),
      policy_version: 'v2',
      as_of: '2026-10-03', // September's revenue, recorded on the 3rd
      current_as: null,
    });
    expect(run.doc('account_risk_regions', 'East')).toMatchObject({
      revenue: { '2025-01': 10_000_000, '2026-09': 4_000_000 },
    });
  });
});
