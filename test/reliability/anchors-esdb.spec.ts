// Anchors on EventStoreDB (the stand-in): the served job anchors what commands write, the
// anchors verify, and commands, the audit and the integrators' log go on as before.
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
  server.engine.anchors.start({ everyEvents: 1, everyMs: 0 });
});
afterAll(async () => {
  await server.close();
  await standIn.stop();
});

const until = async (check: () => Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('anchors on EventStoreDB', () => {
  it('anchors what commands write; the anchors verify and commands go on', async () => {
    const account = {
      accountId: 'anchored-1',
      name: 'Harbour Telecom',
      industry: 'LOGISTICS',
      region: 'Ningbo',
    };
    expect(
      (
        await request(server.app)
          .post('/accounts')
          .send({ at: AT, ...account })
      ).status,
    ).toBe(201);
    await until(async () => ((await server.engine.anchors.latest())?.streams ?? 0) >= 1);
    expect(await server.engine.anchors.anchoredHead('account-anchored-1', true)).toMatchObject({
      revision: 0n,
    });

    const next = await request(server.app)
      .post('/accounts/anchored-1/open-service-request')
      .send({ requestId: 'sr-1', kind: 'SIM_REPLACEMENT', channel: 'HOTLINE', at: AT });
    expect(next.status).toBe(200);
    await until(
      async () => (await server.engine.anchors.anchoredHead('account-anchored-1', true))?.revision === 1n,
    );

    const summary = await server.engine.audit.verifyAll();
    expect(summary.ok).toBe(true);
    expect(summary.anchors?.latest?.streams).toBe(1);
    const verified = await request(server.app).get('/streams/account-anchored-1/verify');
    expect(verified.body).toMatchObject({ ok: true, events: '2' });
    expect(verified.headers['warning']).toBeUndefined();
    const page = await request(server.app).get('/events?category=account');
    expect(page.status).toBe(200);
    expect(page.body.items.map((e: { subject: string }) => e.subject)).toEqual([
      'account-anchored-1',
      'account-anchored-1',
    ]);
  });
});
