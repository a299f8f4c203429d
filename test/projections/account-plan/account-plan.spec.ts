// The account plan: given an account's plan, revenue, deliveries and promotions → its row per
// year (revenue target vs actual to date, expected share, on pace, gap, promotion budget vs spend)
// and per SKU (volume target vs units delivered, the stock levels agreed), as of any day.
import { describe, expect, it } from 'vitest';
import { addPeriods, POLICY_V1, type IsoDate } from '../../../domain/kernel/index.js';
import {
  ACCOUNT_PLAN,
  ACCOUNT_PLAN_SKUS,
  projection,
  readModels,
  type AccountPlanDoc,
  type PlanSkuDoc,
} from '../../../projections/account-plan/index.js';
import { eventLog, runProjection } from '../../support/projection-harness.js';

const at = (day: IsoDate): string => `${day}T09:00:00.000Z`;
const yuan = (n: number) => ({ amount: n * 100, currency: 'CNY' });
const planModel = readModels.find((m) => m.name === 'account-plan')!;
const skuModel = readModels.find((m) => m.name === 'account-plan-skus')!;

const book = () => {
  const log = eventLog();
  const account = (type: string, data: Record<string, unknown>) =>
    log.add('account-p', { type, data: { accountId: 'p', ...data } });
  const agreement = (type: string, data: Record<string, unknown>) =>
    log.add('agreement-ag', { type, data: { agreementId: 'ag', accountId: 'p', ...data } });
  const supply = (type: string, data: Record<string, unknown>) =>
    log.add('supply-cm', { type, data: { commitmentId: 'cm', accountId: 'p', ...data } });
  const plan = (day: IsoDate, targetYuan: number) =>
    account('AccountPlanSet', {
      year: 2026,
      revenueTarget: yuan(targetYuan),
      skuTargets: { 'SKU-A': 3650, 'SKU-B': 100 },
      promotionBudget: yuan(50_000),
      stockTargets: {
        'SKU-A': { offSeasonDays: 20, peakDays: 40 },
        'SKU-C': { offSeasonDays: 10, peakDays: 20 },
      },
      replacesEarlier: false,
      at: at(day),
    });
  const revenue = (period: string, amountYuan: number) =>
    account('RevenueRecorded', {
      period,
      amount: yuan(amountYuan),
      sourceRef: `ERP-${period}`,
      at: at(`${addPeriods(period, 1)}-03`),
    });
  const promotion = (promotionId: string, from: IsoDate, to: IsoDate, day: IsoDate) =>
    agreement('PromotionProposed', { promotionId, window: { from, to }, budget: yuan(1), at: at(day) });

  account('AccountRegistered', {
    name: 'Pearl Retail',
    industry: 'RETAIL',
    region: 'Shanghai',
    at: at('2025-01-02'),
  });
  account('AccountManagerAssigned', {
    previous: null,
    next: 'mgr-1',
    effectiveFrom: '2025-01-05',
    at: at('2025-01-05'),
  });
  supply('CommitmentCreated', { agreementId: 'ag', sku: 'SKU-A', policyVersion: 'v1', at: at('2025-01-10') });
  promotion('pr-0', '2025-11-01', '2025-11-30', '2025-10-01');
  plan('2025-12-15', 1_200_000);
  revenue('2025-12', 100_000);
  promotion('pr-1', '2026-02-01', '2026-02-28', '2026-01-05');
  agreement('PromotionResultRecorded', {
    promotionId: 'pr-0',
    actualQty: 1,
    actualCost: yuan(9_000),
    at: at('2026-01-10'),
  });
  supply('BatchDelivered', { batchId: 'b1', qty: 500, at: at('2026-01-20') });
  account('TierChanged', {
    from: 'NONE',
    to: 'B',
    t12m: yuan(0),
    rule: 'PROMOTION',
    asOfPeriod: '2026-01',
    policyVersion: 'v1',
    group: null,
    at: at('2026-02-01'),
  });
  for (const period of ['2026-01', '2026-02']) revenue(period, 100_000);
  agreement('PromotionResultRecorded', {
    promotionId: 'pr-1',
    actualQty: 1,
    actualCost: yuan(20_000),
    at: at('2026-03-05'),
  });
  supply('BatchDelivered', { batchId: 'b2', qty: 400, at: at('2026-03-15') });
  revenue('2026-03', 100_000);
  plan('2026-04-10', 1_500_000);
  account('AccountManagerAssigned', {
    previous: 'mgr-1',
    next: 'mgr-2',
    effectiveFrom: '2026-05-02',
    at: at('2026-05-02'),
  });
  for (const period of ['2026-04', '2026-05']) revenue(period, 100_000);
  return runProjection(projection, log.events);
};

const run = book();
const planRow = (asOf: IsoDate) =>
  planModel.present(run.doc<AccountPlanDoc>(ACCOUNT_PLAN, 'p/2026') as never, { asOf, policy: POLICY_V1 });
const skuRow = (sku: string, asOf: IsoDate) =>
  skuModel.present(run.doc<PlanSkuDoc>(ACCOUNT_PLAN_SKUS, `p/2026/${sku}`) as never, {
    asOf,
    policy: POLICY_V1,
  });

describe('account_plan', () => {
  it('has a row per account × year planned, none for a year without a plan', () => {
    expect([...run.docs(ACCOUNT_PLAN).keys()]).toEqual(['p/2026']);
    expect([...run.docs(ACCOUNT_PLAN_SKUS).keys()].sort()).toEqual([
      'p/2026/SKU-A',
      'p/2026/SKU-B',
      'p/2026/SKU-C',
    ]);
  });

  it('measures the year’s closed months against the plan in force, behind the share of the year gone', () => {
    // Through May: 5 × ¥100,000 against the replaced target of ¥1.5 M; 151 of 365 days expected.
    expect(planRow('2026-06-15')).toMatchObject({
      managerId: 'mgr-2',
      tier: 'B',
      planSetOn: '2026-04-10',
      revenueTargetAmount: 150_000_000,
      revenueThrough: '2026-05',
      revenueToDateAmount: 50_000_000,
      shareAchieved: 0.33,
      expectedShare: 0.41,
      onPace: false,
      gapToTargetAmount: 100_000_000,
    });
  });

  it('is on pace when the closed months reach target × their share of the year', () => {
    // 10 March: January and February (¥200,000) known, against ¥1.2 M × 59/365.
    expect(planRow('2026-03-10')).toMatchObject({
      planSetOn: '2025-12-15',
      revenueThrough: '2026-02',
      revenueToDateAmount: 20_000_000,
      shareAchieved: 0.17,
      expectedShare: 0.16,
      onPace: true,
      tier: 'B',
    });
  });

  it('sees on a past day only the revenue recorded by then: March’s comes on 3 April', () => {
    expect(planRow('2026-04-01')).toMatchObject({
      revenueThrough: '2026-03',
      revenueToDateAmount: 20_000_000,
      expectedShare: 0.25,
      onPace: false,
    });
    // Before the year begins nothing is expected and nothing achieved: December counts for 2025.
    expect(planRow('2026-01-02')).toMatchObject({
      revenueThrough: null,
      revenueToDateAmount: 0,
      expectedShare: 0,
      onPace: true,
      tier: 'NONE',
    });
  });

  it('spends the promotion budget with the results recorded of the promotions whose window begins in the year', () => {
    expect(planRow('2026-03-01')).toMatchObject({
      promotionBudgetAmount: 5_000_000,
      promotionSpendAmount: 0,
    });
    expect(planRow('2026-06-15')).toMatchObject({
      promotionSpendAmount: 2_000_000,
      promotionBudgetUsed: 0.4,
    });
  });

  it('lists the SKUs behind pace: units delivered below target × the days gone', () => {
    expect(planRow('2026-06-15')).toMatchObject({ skusPlanned: 2, skusBehindPace: ['SKU-A', 'SKU-B'] });
    // 20 January: 500 of 3,650 delivered against 20 days' worth (200).
    expect(planRow('2026-01-20')['skusBehindPace']).toEqual(['SKU-B']);
  });

  it('serves each SKU: target vs delivered to date, the stock levels agreed', () => {
    expect(skuRow('SKU-A', '2026-06-15')).toMatchObject({
      managerId: 'mgr-2',
      targetQty: 3650,
      deliveredQty: 900,
      shareAchieved: 0.25,
      expectedShare: 0.45,
      onPace: false,
      gapQty: 2750,
      offSeasonDays: 20,
      peakDays: 40,
    });
    expect(skuRow('SKU-C', '2026-06-15')).toMatchObject({
      targetQty: null,
      deliveredQty: 0,
      shareAchieved: null,
      onPace: null,
      offSeasonDays: 10,
      peakDays: 20,
    });
  });

  it('writes plain columns as of the latest event, current_as null until the daily job', () => {
    const [row] = run.rows(ACCOUNT_PLAN);
    expect(row).toMatchObject({
      plan_id: 'p/2026',
      year: 2026,
      manager_id: 'mgr-2',
      on_pace: 0,
      current_as: null,
    });
  });
});
