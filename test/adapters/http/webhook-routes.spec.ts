// The webhook routes on the real app over a real engine: admin only, a bad body or query is a 400
// naming every bad field by its io-ts path, a private target is a 422 unless the configuration
// allows it, and the registry's life (register with the secret answered once, list, read, pause,
// resume, replay, deliveries, delete) as a client sees it, deliveries reaching a local receiver.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import { eventually } from '../../src/consumers/projector/fixtures.js';
import { Receiver } from '../../src/consumers/webhooks/receiver.js';
import { verifyStandardWebhook } from '../../src/consumers/webhooks/standard-webhooks-verifier.js';

const KEYS = 'k-admin=admin,k-operator=operator,k-analyst=analyst,k-auditor=auditor,k-integrator=integrator';
const AT = '2026-05-04T09:00:00.000Z';

interface Served {
  readonly engine: OpenedEngine;
  readonly http: HttpServer;
  close(): Promise<void>;
}
let served: Served | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await served?.close();
  await receiver?.close();
  served = undefined;
  receiver = undefined;
});

const serve = async (allowPrivate: boolean): Promise<Served> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kare-webhook-routes-'));
  const engine = openEngine({
    dataDir,
    sqliteSync: 'normal',
    webhooks: { allowPrivate, timeoutMs: 2000 },
  });
  engine.projector.start();
  await engine.webhooks.start();
  const http = createHttpServer(engine, { apiKeys: parseApiKeys(KEYS) }, pino({ level: 'silent' }), {
    processMetrics: false,
  });
  served = {
    engine,
    http,
    close: async () => {
      await http.close();
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return served;
};

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const admin = as('k-admin');

describe('webhook routes: access and validation', () => {
  it.each(['k-operator', 'k-analyst', 'k-auditor', 'k-integrator'])(
    'refuses every route to %s (admin only)',
    async (key) => {
      const { http } = await serve(true);
      const calls = [
        request(http.app).post('/webhooks').send({ url: 'http://127.0.0.1:9/' }),
        request(http.app).get('/webhooks'),
        request(http.app).get('/webhooks/w1'),
        request(http.app).patch('/webhooks/w1').send({ state: 'paused' }),
        request(http.app).delete('/webhooks/w1'),
        request(http.app).get('/webhooks/w1/deliveries'),
        request(http.app).post('/webhooks/w1/replay?from=0'),
      ];
      for (const call of calls) {
        const res = await call.set(as(key));
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect((await request(http.app).get('/webhooks')).status).toBe(401);
    },
  );

  it('answers a bad registration with a 400 naming every bad field by its path', async () => {
    const { http } = await serve(true);
    const res = await request(http.app)
      .post('/webhooks')
      .set(admin)
      .send({
        url: 'ftp://example.com/x',
        categories: ['account', 'nope'],
        types: ['AccountLost', 'Nope'],
        secret: 'abc',
        extra: 1,
      });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('INVALID_REQUEST');
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['categories.1', 'extra', 'secret', 'types.1', 'url']);
    const missing = await request(http.app).post('/webhooks').set(admin).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'url' })]);
  });

  it('answers a bad change, page or replay with a 400 naming the field', async () => {
    const { http } = await serve(true);
    const patch = await request(http.app)
      .patch('/webhooks/w1')
      .set(admin)
      .send({ state: 'disabled', url: 'nope' });
    expect(patch.status).toBe(400);
    expect((patch.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['state', 'url']);
    const page = await request(http.app).get('/webhooks/w1/deliveries?limit=0&before=x').set(admin);
    expect(page.status).toBe(400);
    expect((page.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'query.before',
      'query.limit',
    ]);
    const replay = await request(http.app).post('/webhooks/w1/replay?from=-1').set(admin);
    expect(replay.status).toBe(400);
    expect(replay.body.errors).toEqual([expect.objectContaining({ path: 'query.from' })]);
    const noFrom = await request(http.app).post('/webhooks/w1/replay').set(admin);
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.errors).toEqual([expect.objectContaining({ path: 'query.from' })]);
  });

  it('answers 404 for an unknown webhook on every route that names one', async () => {
    const { http } = await serve(true);
    for (const call of [
      request(http.app).get('/webhooks/ghost'),
      request(http.app).patch('/webhooks/ghost').send({ state: 'paused' }),
      request(http.app).delete('/webhooks/ghost'),
      request(http.app).get('/webhooks/ghost/deliveries'),
      request(http.app).post('/webhooks/ghost/replay?from=0'),
    ]) {
      const res = await call.set(admin);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  });

  it('refuses a loopback target with a 422 when the configuration does not allow it', async () => {
    const { http } = await serve(false);
    const res = await request(http.app)
      .post('/webhooks')
      .set(admin)
      .send({ url: 'http://127.0.0.1:8080/hook' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('WEBHOOK_TARGET_NOT_ALLOWED');
    expect((await request(http.app).get('/webhooks').set(admin)).body.items).toEqual([]);
  });
});

describe('webhook routes: the registry’s life', () => {
  it('registers, delivers signed CloudEvents, pauses, resumes, replays, pages deliveries and deletes', async () => {
    const { http } = await serve(true);
    receiver = await new Receiver().start();

    const created = await request(http.app)
      .post('/webhooks')
      .set(admin)
      .send({ url: receiver.url, categories: ['account'], types: ['AccountRegistered'] });
    expect(created.status).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(created.headers['location']).toBe(`/webhooks/${id}`);
    expect(created.body).toMatchObject({
      url: receiver.url,
      categories: ['account'],
      types: ['AccountRegistered'],
      state: 'active',
      position: '0',
      lag: '0',
    });

    const shown = await request(http.app).get(`/webhooks/${id}`).set(admin);
    expect(shown.status).toBe(200);
    expect(shown.body).not.toHaveProperty('secret');
    expect(
      (await request(http.app).get('/webhooks').set(admin)).body.items.map((w: { id: string }) => w.id),
    ).toEqual([id]);

    const register = (accountId: string) =>
      request(http.app)
        .post('/accounts')
        .set(as('k-operator'))
        .send({ at: AT, accountId, name: `Account ${accountId}`, industry: 'RETAIL', region: 'North' })
        .expect(201);
    const first = await register('acme');
    await eventually(() => receiver!.accepted.length === 1);
    const [delivery] = receiver.accepted;
    expect(verifyStandardWebhook(secret, delivery!.headers as Record<string, string>, delivery!.body)).toBe(
      'valid',
    );
    expect(JSON.parse(delivery!.body)).toMatchObject({
      specversion: '1.0',
      type: 'kare.account.AccountRegistered',
      subject: 'account-acme',
      position: String(first.body.position),
    });

    const paused = await request(http.app).patch(`/webhooks/${id}`).set(admin).send({ state: 'paused' });
    expect(paused.body.state).toBe('paused');
    await register('bolt');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.accepted).toHaveLength(1);
    const resumed = await request(http.app).patch(`/webhooks/${id}`).set(admin).send({ state: 'active' });
    expect(resumed.body.state).toBe('active');
    await eventually(() => receiver!.accepted.length === 2);
    expect(JSON.parse(receiver.accepted[1]!.body).subject).toBe('account-bolt');

    const replayed = await request(http.app).post(`/webhooks/${id}/replay?from=0`).set(admin);
    expect(replayed.status).toBe(200);
    await eventually(() => receiver!.accepted.length === 4);
    expect(receiver.accepted.slice(2).map((r) => JSON.parse(r.body).subject)).toEqual([
      'account-acme',
      'account-bolt',
    ]);

    const page = await request(http.app).get(`/webhooks/${id}/deliveries?limit=3`).set(admin);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(3);
    expect(page.body.items[0]).toMatchObject({
      ok: true,
      status: 204,
      eventType: 'AccountRegistered',
      attempt: 1,
    });
    const older = await request(http.app)
      .get(`/webhooks/${id}/deliveries?before=${page.body.next}`)
      .set(admin);
    expect(older.body.items).toHaveLength(1);
    expect(older.body).not.toHaveProperty('next');

    const deleted = await request(http.app).delete(`/webhooks/${id}`).set(admin);
    expect(deleted.status).toBe(204);
    expect((await request(http.app).get(`/webhooks/${id}`).set(admin)).status).toBe(404);
    await register('crux');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.accepted).toHaveLength(4);
  });

  it('takes a secret given, and is documented in the OpenAPI document', async () => {
    const { http } = await serve(true);
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const created = await request(http.app)
      .post('/webhooks')
      .set(admin)
      .send({ url: 'http://127.0.0.1:9/', secret });
    expect(created.body.secret).toBe(secret);
    const paths = (http.openApi['paths'] ?? {}) as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/webhooks/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(paths['/webhooks/{id}/replay']?.['post']).toMatchObject({ 'x-roles': ['admin'] });
  });
});
