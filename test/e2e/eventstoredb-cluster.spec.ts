// The engine on a 3-node EventStoreDB cluster over TLS with a user (the stand-in): commands
// keep being acknowledged while the leader moves twice, and afterwards every acknowledged event
// is stored once, the projector has applied every one of them (no gap after it resumed), and
// an SSE subscriber that followed along saw each exactly once, in order.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../src/cloud-events.js';
import { EsdbStandIn } from '../support/esdb-stand-in.js';
import { testCertificates } from '../support/esdb-stand-in/certificates.js';
import { openEventStream } from '../support/sse-client.js';
import { openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

const AT = '2026-04-02T09:00:00.000Z';
let standIn: EsdbStandIn;
let server: TestServer;
let url: string;

beforeAll(async () => {
  standIn = await EsdbStandIn.start({
    nodes: 3,
    tls: testCertificates().server,
    users: { kare: { password: 'kare-secret', readAll: true } },
    replicationDelayMs: 5,
  });
  server = openTestServer({
    eventStoreUrl: standIn.connectionString,
    logger: (await import('pino')).default({ level: 'error' }),
  });
  url = await server.listen();
});
afterAll(async () => {
  await server.close();
  await standIn.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the engine on a 3-node EventStoreDB cluster', () => {
  it('acknowledges commands through two elections; projector and SSE resume without gap or duplicate', async () => {
    const sse = await openEventStream(`${url}/subscriptions/events?category=account`);
    expect(sse.status).toBe(200);

    const acknowledged: { accountId: string; position: bigint; eventIds: string[] }[] = [];
    const register = async (accountId: string) => {
      const res = await request(server.app)
        .post('/accounts')
        .send({ accountId, name: `Account ${accountId}`, industry: 'LOGISTICS', region: 'Ningbo', at: AT });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      acknowledged.push({
        accountId,
        position: BigInt(res.body.position),
        eventIds: (res.body.events as { eventId: string }[]).map((e) => e.eventId),
      });
    };
    const worker = async (w: number) => {
      for (let i = 0; i < 12; i += 1) await register(`c${w}-${i}`);
    };
    const load = Promise.all([0, 1, 2].map(worker));
    const until = async (count: number) => {
      while (acknowledged.length < count) await sleep(5);
    };
    await until(6);
    // The engine's append stream and its subscriptions were open on the old leader.
    let ended = standIn.elect(1);
    await until(18);
    ended += standIn.elect(2);
    await load;
    expect(ended).toBeGreaterThan(0);
    expect(acknowledged).toHaveLength(36);

    // Stored once each: every account's stream holds exactly its one registration.
    for (const { accountId, eventIds } of acknowledged) {
      const history = await request(server.app).get(`/accounts/${accountId}/history`);
      expect(history.status).toBe(200);
      expect(history.body.events.map((e: { eventId: string }) => e.eventId)).toEqual(eventIds);
    }

    // The projector applied every acknowledged event (read-your-writes up to the last one).
    const last = acknowledged.reduce((max, a) => (a.position > max ? a.position : max), 0n);
    const rows = await request(server.app).get(`/read-models/tier-status?limit=100&minPosition=${last}`);
    expect(rows.status).toBe(200);
    expect(rows.body.items.map((row: { accountId: string }) => row.accountId).sort()).toEqual(
      acknowledged.map((a) => a.accountId).sort(),
    );

    // The SSE subscriber saw each registration exactly once, in position order.
    const expected = acknowledged.flatMap((a) => a.eventIds.map((id) => ({ id, position: a.position })));
    const messages = await sse.take(expected.length, 20_000);
    const seen = messages.map((m) => (JSON.parse(m.data) as CloudEvent).id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(expected.map((e) => e.id).sort());
    const positions = messages.map((m) => BigInt(m.id!));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    sse.close();
  }, 60_000);
});
