// /read-models/account-plan, /account-plan-skus and /manager-scorecard over HTTP on the analyst
// book: filters in SQL and on presented values, sorts by plain and current columns, a cursor
// walk, CSV, and asOf.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_MODELS } from '../../../projections/index.js';
import { bearer, startServer, TODAY, writeBook, type TestServer } from './analyst-book.js';

let server: TestServer;

const get = (url: string) => request(server.app).get(url).set('Authorization', bearer('analyst'));

const column = <T>(body: { items: Record<string, unknown>[] }, field: string): T[] =>
  body.items.map((row) => row[field] as T);

const cny = (amount: number) => ({ amount, currency: 'CNY' });

beforeAll(async () => {
  server = startServer();
  await writeBook(server);
  // acme makes ¥1 M a month (Jan–Mar), beta ¥100,000, delta ¥20,000: their plans for the year.
  const plan = (accountId: string, target: number) =>
    server.send(
      'account',
      accountId,
      'SetAccountPlan',
      {
        year: 2026,
        revenueTarget: cny(target),
        skuTargets: accountId === 'acme' ? { 'SKU-1': 3650 } : {},
        promotionBudget: cny(200_000),
        stockTargets: accountId === 'acme' ? { 'SKU-1': { offSeasonDays: 14, peakDays: 30 } } : {},
      },
      '2026-01-10T09:00:00.000Z',
    );
  await plan('acme', 600_000_000);
  await plan('beta', 120_000_000);
  await plan('delta', 50_000_000);
  // delta goes from mgr-li to mgr-wang today.
  await server.send(
    'account',
    'delta',
    'AssignAccountManager',
    { managerId: 'mgr-wang', effectiveFrom: TODAY },
    `${TODAY}T10:00:00.000Z`,
  );
  server.setNow(`${TODAY}T11:00:00.000Z`);
  await server.engine.projector.catchUp();
});
afterAll(() => server.close());

describe('GET /read-models/account-plan', () => {
  it('serves a row per account × year: revenue through the last closed month against the target, on pace or not', async () => {
    const res = await get('/read-models/account-plan?year=2026');
    expect(res.status).toBe(200);
    expect(column(res.body, 'accountId')).toEqual(['acme', 'beta', 'delta']);
    expect(res.body.items[0]).toMatchObject({
      planId: 'acme/2026',
      managerId: 'mgr-li',
      tier: 'A',
      revenueThrough: '2026-05',
      revenueToDateAmount: 300_000_000,
      shareAchieved: 0.5,
      expectedShare: 0.41,
      onPace: true,
      gapToTargetAmount: 300_000_000,
      skusPlanned: 1,
    });
    expect(column(res.body, 'onPace')).toEqual([true, false, false]);
  });

  it('filters by manager, region, tier and pace, each holding', async () => {
    const ids = async (query: string) =>
      column<string>((await get(`/read-models/account-plan?${query}`)).body, 'accountId');
    expect(await ids('managerId=mgr-wang')).toEqual(['beta', 'delta']);
    expect(await ids('region=West')).toEqual(['beta']);
    expect(await ids('tier=C')).toEqual(['delta']);
    expect(await ids('onPace=false')).toEqual(['beta', 'delta']);
    expect(await ids('onPace=false&managerId=mgr-li')).toEqual([]);
    expect(await ids('year=2027')).toEqual([]);
    const bad = await get('/read-models/account-plan?onPace=maybe');
    expect(bad.status).toBe(400);
  });

  it('sorts by the share achieved and the gap, for today with rows kept current and not yet', async () => {
    const walk = async () => {
      expect(column((await get('/read-models/account-plan?sort=-shareAchieved')).body, 'accountId')).toEqual([
        'acme',
        'beta',
        'delta',
      ]);
      expect(
        column((await get('/read-models/account-plan?sort=gapToTargetAmount')).body, 'accountId'),
      ).toEqual(['delta', 'beta', 'acme']);
    };
    await walk();
    expect(await server.engine.currentRows.refresh()).toBeGreaterThan(0);
    await walk();
    expect(
      column((await get('/read-models/account-plan?onPace=false&sort=-shareAchieved')).body, 'accountId'),
    ).toEqual(['beta', 'delta']);
  });

  it('walks the pages with the cursor, a page at a time', async () => {
    const seen: string[] = [];
    let url: string | null = '/read-models/account-plan?limit=1&sort=-shareAchieved';
    while (url !== null) {
      const res = await get(url);
      expect(res.status).toBe(200);
      seen.push(...column<string>(res.body, 'accountId'));
      url =
        res.body.nextCursor === null
          ? null
          : `/read-models/account-plan?limit=1&sort=-shareAchieved&cursor=${res.body.nextCursor}`;
    }
    expect(seen).toEqual(['acme', 'beta', 'delta']);
  });

  it('answers for a past asOf from what was known then', async () => {
    // 15 March: January and February known; beta just on pace (¥200,000 of ¥1.2 M by 59 days).
    const res = await get('/read-models/account-plan?asOf=2026-03-15&onPace=true');
    expect(column(res.body, 'accountId')).toEqual(['acme', 'beta']);
    expect(res.body.items[1]).toMatchObject({
      revenueThrough: '2026-02',
      revenueToDateAmount: 20_000_000,
      expectedShare: 0.16,
    });
  });

  it('answers CSV with a header of the field names, the SKUs behind pace joined with |', async () => {
    const model = READ_MODELS.find((m) => m.name === 'account-plan')!;
    const csv = await get('/read-models/account-plan?accountId=acme').set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(model.fields.map((f) => f.name).join(','));
    expect(lines).toHaveLength(3);
    const acme = lines[1]!.split(',');
    expect(acme[model.fields.findIndex((f) => f.name === 'skusBehindPace')]).toBe('SKU-1');
    expect(acme[model.fields.findIndex((f) => f.name === 'onPace')]).toBe('true');
  });
});

describe('GET /read-models/account-plan-skus', () => {
  it('serves each SKU planned with its target, units delivered and the stock levels agreed, filtered by SKU', async () => {
    const res = await get('/read-models/account-plan-skus?sku=SKU-1');
    expect(res.body.items).toEqual([
      expect.objectContaining({
        planSkuId: 'acme/2026/SKU-1',
        targetQty: 3650,
        deliveredQty: 0,
        onPace: false,
        offSeasonDays: 14,
        peakDays: 30,
      }),
    ]);
    expect((await get('/read-models/account-plan-skus?sku=SKU-2')).body.items).toEqual([]);
  });
});

describe('GET /read-models/manager-scorecard', () => {
  it('serves a row per manager × month; the current month as of today, a hand-over today with the next manager', async () => {
    const res = await get('/read-models/manager-scorecard?managerId=mgr-li');
    expect(column(res.body, 'month')).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(res.body.items[5]).toMatchObject({
      figuresAsOf: TODAY,
      accountsHeld: 1,
      accountIds: ['acme'],
      // January–May: 3 months of ¥1 M annualised over 5.
      portfolioT12mAmount: 720_000_000,
    });
    expect(res.body.items[4]).toMatchObject({
      figuresAsOf: '2026-05-31',
      accountIds: ['acme', 'delta'],
      portfolioT12mAmount: 918_000_000,
    });
    const wang = await get('/read-models/manager-scorecard?managerId=mgr-wang&from=2026-06');
    expect(wang.body.items).toEqual([
      expect.objectContaining({ month: '2026-06', accountIds: ['beta', 'delta'] }),
    ]);
  });

  it('bounds the months with from and to, and sorts by manager, month and portfolio', async () => {
    const range = await get('/read-models/manager-scorecard?from=2026-03&to=2026-04&sort=month');
    expect(column(range.body, 'scorecardId')).toEqual([
      'mgr-li/2026-03',
      'mgr-wang/2026-03',
      'mgr-li/2026-04',
      'mgr-wang/2026-04',
    ]);
    const byPortfolio = await get('/read-models/manager-scorecard?sort=-portfolioT12mAmount&limit=3');
    expect(column(byPortfolio.body, 'scorecardId')[0]).toBe('mgr-li/2026-04');
    const amounts = column<number>(byPortfolio.body, 'portfolioT12mAmount');
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
    expect(byPortfolio.body.nextCursor).not.toBeNull();
    const next = await get(
      `/read-models/manager-scorecard?sort=-portfolioT12mAmount&limit=3&cursor=${byPortfolio.body.nextCursor}`,
    );
    expect(Number(next.body.items[0].portfolioT12mAmount)).toBeLessThanOrEqual(amounts[2]!);
  });

  it('answers a month that begins after a past asOf without figures, and CSV with the field names', async () => {
    const past = await get('/read-models/manager-scorecard?managerId=mgr-li&from=2026-05&asOf=2026-04-20');
    expect(past.body.items.map((r: Record<string, unknown>) => [r['month'], r['figuresAsOf']])).toEqual([
      ['2026-05', null],
      ['2026-06', null],
    ]);
    const model = READ_MODELS.find((m) => m.name === 'manager-scorecard')!;
    const csv = await get('/read-models/manager-scorecard?managerId=mgr-wang&from=2026-06').set(
      'Accept',
      'text/csv',
    );
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(model.fields.map((f) => f.name).join(','));
    expect(lines[1]!.split(',')[model.fields.findIndex((f) => f.name === 'accountIds')]).toBe('beta|delta');
  });
});

describe('GET /read-models/managers', () => {
  it('lists every manager by id with their latest month, a page at a time, sorted in SQL', async () => {
    const all = await get('/read-models/managers');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([
      { managerId: 'mgr-li', lastMonth: '2026-06' },
      { managerId: 'mgr-wang', lastMonth: '2026-06' },
    ]);
    const first = await get('/read-models/managers?limit=1&sort=-managerId');
    expect(column(first.body, 'managerId')).toEqual(['mgr-wang']);
    const second = await get(`/read-models/managers?limit=1&sort=-managerId&cursor=${first.body.nextCursor}`);
    expect(column(second.body, 'managerId')).toEqual(['mgr-li']);
    expect(second.body.nextCursor).toBeNull();
  });
});
