import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';
import {
  ACME_REGISTERED_AT,
  bearer,
  startServer,
  writeBook,
  type KeyRole,
  type TestServer,
} from './analyst-book.js';

let server: TestServer;
let acmeEvents: StoredEvent[];

const get = (url: string, role: KeyRole | null = 'auditor') => {
  const req = request(server.app).get(url);
  return role === null ? req : req.set('Authorization', bearer(role));
};

const errorPaths = (body: { errors?: { path: string }[] }): string[] =>
  (body.errors ?? []).map((e) => e.path).sort();

interface EventJson {
  position: string;
  streamId: string;
  revision: string;
  type: string;
  recordedAt: string;
  hash: string;
}

const ACME_STREAMS = ['account-acme', 'agreement-acme-2026', 'supply-acme-sku-1'];

beforeAll(async () => {
  server = startServer();
  await writeBook(server);
  const all = await Promise.all(ACME_STREAMS.map((s) => collect(server.engine.store.readStream(s))));
  acmeEvents = all.flat().sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1));
});
afterAll(() => server.close());

describe('GET /accounts/{id}/history', () => {
  it('answers the timeline across the account’s streams in position order, with who, when and why', async () => {
    const res = await get('/accounts/acme/history');
    expect(res.status).toBe(200);
    expect(res.body.accountId).toBe('acme');
    expect(res.body.streams).toEqual(ACME_STREAMS);
    expect(res.body.next).toBeNull();
    expect(res.body.events.map((e: EventJson) => e.position)).toEqual(
      acmeEvents.map((e) => e.globalPosition.toString()),
    );
    const first = acmeEvents[0]!;
    expect(res.body.events[0]).toEqual({
      position: first.globalPosition.toString(),
      streamId: 'account-acme',
      revision: '0',
      eventId: first.eventId,
      type: 'AccountRegistered',
      recordedAt: ACME_REGISTERED_AT,
      actor: 'book-writer',
      commandId: first.metadata.commandId,
      correlationId: 'book-acme',
      causationId: first.metadata.causationId,
      policyVersion: null,
      schemaVersion: 1,
      hash: first.hash,
      data: first.data,
    });
    const tierChanged = res.body.events.find((e: EventJson) => e.type === 'TierChanged');
    expect(tierChanged.policyVersion).toBe('v2');
  });

  it('pages with after and limit until next is null', async () => {
    const positions: string[] = [];
    let url = '/accounts/acme/history?limit=4';
    for (let pages = 0; pages < 20; pages += 1) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.body.events.length).toBeLessThanOrEqual(4);
      positions.push(...res.body.events.map((e: EventJson) => e.position));
      if (res.body.next === null) break;
      expect(res.body.next).toBe(res.body.events.at(-1).position);
      url = `/accounts/acme/history?limit=4&after=${res.body.next}`;
    }
    expect(positions).toEqual(acmeEvents.map((e) => e.globalPosition.toString()));
  });

  it('answers an unknown account with 404 NOT_FOUND and a bad id or parameter with 400', async () => {
    const missing = await get('/accounts/ghost/history');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', accountId: 'ghost', status: 404 });
    const badId = await get('/accounts/-bad-/history');
    expect(badId.status).toBe(400);
    expect(errorPaths(badId.body)).toEqual(['path.id']);
    const badQuery = await get('/accounts/acme/history?after=-1&limit=1001&page=2');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.code).toBe('INVALID_REQUEST');
    expect(errorPaths(badQuery.body)).toEqual(['query.after', 'query.limit', 'query.page']);
  });
});

describe('GET /{aggregate}/{id}/state', () => {
  it('answers the current state with its revision and when its last event was recorded', async () => {
    const last = acmeEvents.filter((e) => e.streamId === 'account-acme').at(-1)!;
    const res = await get('/accounts/acme/state');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['recordedAt', 'revision', 'state']);
    expect(res.body.revision).toBe(last.revision.toString());
    expect(res.body.recordedAt).toBe(last.recordedAt);
    expect(res.body.state).toMatchObject({
      accountId: 'acme',
      tier: 'A',
      status: 'ACTIVE',
      managerId: 'mgr-li',
    });
  });

  it('answers with the revision the state is at as its ETag, in the command routes’ format', async () => {
    const current = await get('/accounts/acme/state');
    expect(current.headers['etag']).toBe(`"${current.body.revision}"`);
    const past = await get('/agreements/acme-2026/state?revision=0');
    expect(past.headers['etag']).toBe('"0"');
  });

  it('answers the state as of a revision', async () => {
    const res = await get('/accounts/acme/state?revision=0');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ revision: '0', recordedAt: ACME_REGISTERED_AT });
    expect(res.body.state).toMatchObject({ status: 'PROSPECT', managerId: null, tier: 'NONE' });
  });

  it('answers the state as of a moment: the events recorded at or before it', async () => {
    const res = await get('/accounts/acme/state?asOf=2026-03-01T00:00:00%2B08:00');
    expect(res.status).toBe(200);
    // January's and February's revenue, recorded on the 28th; March's came later.
    expect(Object.keys(res.body.state.revenue)).toEqual(['2026-01', '2026-02']);
    expect(res.body.recordedAt).toBe('2026-02-28T09:00:00.000Z');
    const exact = await get(`/accounts/acme/state?asOf=${ACME_REGISTERED_AT}`);
    expect(exact.body.revision).toBe('0');
  });

  it('serves agreements and supply commitments too', async () => {
    const agreement = await get('/agreements/acme-2026/state');
    expect(agreement.status).toBe(200);
    expect(agreement.body.state).toMatchObject({ status: 'ACTIVE' });
    const drafted = await get('/agreements/acme-2026/state?revision=0');
    expect(drafted.body.state).toMatchObject({ status: 'DRAFT' });
    const commitment = await get('/supply-commitments/acme-sku-1/state?revision=1');
    expect(commitment.status).toBe(200);
    expect(commitment.body.revision).toBe('1');
  });

  it('answers 404 with a precise code: NOT_FOUND, REVISION_BEYOND_END, BEFORE_FIRST_EVENT', async () => {
    const missing = await get('/agreements/ghost/state');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', streamId: 'agreement-ghost' });
    const beyond = await get('/accounts/acme/state?revision=999');
    expect(beyond.status).toBe(404);
    const lastRevision = acmeEvents.filter((e) => e.streamId === 'account-acme').at(-1)!.revision;
    expect(beyond.body).toMatchObject({
      code: 'REVISION_BEYOND_END',
      streamId: 'account-acme',
      requested: '999',
      lastRevision: lastRevision.toString(),
    });
    const before = await get('/accounts/acme/state?asOf=2025-12-31T23:59:59Z');
    expect(before.status).toBe(404);
    expect(before.body).toMatchObject({
      code: 'BEFORE_FIRST_EVENT',
      streamId: 'account-acme',
      firstRecordedAt: ACME_REGISTERED_AT,
    });
    const missingAsOf = await get('/supply-commitments/ghost/state?asOf=2026-01-01T00:00:00Z');
    expect(missingAsOf.status).toBe(404);
    expect(missingAsOf.body.code).toBe('NOT_FOUND');
  });

  it('answers asOf with revision, a malformed moment or revision, or a bad id with 400', async () => {
    const both = await get('/accounts/acme/state?revision=1&asOf=2026-03-01T00:00:00Z');
    expect(both.status).toBe(400);
    expect(errorPaths(both.body)).toEqual(['query.revision']);
    const cases: [string, string[]][] = [
      ['/accounts/acme/state?asOf=2026-03-01', ['query.asOf']],
      ['/accounts/acme/state?asOf=yesterday', ['query.asOf']],
      ['/accounts/acme/state?revision=-1', ['query.revision']],
      ['/accounts/acme/state?revision=1.5', ['query.revision']],
      ['/accounts/acme/state?revision=1&revision=2', ['query.revision']],
      ['/accounts/acme/state?at=now', ['query.at']],
      ['/agreements/a%20b/state', ['path.id']],
    ];
    for (const [url, paths] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(errorPaths(res.body), url).toEqual(paths);
    }
  });
});

describe('GET /streams/{streamId}/events', () => {
  it('reads forwards from a revision, a page at a time', async () => {
    const res = await get('/streams/account-acme/events?from=1&limit=2');
    expect(res.status).toBe(200);
    expect(res.body.streamId).toBe('account-acme');
    expect(res.body.direction).toBe('forwards');
    expect(res.body.events.map((e: EventJson) => e.revision)).toEqual(['1', '2']);
    expect(res.body.next).toBe('3');
    expect(res.body.events[0]).toMatchObject({ type: 'AccountManagerAssigned', actor: 'book-writer' });
  });

  it('reads backwards from the end, and says when the page is the last', async () => {
    const stream = acmeEvents.filter((e) => e.streamId === 'supply-acme-sku-1');
    const res = await get('/streams/supply-acme-sku-1/events?direction=backwards');
    expect(res.status).toBe(200);
    expect(res.body.direction).toBe('backwards');
    expect(res.body.events.map((e: EventJson) => e.revision)).toEqual(
      stream.map((e) => e.revision.toString()).reverse(),
    );
    expect(res.body.next).toBeNull();
  });

  it('answers an unknown stream with 404 and bad parameters with 400', async () => {
    const missing = await get('/streams/account-ghost/events');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', streamId: 'account-ghost' });
    const bad = await get('/streams/account-acme/events?direction=sideways&limit=0&from=x');
    expect(bad.status).toBe(400);
    expect(errorPaths(bad.body)).toEqual(['query.direction', 'query.from', 'query.limit']);
    const badStream = await get('/streams/-x/events');
    expect(errorPaths(badStream.body)).toEqual(['path.streamId']);
  });
});

describe('GET /streams/{streamId}/verify', () => {
  it('answers ok with the number of events and the head hash', async () => {
    const stream = acmeEvents.filter((e) => e.streamId === 'account-acme');
    const res = await get('/streams/account-acme/verify');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, events: String(stream.length), headHash: stream.at(-1)!.hash });
  });

  it('answers a broken chain with 200, ok false and the first broken revision', async () => {
    const own = startServer();
    try {
      await own.send(
        'account',
        'victim',
        'RegisterAccount',
        { accountId: 'victim', name: 'Victim Ltd', industry: 'ENERGY', region: 'South' },
        '2026-01-05T09:00:00.000Z',
      );
      await own.send(
        'account',
        'victim',
        'AssignAccountManager',
        { managerId: 'm-1', effectiveFrom: '2026-01-06' },
        '2026-01-06T09:00:00.000Z',
      );
      // Behind the store's back: plain SQL on the file, as an attacker with file access would.
      own.engine.readDb
        .prepare(
          "UPDATE events SET data = json_set(data, '$.managerId', 'm-666') WHERE stream_id = ? AND revision = 1",
        )
        .run('account-victim');
      const res = await request(own.app)
        .get('/streams/account-victim/verify')
        .set('Authorization', bearer('auditor'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: false, brokenAt: '1', reason: expect.any(String) });
    } finally {
      await own.close();
    }
  });

  it('answers an unknown stream with 404 and any parameter with 400', async () => {
    const missing = await get('/streams/supply-ghost/verify');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', streamId: 'supply-ghost' });
    const param = await get('/streams/account-acme/verify?deep=true');
    expect(param.status).toBe(400);
    expect(errorPaths(param.body)).toEqual(['query.deep']);
  });
});

describe('access', () => {
  const routes = [
    '/accounts/acme/history',
    '/accounts/acme/state',
    '/agreements/acme-2026/state',
    '/supply-commitments/acme-sku-1/state',
    '/streams/account-acme/events',
    '/streams/account-acme/verify',
  ];

  it('lets auditors and admins in', async () => {
    for (const url of routes) {
      expect((await get(url, 'auditor')).status, url).toBe(200);
      expect((await get(url, 'admin')).status, url).toBe(200);
    }
  });

  it('answers other roles with 403 FORBIDDEN and a missing or unknown key with 401', async () => {
    for (const url of routes) {
      for (const role of ['analyst', 'operator', 'integrator'] as const) {
        const res = await get(url, role);
        expect(res.status, `${role} ${url}`).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const none = await get(url, null);
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('UNAUTHENTICATED');
      const wrong = await request(server.app).get(url).set('Authorization', 'Bearer wrong');
      expect(wrong.status).toBe(401);
    }
  });

  it('answers a path that is not valid percent-encoding with 400, not 500', async () => {
    // (/accounts/%zz/… meets the command router's /accounts/:id/:command first: app.ts's to map.)
    for (const url of ['/streams/%zz/verify', '/streams/%E0%A4%A/events']) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.code).toBe('MALFORMED_PATH');
    }
  });
});
