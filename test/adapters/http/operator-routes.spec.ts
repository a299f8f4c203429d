import pino from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../adapters/http/app.js';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { operatorRoutes } from '../../../adapters/http/operator-routes.js';
import { collect } from '../../contracts/event-store.contract.js';
import { openTestServer, type TestServer } from './server-fixture.js';

const AT = '2026-05-04T09:00:00.000Z';

let server: TestServer;
afterEach(async () => server?.close());

const post = (path: string, body: Record<string, unknown>) =>
  request(server.app)
    .post(path)
    .send({ at: AT, ...body });

const ok = async (path: string, body: Record<string, unknown>) => {
  const res = await post(path, body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

/** An active account with an active agreement, optionally with an overridden tier. */
const activeAccount = async (accountId: string, tier?: 'A' | 'B' | 'C') => {
  await ok('/accounts', { accountId, name: `Account ${accountId}`, industry: 'RETAIL', region: 'North' });
  await ok(`/accounts/${accountId}/assign-account-manager`, {
    managerId: 'm-1',
    effectiveFrom: '2026-05-01',
  });
  if (tier !== undefined) {
    await ok(`/accounts/${accountId}/override-tier`, {
      tier,
      reason: 'strategic',
      approvedBy: 'director-1',
      expiresOn: '2026-10-31',
    });
  }
  const agreementId = `${accountId}-g`;
  await ok('/agreements', {
    agreementId,
    accountId,
    validity: { from: '2026-05-01', to: '2027-04-30' },
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 7 },
    priceExpectations: {},
  });
  await ok(`/agreements/${agreementId}/activate-agreement`, { signedBy: 'Chen Wei', signedOn: '2026-05-03' });
  return agreementId;
};

const commitment = (accountId: string, agreementId: string, commitmentId: string, committedQty: number) =>
  ok('/supply-commitments', {
    commitmentId,
    accountId,
    agreementId,
    sku: 'SKU-ROUTER',
    window: { from: '2026-06-01', to: '2026-12-31' },
    committedQty,
  });

const types = async (streamId: string) =>
  (await collect(server.engine.store.readStream(streamId))).map((e) => e.type);

describe('POST /month-end', () => {
  it("evaluates every account's tier and answers the summary; a rerun writes nothing", async () => {
    server = openTestServer();
    await activeAccount('big');
    await activeAccount('small');
    for (const period of ['2026-01', '2026-02', '2026-03', '2026-04']) {
      await ok('/accounts/big/record-revenue', {
        period,
        amount: { amount: 30_000_000, currency: 'CNY' },
        sourceRef: `ERP-${period}`,
      });
    }
    const res = await post('/month-end', { period: '2026-04' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      period: '2026-04',
      at: AT,
      accounts: 2,
      accepted: 2,
      rejected: 0,
      codes: {},
      flaggedAtRisk: 0,
    });
    expect(await types('account-big')).toContain('TierChanged');

    const head = await server.engine.store.headPosition();
    expect((await post('/month-end', { period: '2026-04' })).body).toMatchObject({ accepted: 2 });
    expect(await server.engine.store.headPosition()).toBe(head);
  });

  it('counts the accounts the domain refuses, by code', async () => {
    server = openTestServer();
    await activeAccount('gone');
    await ok('/accounts/gone/mark-lost', { reason: 'moved to a competitor' });
    expect((await post('/month-end', { period: '2026-04' })).body).toMatchObject({
      accounts: 1,
      accepted: 0,
      rejected: 1,
      codes: { ACCOUNT_LOST: 1 },
    });
  });

  it('answers 400 with every bad field, 415 for a body that is not JSON', async () => {
    server = openTestServer();
    const bad = await post('/month-end', { period: '2026-13', extra: 1, at: 'noon' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_REQUEST');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['at', 'extra', 'period']);
    const missing = await request(server.app).post('/month-end');
    expect(missing.body.errors).toEqual([{ path: 'period', message: 'is required' }]);
    const text = await request(server.app)
      .post('/month-end')
      .set('content-type', 'text/plain')
      .send('2026-04');
    expect(text.status).toBe(415);
  });
});

describe('POST /shortages', () => {
  it('allocates to A commitments first, then B pro rata, then C, and answers the allocations', async () => {
    server = openTestServer();
    await commitment('a', await activeAccount('a', 'A'), 'sa', 300);
    await commitment('b1', await activeAccount('b1', 'B'), 'sb1', 300);
    await commitment('b2', await activeAccount('b2', 'B'), 'sb2', 100);
    await commitment('c', await activeAccount('c', 'C'), 'sc', 200);
    const res = await post('/shortages', { shortageId: 'short-1', sku: 'SKU-ROUTER', available: 500 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ shortageId: 'short-1', sku: 'SKU-ROUTER', available: 500, at: AT });
    const allocated = Object.fromEntries(
      res.body.allocations.map((a: { commitmentId: string; allocated: number }) => [
        a.commitmentId,
        a.allocated,
      ]),
    );
    expect(allocated).toEqual({ sa: 300, sb1: 150, sb2: 50, sc: 0 });
    expect(res.body).toMatchObject({ accepted: 4, rejected: 0 });
    expect(await types('supply-sb1')).toContain('SupplyAllocated');

    // The same shortage again allocates nothing twice.
    const head = await server.engine.store.headPosition();
    await post('/shortages', { shortageId: 'short-1', sku: 'SKU-ROUTER', available: 500 });
    expect(await server.engine.store.headPosition()).toBe(head);
  });

  it('generates the shortage id when absent', async () => {
    server = openTestServer();
    const res = await post('/shortages', { sku: 'SKU-NONE', available: 5 });
    expect(res.status).toBe(200);
    expect(res.body.shortageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.allocations).toEqual([]);
  });

  it('answers 400 with the path of every bad field', async () => {
    server = openTestServer();
    const res = await post('/shortages', { sku: 'no spaces allowed', available: -1, shortageId: '' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'available',
      'shortageId',
      'sku',
    ]);
  });
});

describe('access and readiness', () => {
  it('needs the operator role', async () => {
    server = openTestServer({ keys: 'op=operator,an=analyst', start: false });
    expect((await post('/month-end', { period: '2026-04' })).status).toBe(401);
    const analyst = await post('/shortages', { sku: 'X', available: 1 }).set('Authorization', 'Bearer an');
    expect(analyst.status).toBe(403);
    const operator = await post('/month-end', { period: '2099-01' }).set('Authorization', 'Bearer op');
    expect(operator.status).not.toBe(403);
  });

  it('answers 503 with Retry-After while the stream index is behind, and runs nothing', async () => {
    const ran: string[] = [];
    const app = createApp({
      apiKeys: parseApiKeys(''),
      logger: pino({ level: 'silent' }),
      routes: [
        operatorRoutes({
          processes: {
            runMonthEnd: async (period) => {
              ran.push(period);
              return { accepted: 0, rejected: 0, codes: {}, flaggedAtRisk: 0 };
            },
            allocateShortage: async () => {
              ran.push('shortage');
              return { accepted: 0, rejected: 0, codes: {}, allocations: [] };
            },
          },
          clock: { now: () => AT },
          ids: { uuid: () => 'id-1' },
          indexCaughtUp: async () => false,
        }),
      ],
    });
    const res = await request(app).post('/month-end').send({ period: '2026-04' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.code).toBe('INDEX_BEHIND');
    expect((await request(app).post('/shortages').send({ sku: 'X', available: 1 })).status).toBe(503);
    expect(ran).toEqual([]);
  });
});
