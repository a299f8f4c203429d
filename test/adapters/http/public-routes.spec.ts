import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, openTestServer, overrideStore, type TestServer } from './server-fixture.js';

let server: TestServer;
afterEach(async () => server.close());

const withStore = (headPosition: () => Promise<bigint>) => overrideStore({ headPosition });

describe('GET /health', () => {
  it("answers 200 with the store's head and each projection's state, without a key", async () => {
    server = openTestServer({ keys: 'k=operator' });
    await server.engine.projector.waitFor(0n, 5000);
    const res = await request(server.app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', store: { reachable: true, head: '0' } });
    expect(res.body.projections.map((p: { name: string }) => p.name)).toEqual(server.engine.projector.names);
    for (const projection of res.body.projections) {
      expect(['live', 'catching_up']).toContain(projection.state);
      expect(projection).toMatchObject({ position: expect.any(String), lag: expect.any(String) });
    }
  });

  it('answers 503 when the projections are not running', async () => {
    server = openTestServer({ start: false });
    const res = await request(server.app).get('/health');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.projections[0].state).toBe('stopped');
  });

  it('answers 503 when the store fails, without telling why', async () => {
    server = openTestServer({
      engine: withStore(() => Promise.reject(new Error('SQLITE_CANTOPEN /secret/path'))),
    });
    const res = await request(server.app).get('/health');
    expect(res.status).toBe(503);
    expect(res.body.store).toEqual({ reachable: false });
    expect(JSON.stringify(res.body)).not.toContain('/secret/path');
  });

  it('answers 503 when the store does not answer at all', async () => {
    server = openTestServer({
      healthTimeoutMs: 50,
      engine: withStore(() => new Promise<bigint>(() => undefined)),
    });
    const res = await request(server.app).get('/health');
    expect(res.status).toBe(503);
    expect(res.body.store.reachable).toBe(false);
  });
});

describe('GET /metrics', () => {
  it('exposes request latencies by route pattern, commands by outcome and projection lag', async () => {
    server = openTestServer({ keys: 'op=operator' });
    const register = (body: Record<string, unknown>) =>
      request(server.app).post('/accounts').set('Authorization', 'Bearer op').send(body);
    expect((await register(ACCOUNT)).status).toBe(201);
    expect((await register(ACCOUNT)).status).toBe(409);
    await request(server.app)
      .post('/accounts/acme/flag-at-risk')
      .set('Authorization', 'Bearer op')
      .send({ reason: 'no manager yet' });
    const res = await request(server.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(
      /kare_http_request_duration_seconds_count\{method="POST",route="\/accounts",status="201"\} 1/,
    );
    // The route pattern, not the id: ids don't explode the label space.
    expect(text).toContain('route="/accounts/:id/:command",status="422"');
    expect(text).not.toContain('/accounts/acme');
    expect(text).toMatch(/kare_commands_total\{command="RegisterAccount",outcome="accepted"\} 1/);
    expect(text).toMatch(/kare_commands_total\{command="RegisterAccount",outcome="rejected"\} 1/);
    expect(text).toMatch(/kare_commands_total\{command="FlagAtRisk",outcome="rejected"\} 1/);
    expect(text).toMatch(/kare_projection_lag_events\{projection="tier-status"\} \d+/);
    expect(text).toMatch(/kare_projection_position\{projection="stream-index",state="[a-z_]+"\} \d+/);
  });

  it('reads the projection lag at scrape time', async () => {
    server = openTestServer({ start: false });
    await request(server.app).post('/accounts').send(ACCOUNT);
    const behind = await request(server.app).get('/metrics');
    expect(behind.text).toMatch(/kare_projection_lag_events\{projection="tier-status"\} 1\b/);
    await server.engine.projector.catchUp();
    const caughtUp = await request(server.app).get('/metrics');
    expect(caughtUp.text).toMatch(/kare_projection_lag_events\{projection="tier-status"\} 0\b/);
  });
});
