// Issue #14, "Inputs stored forever": a command's `at` far in the future was stored for good
// (revenue for 2099 went through). `at` may be at most a small skew after the server's clock.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { ACCOUNT, openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

describe('a command’s `at` in the future', () => {
  it('is refused with 400 AT_IN_FUTURE naming the field, and nothing is stored', async () => {
    server = openTestServer({ start: false });
    await request(server.app).post('/accounts').send(ACCOUNT).expect(201);
    const head = await server.engine.store.headPosition();
    for (const at of ['2099-01-01T00:00:00.000Z', inMinutes(6)]) {
      const res = await request(server.app)
        .post('/accounts/acme/record-revenue')
        .send({ period: '2026-01', amount: { amount: 1000, currency: 'CNY' }, sourceRef: 'ERP-1', at });
      expect(res.status, res.text).toBe(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({ code: 'AT_IN_FUTURE', errors: [{ path: 'at' }] });
      expect(res.body.detail).toContain(at);
    }
    const created = await request(server.app)
      .post('/accounts')
      .send({ ...ACCOUNT, accountId: 'later', at: '2099-01-01T00:00:00.000Z' });
    expect(created.status).toBe(400);
    expect(await server.engine.store.headPosition()).toBe(head);
  });

  it('is taken within the skew: a client’s clock a little ahead is no error', async () => {
    server = openTestServer({ start: false });
    const res = await request(server.app)
      .post('/accounts')
      .send({ ...ACCOUNT, at: inMinutes(2) });
    expect(res.status, res.text).toBe(201);
  });

  it('takes the skew from KARE_MAX_FUTURE_SKEW_SECONDS, 300 by default', () => {
    expect(loadConfig({}).maxFutureSkewMs).toBe(300_000);
    expect(loadConfig({ KARE_MAX_FUTURE_SKEW_SECONDS: '30' }).maxFutureSkewMs).toBe(30_000);
    expect(() => loadConfig({ KARE_MAX_FUTURE_SKEW_SECONDS: '-1' })).toThrow(/KARE_MAX_FUTURE_SKEW_SECONDS/);
  });
});
