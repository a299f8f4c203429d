import { createHash } from 'node:crypto';
import pino from 'pino';
import request from 'supertest';
import { v4 as uuid } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createApp } from '../../../adapters/http/app.js';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { commandRoutes } from '../../../adapters/http/command-routes.js';
import { createCommandHandler } from '../../../src/commands/command-handler.js';
import type { EventStore } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';

const NOW = '2026-03-02T09:00:00.000Z';
let store: EventStore;
let app: ReturnType<typeof createApp>;

const build = (keys = '') => {
  store = createMemoryEventStore();
  const handler = createCommandHandler({ store, ids: { uuid } });
  app = createApp({
    apiKeys: parseApiKeys(keys),
    logger: pino({ level: 'silent' }),
    routes: [commandRoutes({ handler, clock: { now: () => NOW }, ids: { uuid } })],
  });
};

const register = (body: Record<string, unknown> = {}) =>
  request(app)
    .post('/accounts')
    .send({ accountId: 'acme', name: 'Acme Telecom', industry: 'TECHNOLOGY', region: 'East', ...body });

beforeEach(() => build());

describe('command routes', () => {
  it('creates an account: 201, Location, ETag, revision and position as strings, at defaulted', async () => {
    const res = await register();
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe('/accounts/acme');
    expect(res.headers['etag']).toBe('"0"');
    expect(res.body).toMatchObject({
      streamId: 'account-acme',
      revision: '0',
      events: [{ type: 'AccountRegistered', revision: '0', data: { accountId: 'acme', at: NOW } }],
    });
    expect(typeof res.body.position).toBe('string');
  });

  it('generates the id of a new aggregate when the body has none', async () => {
    const res = await request(app)
      .post('/accounts')
      .send({ name: 'No Id Ltd', industry: 'RETAIL', region: 'West' });
    expect(res.status).toBe(201);
    const id = res.body.events[0].data.accountId as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['location']).toBe(`/accounts/${id}`);
  });

  it('runs a command by its kebab-case name: 200 with the events written', async () => {
    await register();
    const res = await request(app)
      .post('/accounts/acme/assign-account-manager')
      .send({ managerId: 'm-7', effectiveFrom: '2026-03-01' });
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'AccountManagerAssigned',
      'AccountActivated',
    ]);
    expect(res.headers['etag']).toBe('"2"');
  });

  it('accepts a command with no body at all when its data is only `at`', async () => {
    await register();
    await request(app)
      .post('/accounts/acme/assign-account-manager')
      .send({ managerId: 'm-7', effectiveFrom: '2026-03-01' });
    await request(app).post('/accounts/acme/flag-at-risk').send({ reason: 'late payments' });
    const res = await request(app).post('/accounts/acme/reactivate').send({ approvedBy: 'director-1' });
    expect(res.status).toBe(200);
  });

  it('answers a bad body with 400 and the path of every bad field', async () => {
    const res = await register({ industry: 'SPACE', name: '', extra: true });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'INVALID_REQUEST', title: 'Bad request' });
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'extra',
      'industry',
      'name',
    ]);
    expect(await store.headPosition()).toBe(0n);
  });

  it('answers malformed JSON with 400, a non-JSON body with 415 and an oversized one with 413', async () => {
    const malformed = await request(app)
      .post('/accounts')
      .set('content-type', 'application/json')
      .send('{"name":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const text = await request(app).post('/accounts').set('content-type', 'text/plain').send('name=acme');
    expect(text.status).toBe(415);
    const huge = await register({ name: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    const array = await request(app).post('/accounts').send([1, 2]);
    expect(array.status).toBe(400);
  });

  it('answers an unknown aggregate with 404 NOT_FOUND and an unknown command with 404 UNKNOWN_COMMAND', async () => {
    const missing = await request(app).post('/accounts/ghost/flag-at-risk').send({ reason: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', facts: { kind: 'account', id: 'ghost' } });
    const unknown = await request(app).post('/accounts/acme/launch-rocket').send({});
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('UNKNOWN_COMMAND');
    expect(unknown.body.commands).toContain('record-revenue');
  });

  it('answers a second create with 409 and a broken business rule with 422 and its code', async () => {
    await register();
    expect((await register()).status).toBe(409);
    const rule = await request(app).post('/accounts/acme/flag-at-risk').send({ reason: 'no manager yet' });
    expect(rule.status).toBe(422);
    expect(rule.body).toMatchObject({
      code: 'ACCOUNT_NOT_ACTIVE',
      type: 'urn:kare:problem:account-not-active',
    });
  });

  it('replays a command with the same Idempotency-Key: same answer, nothing written', async () => {
    const first = await register().set('Idempotency-Key', 'create-acme-1');
    const again = await register().set('Idempotency-Key', 'create-acme-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await collect(store.readStream('account-acme'))).toHaveLength(1);
    const bad = await register().set('Idempotency-Key', 'has spaces');
    expect(bad.status).toBe(400);
  });

  it('checks If-Match: 412 on a stale revision, 200 on the current one, 400 when malformed', async () => {
    await register();
    const stale = await request(app)
      .post('/accounts/acme/assign-account-manager')
      .set('If-Match', '"7"')
      .send({ managerId: 'm-1', effectiveFrom: '2026-03-01' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'REVISION_MISMATCH', expected: '7', actual: '0' });
    const current = await request(app)
      .post('/accounts/acme/assign-account-manager')
      .set('If-Match', '"0"')
      .send({ managerId: 'm-1', effectiveFrom: '2026-03-01' });
    expect(current.status).toBe(200);
    const malformed = await request(app)
      .post('/accounts/acme/flag-at-risk')
      .set('If-Match', 'yesterday')
      .send({ reason: 'x' });
    expect(malformed.status).toBe(400);
  });

  it('refuses a correlation id that is not short printable ASCII (stored forever), storing nothing', async () => {
    for (const bad of ['x'.repeat(129), 'tab\there', 'caf\u00e9']) {
      const res = await register().set('X-Correlation-Id', bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.code).toBe('INVALID_CORRELATION_ID');
    }
    expect(await store.headPosition()).toBe(0n);
    expect((await register().set('X-Correlation-Id', 'x'.repeat(128))).status).toBe(201);
  });

  it('records who sent the command in the event metadata', async () => {
    await register().set('X-Correlation-Id', 'ticket-42');
    const [event] = await collect(store.readStream('account-acme'));
    expect(event?.metadata).toMatchObject({ actor: 'api-key:admin', correlationId: 'ticket-42' });
  });
});

describe('access', () => {
  beforeEach(() => build('op-key=operator,an-key=analyst'));

  it('needs a key (401) of the operator role (403)', async () => {
    expect((await register()).status).toBe(401);
    expect((await register().set('Authorization', 'Bearer nope')).status).toBe(401);
    const analyst = await register().set('Authorization', 'Bearer an-key');
    expect(analyst.status).toBe(403);
    expect(analyst.body.code).toBe('FORBIDDEN');
    expect((await register().set('Authorization', 'Bearer op-key')).status).toBe(201);
  });

  it('names the key that sent a command by its id (a digest prefix), never by the key itself', async () => {
    expect((await register().set('Authorization', 'Bearer op-key')).status).toBe(201);
    const [event] = await collect(store.readStream('account-acme'));
    const id = createHash('sha256').update('op-key').digest('hex').slice(0, 8);
    expect(event?.metadata.actor).toBe(`api-key:operator:${id}`);
    expect(JSON.stringify(event?.metadata)).not.toContain('op-key');
  });
});

describe('malformed paths', () => {
  it('answers a path whose %-escape does not decode with 400, never 500', async () => {
    const res = await request(app).post('/accounts/%zz/flag-at-risk').send({ reason: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_PATH');
  });
});
