// The whole engine on EventStoreDB (the stand-in, in CI): commands through HTTP, the command
// handler's retries and idempotency, the projector's read models with read-your-writes, the
// process managers and the audit trail — the same pipeline the embedded store runs.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsdbStandIn } from '../support/esdb-stand-in.js';
import { openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

const AT = '2026-04-02T09:00:00.000Z';
let standIn: EsdbStandIn;
let server: TestServer;

beforeAll(async () => {
  standIn = await EsdbStandIn.start();
  server = openTestServer({ eventStoreUrl: standIn.connectionString });
});
afterAll(async () => {
  await server.close();
  await standIn.stop();
});

const post = (path: string, body: object, headers: Record<string, string> = {}) =>
  request(server.app)
    .post(path)
    .set(headers)
    .send({ at: AT, ...body });

const eventually = async (check: () => Promise<void>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};

describe('the engine on EventStoreDB', () => {
  it('runs an account from registration to loss, with read models and the audit trail', async () => {
    const created = await post('/accounts', {
      accountId: 'esdb-1',
      name: 'Harbour Telecom',
      industry: 'LOGISTICS',
      region: 'Ningbo',
    });
    expect(created.status).toBe(201);
    // Positions come from the stand-in above 2^53, exact through JSON as decimal strings.
    expect(BigInt(created.body.position) > 2n ** 53n).toBe(true);

    await post('/accounts/esdb-1/assign-account-manager', {
      managerId: 'mgr-3',
      effectiveFrom: '2026-01-01',
    }).expect(200);
    for (const period of ['2026-01', '2026-02', '2026-03']) {
      await post('/accounts/esdb-1/record-revenue', {
        period,
        amount: { amount: 40_000_000, currency: 'CNY' },
        sourceRef: `ERP-${period}`,
      }).expect(200);
    }
    const monthEnd = await post('/month-end', { period: '2026-03' });
    expect(monthEnd.status).toBe(200);

    // Idempotency and If-Match hold on this store too.
    const key = { 'Idempotency-Key': 'esdb-open-r1' };
    const opened = await post(
      '/accounts/esdb-1/open-service-request',
      { requestId: 'r1', kind: 'SIM_REPLACEMENT', channel: 'HOTLINE' },
      key,
    );
    const again = await post(
      '/accounts/esdb-1/open-service-request',
      { requestId: 'r1', kind: 'SIM_REPLACEMENT', channel: 'HOTLINE' },
      key,
    );
    expect(again.body).toEqual(opened.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const stale = await post(
      '/accounts/esdb-1/record-feedback',
      { score: 5, aboutManagerId: 'mgr-3', comment: '' },
      { 'If-Match': '"0"' },
    );
    expect(stale.status).toBe(412);

    await post('/agreements', {
      agreementId: 'esdb-g1',
      accountId: 'esdb-1',
      validity: { from: '2026-04-01', to: '2027-03-31' },
      deliveryTerms: { batchSize: 500, cycleDays: 14, leadTimeDays: 7 },
      priceExpectations: { 'ROUTER-AX': { amount: 99_00, currency: 'CNY' } },
    }).expect(201);
    await post('/agreements/esdb-g1/set-base-discount', { discountBp: 1500 }).expect(200);
    await post('/agreements/esdb-g1/activate-agreement', {
      signedBy: 'Lin Qiao',
      signedOn: '2026-04-02',
    }).expect(200);
    await post('/supply-commitments', {
      commitmentId: 'esdb-s1',
      accountId: 'esdb-1',
      agreementId: 'esdb-g1',
      sku: 'ROUTER-AX',
      window: { from: '2026-04-01', to: '2026-12-31' },
      committedQty: 10_000,
    }).expect(201);
    const reported = await post('/supply-commitments/esdb-s1/report-stock-position', {
      asOf: '2026-04-02',
      onHand: 800,
      soldSinceLast: 0,
    });
    expect(reported.status).toBe(200);

    const tier = await request(server.app).get(
      `/read-models/tier-status/esdb-1?minPosition=${reported.body.position}&asOf=2026-04-02`,
    );
    expect(tier.status).toBe(200);
    expect(tier.body).toMatchObject({ accountId: 'esdb-1', tier: 'A', managerId: 'mgr-3', openRequests: 1 });
    const coverage = await request(server.app).get(
      `/read-models/stock-coverage?accountId=esdb-1&minPosition=${reported.body.position}`,
    );
    expect(coverage.body.items).toMatchObject([{ accountId: 'esdb-1', sku: 'ROUTER-AX', onHand: 800 }]);

    // The account is lost: the reactor terminates the agreement and closes the commitment.
    await post('/accounts/esdb-1/mark-lost', { reason: 'moved to a competitor' }).expect(200);
    await eventually(async () => {
      const state = await request(server.app).get('/agreements/esdb-g1/state');
      expect(state.body.state).toMatchObject({ status: 'TERMINATED' });
      const supply = await request(server.app).get('/supply-commitments/esdb-s1/state');
      expect(supply.body.state).toMatchObject({ status: 'CLOSED' });
    });

    const history = await request(server.app).get('/accounts/esdb-1/history?limit=1000');
    expect(history.status).toBe(200);
    expect(history.body.streams).toEqual(['account-esdb-1', 'agreement-esdb-g1', 'supply-esdb-s1']);
    const positions = history.body.events.map((e: { position: string }) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['AccountRegistered', 'TierChanged', 'AgreementTerminated', 'CommitmentClosed']),
    );
    const first = await request(server.app).get('/accounts/esdb-1/state?revision=0');
    expect(first.body).toMatchObject({ revision: '0', state: { status: 'PROSPECT', tier: 'NONE' } });
    for (const stream of history.body.streams as string[]) {
      const verified = await request(server.app).get(`/streams/${stream}/verify`);
      expect(verified.body, stream).toMatchObject({ ok: true });
    }
  });
});
