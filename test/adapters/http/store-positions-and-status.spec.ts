// Positions a client hands back (`Last-Event-ID`, `?from=`) must be ones this store issued;
// GET /projections shows the reactors beside the projections, and each live subscription's
// connection (on EventStoreDB, where it can drop).
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECTIONS } from '../../../projections/index.js';
import { EsdbStandIn } from '../../support/esdb-stand-in.js';
import { ACCOUNT, openTestServer, type TestServer } from './server-fixture.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a position this store never issued', () => {
  it('is a 400 UNKNOWN_POSITION for Last-Event-ID and ?from= past the head, before any stream opens', async () => {
    server = openTestServer({ start: false });
    const written = await request(server.app).post('/accounts').send(ACCOUNT).expect(201);
    const head = BigInt(written.body.position as string);
    const past = (head + 1000n).toString();

    const resumed = await request(server.app).get('/subscriptions/events').set('Last-Event-ID', past);
    expect(resumed.status).toBe(400);
    expect(resumed.body).toMatchObject({ code: 'UNKNOWN_POSITION' });
    expect(resumed.body.detail).toContain(past);

    const from = await request(server.app).get(`/subscriptions/events?from=${past}`);
    expect(from.status).toBe(400);
    expect(from.body.code).toBe('UNKNOWN_POSITION');

    const page = await request(server.app).get(`/events?from=${past}`);
    expect(page.status).toBe(400);
    expect(page.body.code).toBe('UNKNOWN_POSITION');

    // The head itself is a position it issued: an empty page, not an error.
    const atHead = await request(server.app).get(`/events?from=${head.toString()}`);
    expect(atHead.status).toBe(200);
    expect(atHead.body.items).toEqual([]);
  });
});

describe('GET /projections', () => {
  it('shows the reactors beside the projections, with their position and lag in events', async () => {
    server = openTestServer({ start: false });
    await request(server.app).post('/accounts').send(ACCOUNT).expect(201);
    const head = (await server.engine.store.headPosition()).toString();
    const res = await request(server.app).get('/projections');
    expect(res.status).toBe(200);
    expect(res.body.reactors).toEqual([
      { name: 'process:account-lost', position: '0', head, lag: '1', state: 'stopped' },
    ]);
    // The projections' own answer is unchanged.
    expect(res.body.projections[0]).toMatchObject({ position: '0', head, lag: '1', state: 'stopped' });
  });
});

describe('GET /projections on EventStoreDB', () => {
  let standIn: EsdbStandIn;
  beforeAll(async () => {
    standIn = await EsdbStandIn.start();
  });
  afterAll(async () => {
    await standIn.stop();
  });

  const connections = async (app: TestServer['app']) => {
    const { body } = await request(app).get('/projections');
    return [...body.projections, ...body.reactors].map(
      (consumer: { name: string; connection?: { state: string; attempts: number; lastError?: string } }) =>
        consumer.connection,
    );
  };

  const eventually = async (check: () => Promise<boolean>, ms = 10_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('not in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('reports lags in events, in GET /projections and /metrics, not in bytes of the log', async () => {
    server = openTestServer({ eventStoreUrl: standIn.connectionString, start: false });
    await request(server.app)
      .post('/accounts')
      .send({ ...ACCOUNT, accountId: 'esdb-lag' })
      .expect(201);
    let events = 0n;
    for await (const _ of server.engine.store.readAll()) events += 1n;
    const { body } = await request(server.app).get('/projections');
    expect(body.projections[0]).toMatchObject({ position: '0', lag: events.toString() });
    expect(BigInt(body.projections[0].head)).toBeGreaterThan(events);
    expect(body.reactors[0]).toMatchObject({ position: '0', lag: events.toString() });
    const metrics = await request(server.app).get('/metrics');
    expect(metrics.text).toMatch(
      new RegExp(`kare_projection_lag_events\\{projection="tier-status"\\} ${events.toString()}\\b`),
    );
  });

  it('shows each live subscription’s connection, projections and reactors alike', async () => {
    server = openTestServer({ eventStoreUrl: standIn.connectionString });
    const app = server.app;
    await eventually(async () => (await connections(app)).every((c) => c?.state === 'connected'));
    const live = await connections(app);
    // Every projection and the account-lost reactor.
    expect(live).toHaveLength(PROJECTIONS.length + 1);
    expect(live).toEqual(live.map(() => ({ state: 'connected', attempts: 0 })));
  }, 30_000);

  it('shows a subscription reconnecting with its attempts and why (the runner’s status, as served)', async () => {
    const reconnecting = { state: 'reconnecting', attempts: 2, lastError: 'connection lost' } as const;
    server = openTestServer({
      eventStoreUrl: standIn.connectionString,
      start: false,
      engine: (engine) => ({
        ...engine,
        processes: {
          ...engine.processes,
          status: async () =>
            (await engine.processes.status()).map((status) => ({ ...status, connection: reconnecting })),
        },
      }),
    });
    const { body } = await request(server.app).get('/projections').expect(200);
    expect(body.reactors[0].connection).toEqual(reconnecting);
  });
});
