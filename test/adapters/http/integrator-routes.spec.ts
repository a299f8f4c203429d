import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../domain/index.js';
import type { CloudEvent } from '../../../src/cloud-events.js';
import type { Engine } from '../../../src/engine.js';
import type { SubscribeOptions } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';
import { EsdbStandIn } from '../../support/esdb-stand-in.js';
import { openEventStream, type SseMessage } from '../../support/sse-client.js';
import {
  ACCOUNT,
  openTestServer,
  overrideStore,
  type TestServer,
  type TestServerOptions,
} from './server-fixture.js';

let server: TestServer;
afterEach(async () => server.close());

// The log's routes on both stores: the embedded SQLite one and EventStoreDB (its stand-in).
const STORES = [
  { store: 'sqlite', esdb: false },
  { store: 'eventstoredb', esdb: true },
];
let standIn: EsdbStandIn | undefined;
const useStore = (esdb: boolean) => {
  beforeEach(async () => {
    if (esdb) standIn = await EsdbStandIn.start();
  });
  afterEach(async () => {
    // The server (and its store client) first, then the stand-in it talks to.
    await server.close();
    await standIn?.stop();
    standIn = undefined;
  });
};
const open = (options: TestServerOptions = {}): TestServer =>
  openTestServer({
    ...(standIn === undefined ? {} : { eventStoreUrl: standIn.connectionString }),
    ...options,
  });

const register = (accountId: string) =>
  request(server.app)
    .post('/accounts')
    .send({ ...ACCOUNT, accountId });

const assignManager = (accountId: string) =>
  request(server.app)
    .post(`/accounts/${accountId}/assign-account-manager`)
    .send({ managerId: 'm-7', effectiveFrom: '2026-03-01' });

const draftAgreement = (accountId: string) =>
  request(server.app)
    .post('/agreements')
    .send({
      agreementId: `${accountId}-g`,
      accountId,
      validity: { from: '2026-05-01', to: '2027-04-30' },
      deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 7 },
      priceExpectations: {},
    });

const cloudEvent = (message: SseMessage): CloudEvent => JSON.parse(message.data) as CloudEvent;

describe.each(STORES)('GET /subscriptions/events on $store', ({ esdb }) => {
  useStore(esdb);

  it('sends history then live events, each with its position as id, its type as event and a CloudEvent as data', async () => {
    server = open();
    const url = await server.listen();
    const registered = await register('acme');
    const stream = await openEventStream(`${url}/subscriptions/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const [history] = await stream.take(1);
    expect(history).toMatchObject({ id: registered.body.position, event: 'AccountRegistered' });
    expect(cloudEvent(history!)).toMatchObject({
      specversion: '1.0',
      id: registered.body.events[0].eventId,
      source: 'urn:kare',
      type: 'kare.account.AccountRegistered',
      subject: 'account-acme',
      datacontenttype: 'application/json',
      data: { accountId: 'acme', name: 'Acme Telecom' },
      position: registered.body.position,
      revision: '0',
    });
    expect(cloudEvent(history!).time).toMatch(/^\d{4}-\d\d-\d\dT/);

    const assigned = await assignManager('acme');
    const live = await stream.take(2);
    expect(live.map((m) => m.event)).toEqual(['AccountManagerAssigned', 'AccountActivated']);
    expect(live.at(-1)?.id).toBe(assigned.body.position);
    stream.close();
  });

  it('filters by category and type, repeated or comma-separated', async () => {
    server = open();
    const url = await server.listen();
    await register('acme');
    await draftAgreement('acme');
    await assignManager('acme');
    const agreements = await openEventStream(`${url}/subscriptions/events?category=agreement`);
    expect((await agreements.next()).event).toBe('AgreementDrafted');
    const both = await openEventStream(`${url}/subscriptions/events?category=agreement,account`);
    expect((await both.take(4)).map((m) => m.event)).toEqual([
      'AccountRegistered',
      'AgreementDrafted',
      'AccountManagerAssigned',
      'AccountActivated',
    ]);
    const types = await openEventStream(
      `${url}/subscriptions/events?type=AccountActivated&type=AgreementDrafted`,
    );
    expect((await types.take(2)).map((m) => m.event)).toEqual(['AgreementDrafted', 'AccountActivated']);
    // The filter holds for live events too: the next agreement event, not the account's.
    await register('beta');
    await draftAgreement('beta');
    expect(cloudEvent(await agreements.next()).subject).toBe('agreement-beta-g');
    for (const stream of [agreements, both, types]) stream.close();
  });

  it('starts after `from`, and resumes right after Last-Event-ID, which wins over `from`', async () => {
    server = open();
    const url = await server.listen();
    const first = await register('acme');
    const second = await register('beta');
    const third = await register('gamma');
    const fromFirst = await openEventStream(`${url}/subscriptions/events?from=${first.body.position}`);
    expect((await fromFirst.next()).id).toBe(second.body.position);
    const resumed = await openEventStream(`${url}/subscriptions/events?from=0`, {
      'Last-Event-ID': second.body.position,
    });
    expect((await resumed.next()).id).toBe(third.body.position);
    fromFirst.close();
    resumed.close();
  });

  it('sends a comment heartbeat', async () => {
    server = open({ heartbeatMs: 20 });
    const url = await server.listen();
    const stream = await openEventStream(`${url}/subscriptions/events`);
    expect(await stream.nextComment()).toBe('heartbeat');
    stream.close();
  });

  it('follows the live log through one store subscription, however many clients', async () => {
    let subscriptions = 0;
    let real: Engine['store'] | undefined;
    const counting = (engine: Engine): Engine => {
      real = engine.store;
      return overrideStore({
        subscribe: (options?: SubscribeOptions) => {
          subscriptions += 1;
          return real!.subscribe(options);
        },
      })(engine);
    };
    server = open({ start: false, engine: counting });
    const url = await server.listen();
    await register('acme');
    const clients = await Promise.all([1, 2, 3].map(() => openEventStream(`${url}/subscriptions/events`)));
    for (const client of clients) expect((await client.next()).event).toBe('AccountRegistered');
    await assignManager('acme');
    for (const client of clients)
      expect((await client.take(2)).map((m) => m.event)).toContain('AccountActivated');
    expect(subscriptions).toBe(1);
    for (const client of clients) client.close();
  });

  it('hands over from history to live with no gap and no repeat while events are being written', async () => {
    server = open({ start: false });
    const url = await server.listen();
    const writing = (async () => {
      for (let i = 0; i < 60; i += 1) await register(`acct-${i}`);
    })();
    // Clients join at different moments of the writing: each must see every event once, in order.
    const clients = [];
    for (let i = 0; i < 4; i += 1) {
      clients.push(await openEventStream(`${url}/subscriptions/events`));
      await register(`extra-${i}`);
    }
    await writing;
    const head = await server.engine.store.headPosition();
    const all = (await collect(server.engine.store.readAll())).map((e) => e.globalPosition.toString());
    expect(all).toHaveLength(64);
    for (const client of clients) {
      const ids = (await client.take(all.length)).map((m) => m.id);
      expect(ids).toEqual(all);
      expect(ids.at(-1)).toBe(head.toString());
      client.close();
    }
  });

  it('ends the streams when the live subscription fails, so clients reconnect and resume', async () => {
    const failing = overrideStore({
      subscribe: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('connection lost')) }),
        close: async () => undefined,
      }),
    });
    server = open({ start: false, engine: failing });
    const url = await server.listen();
    await register('acme');
    const stream = await openEventStream(`${url}/subscriptions/events`);
    // The history still arrives (it is read from the store), then the stream ends.
    expect((await stream.next()).event).toBe('AccountRegistered');
    await stream.ended;
  });

  it('counts the open streams, and forgets one when its client goes away', async () => {
    server = open({ start: false });
    const url = await server.listen();
    const openStreams = async () =>
      Number(/kare_event_streams_open (\d+)/.exec((await request(server.app).get('/metrics')).text)?.[1]);
    const stream = await openEventStream(`${url}/subscriptions/events`);
    expect(await openStreams()).toBe(1);
    stream.close();
    await expect.poll(openStreams).toBe(0);
  });

  it('ends open streams when the server shuts down', async () => {
    server = open();
    const url = await server.listen();
    const stream = await openEventStream(`${url}/subscriptions/events`);
    await server.http.close();
    await stream.ended;
  });

  it('answers 400 for an unknown category or type and for a malformed position', async () => {
    server = open();
    const category = await request(server.app).get('/subscriptions/events?category=account,planet');
    expect(category.status).toBe(400);
    expect(category.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(category.body).toMatchObject({ code: 'INVALID_QUERY', errors: [{ path: 'category' }] });
    expect(category.body.detail).toContain('planet');
    const type = await request(server.app).get('/subscriptions/events?type=AccountExploded');
    expect(type.status).toBe(400);
    const from = await request(server.app).get('/subscriptions/events?from=-1');
    expect(from.body).toMatchObject({ status: 400, errors: [{ path: 'from' }] });
    const lastEventId = await request(server.app)
      .get('/subscriptions/events')
      .set('Last-Event-ID', 'yesterday');
    expect(lastEventId.body).toMatchObject({ status: 400, errors: [{ path: 'Last-Event-ID' }] });
  });
});

describe.each(STORES)('GET /events on $store', ({ esdb }) => {
  useStore(esdb);

  it('pages through the log as CloudEvents: `next` passed back as `from` continues exactly', async () => {
    server = open();
    for (const id of ['a1', 'a2', 'a3']) await register(id);
    const first = await request(server.app).get('/events?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: CloudEvent) => e.subject)).toEqual(['account-a1', 'account-a2']);
    expect(first.body.items[0]).toMatchObject({ specversion: '1.0', type: 'kare.account.AccountRegistered' });
    const second = await request(server.app).get(`/events?from=${first.body.next}&limit=2`);
    expect(second.body.items.map((e: CloudEvent) => e.subject)).toEqual(['account-a3']);
    const last = await request(server.app).get(`/events?from=${second.body.next}`);
    expect(last.body).toEqual({ items: [], next: second.body.next });
  });

  it('filters, and `next` moves past the events it skipped', async () => {
    server = open();
    await register('acme');
    await draftAgreement('acme');
    await register('beta');
    const page = await request(server.app).get('/events?category=agreement');
    expect(page.body.items.map((e: CloudEvent) => e.type)).toEqual(['kare.agreement.AgreementDrafted']);
    expect(page.body.next).toBe((await server.engine.store.headPosition()).toString());
  });

  it('answers an empty log with no items and next "0"', async () => {
    server = open();
    expect((await request(server.app).get('/events')).body).toEqual({ items: [], next: '0' });
  });

  it('refuses a limit outside 1–1000 and a malformed from', async () => {
    server = open();
    for (const query of ['limit=0', 'limit=1001', 'limit=ten', 'from=1.5', 'from[a]=1']) {
      const res = await request(server.app).get(`/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('INVALID_QUERY');
    }
    expect((await request(server.app).get('/events?limit=1000')).status).toBe(200);
  });
});

describe('GET /schemas', () => {
  it('lists every event type with its schema version, aggregate and $id', async () => {
    server = openTestServer();
    const res = await request(server.app).get('/schemas');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(EVENT_TYPES.length);
    expect(res.body.items).toContainEqual({
      type: 'AccountRegistered',
      schemaVersion: 1,
      aggregate: 'account',
      $id: 'urn:kare:schema:event:AccountRegistered:v1',
    });
  });

  it("gives an event type's JSON Schema 2020-12 from its codec", async () => {
    server = openTestServer();
    const res = await request(server.app).get('/schemas/BaseDiscountSet');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/schema\+json/);
    expect(res.body).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:kare:schema:event:BaseDiscountSet:v1',
      title: 'BaseDiscountSet',
      type: 'object',
      additionalProperties: false,
    });
    expect(res.body.required).toContain('at');
  });

  it('answers 404 for an unknown event type', async () => {
    server = openTestServer();
    const res = await request(server.app).get('/schemas/AccountExploded');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_EVENT_TYPE', status: 404 });
  });
});

describe('access', () => {
  it('lets integrators (and admins) in, refuses other roles (403) and callers without a key (401)', async () => {
    server = openTestServer({ keys: 'int-key=integrator,an-key=analyst,root=admin', start: false });
    for (const path of [
      '/events',
      '/schemas',
      '/schemas/AccountRegistered',
      '/subscriptions/events?from=x',
    ]) {
      expect((await request(server.app).get(path)).status, path).toBe(401);
      expect((await request(server.app).get(path).set('Authorization', 'Bearer an-key')).status, path).toBe(
        403,
      );
    }
    for (const key of ['int-key', 'root']) {
      expect((await request(server.app).get('/events').set('Authorization', `Bearer ${key}`)).status).toBe(
        200,
      );
    }
    // Past the role check, a malformed position is the next thing to be told.
    const bad = await request(server.app)
      .get('/subscriptions/events?from=x')
      .set('Authorization', 'Bearer int-key');
    expect(bad.status).toBe(400);
  });
});
