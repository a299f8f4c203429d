// Crypto-shredding end to end, on the embedded store and on EventStoreDB (the stand-in): a
// contact's name, phone and email read back on every path (stream, timeline, state as of, the
// /events page, the SSE stream, a subscription as webhooks use, `kare export`, read models);
// then the contact is erased and every path shows `{ erased: true }`, another contact stays
// readable, every chain still verifies, a rebuild gives the same read models, and no file of
// the data directory holds the plaintext.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import type { CloudEvent } from '../../../src/cloud-events.js';
import type { StoredEvent } from '../../../src/ports.js';
import { removeDir, servedRows, tempDir } from '../../demo/demo-fixture.js';
import { EsdbStandIn } from '../../support/esdb-stand-in.js';
import { openEventStream } from '../../support/sse-client.js';
import { kare } from '../app/cli/cli-harness.js';

const AT = '2026-05-04T09:00:00.000Z';
const CHEN = { name: 'Chen Jingwei', phone: '+86 10 6552-8888', email: 'chen.jingwei@acme.example' };
const LI = { name: 'Li Xiaoming', phone: '+86 21 5081-7777', email: 'li.xiaoming@beta.example' };
const PLAINTEXT = [CHEN.name, CHEN.phone, CHEN.email, LI.name, LI.phone, LI.email];
const ERASED = { erased: true };

type Personal = Record<string, unknown>;

interface Book {
  readonly dataDir: string;
  readonly engine: OpenedEngine;
  readonly http: HttpServer;
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
}

const openBook = async (eventStoreUrl?: string): Promise<Book> => {
  const dataDir = tempDir('erasure');
  const engine = openEngine({
    dataDir,
    sqliteSync: 'normal',
    ...(eventStoreUrl === undefined ? {} : { eventStoreUrl }),
  });
  engine.projector.start();
  const http = createHttpServer(engine, { apiKeys: parseApiKeys(undefined) }, pino({ level: 'silent' }), {
    processMetrics: false,
  });
  const url = `http://127.0.0.1:${(await http.listen(0, '127.0.0.1')).port}`;
  const env = eventStoreUrl === undefined ? {} : { KARE_EVENTSTORE_URL: eventStoreUrl };
  return { dataDir, engine, http, url, env };
};

const closeBook = async (book: Book): Promise<void> => {
  await book.http.close();
  await book.engine.close();
  removeDir(book.dataDir);
};

const post = async (book: Book, path: string, body: Record<string, unknown> = {}) => {
  const res = await request(book.http.app).post(path).send(body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

const seed = async (book: Book): Promise<void> => {
  for (const [accountId, contact, contactId] of [
    ['acme', CHEN, 'ct-chen'],
    ['beta', LI, 'ct-li'],
  ] as const) {
    await post(book, '/accounts', {
      accountId,
      name: accountId,
      industry: 'FINANCE',
      region: 'North',
      at: AT,
    });
    await post(book, `/accounts/${accountId}/add-contact`, {
      contactId,
      role: 'DECISION_MAKER',
      ...contact,
      at: AT,
    });
  }
  await caughtUp(book);
};

const caughtUp = async (book: Book): Promise<void> => {
  expect(await book.engine.projector.waitFor(await book.engine.store.headPosition(), 10_000)).toBe(true);
};

const contactOf = <E extends { readonly type: string; readonly data: Record<string, unknown> }>(
  events: readonly E[],
  contactId: string,
  type = 'ContactAdded',
): Personal => {
  const found = events.find(
    (event) =>
      (event.type === type || event.type.endsWith(`.${type}`)) && event.data['contactId'] === contactId,
  );
  if (found === undefined) throw new Error(`no ${type} of ${contactId}`);
  return found.data['personal'] as Personal;
};

/** The personal object of each contact as each read path shows it. */
const readPaths = async (
  book: Book,
  contactId: string,
  accountId: string,
): Promise<Record<string, Personal>> => {
  const app = request(book.http.app);
  const stream = await app.get(`/streams/account-${accountId}/events`);
  expect(stream.status).toBe(200);
  const timeline = await app.get(`/accounts/${accountId}/history`);
  expect(timeline.status).toBe(200);
  const page = await app.get('/events?category=account&limit=1000');
  expect(page.status).toBe(200);

  const sse = await openEventStream(`${book.url}/subscriptions/events?type=ContactAdded`);
  const messages = await sse.take(2, 5000);
  sse.close();

  // What webhooks send: the events of a subscription to the store, as CloudEvents.
  const subscription = book.engine.store.subscribe({ filter: { types: ['ContactAdded'] } });
  const subscribed: StoredEvent[] = [];
  for await (const event of subscription) {
    subscribed.push(event);
    if (subscribed.length === 2) break;
  }
  await subscription.close();

  const exported = await kare(book.dataDir, ['export', '--category', 'account'], { env: book.env });
  expect(exported.code, exported.stderr).toBe(0);
  const lines = exported.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CloudEvent);

  return {
    stream: contactOf(stream.body.events, contactId),
    timeline: contactOf(timeline.body.events, contactId),
    events: contactOf(page.body.items, contactId),
    sse: contactOf(
      messages.map((message) => JSON.parse(message.data) as CloudEvent),
      contactId,
    ),
    subscription: contactOf(subscribed, contactId),
    export: contactOf(lines, contactId),
  };
};

const everyPath = (personal: Personal) => ({
  stream: personal,
  timeline: personal,
  events: personal,
  sse: personal,
  subscription: personal,
  export: personal,
});

/** Every file of the data directory (event store, WAL, read models, keys), as one buffer. */
const filesOf = (dir: string): Buffer =>
  Buffer.concat(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name))),
  );

describe.each([
  { store: 'embedded SQLite', esdb: false },
  { store: 'EventStoreDB', esdb: true },
])('erasing a contact on $store', ({ esdb }) => {
  let standIn: EsdbStandIn | undefined;
  let book: Book;
  let rowsBefore: Record<string, unknown>;

  beforeAll(async () => {
    if (esdb) standIn = await EsdbStandIn.start();
    book = await openBook(standIn?.connectionString);
    await seed(book);
    rowsBefore = await servedRows(book.engine);
  }, 60_000);
  afterAll(async () => {
    await closeBook(book);
    await standIn?.stop();
  });

  it('reads the personal data back on every path while the contact is not erased', async () => {
    expect(await readPaths(book, 'ct-chen', 'acme')).toEqual(everyPath(CHEN));
    expect(await readPaths(book, 'ct-li', 'beta')).toEqual(everyPath(LI));
  }, 30_000);

  it('stores the personal object sealed: an AES-256-GCM envelope naming its subject, no plaintext', async () => {
    const stored: StoredEvent[] = [];
    for await (const event of book.engine.personalData.sealedStore.readAll()) stored.push(event);
    expect(contactOf(stored, 'ct-chen')).toEqual({
      subject: 'ct-chen',
      alg: 'A256GCM',
      iv: expect.stringMatching(/^[A-Za-z0-9+/]{16}$/),
      ciphertext: expect.any(String),
      tag: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
    });
    const json = JSON.stringify(stored, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    for (const text of PLAINTEXT) expect(json).not.toContain(text);
  });

  it('keeps no plaintext name, phone or email in any file of the data directory', () => {
    const files = filesOf(book.dataDir);
    for (const text of PLAINTEXT) expect(files.includes(Buffer.from(text)), text).toBe(false);
  });

  it('copies no personal field into a read model', () => {
    const rows = JSON.stringify(rowsBefore);
    expect(rows).toContain('"accountId":"acme"');
    for (const text of PLAINTEXT) expect(rows).not.toContain(text);
  });

  it('answers 404 for a contact it never had, and changes nothing', async () => {
    const res = await request(book.http.app).post('/contacts/ct-nobody/erase');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(await book.engine.personalData.keys.erased()).toEqual([]);
  });

  describe('once erased', () => {
    let first: request.Response;
    beforeAll(async () => {
      first = await request(book.http.app).post('/contacts/ct-chen/erase');
    });

    it('answers the erasure, and a second one with the first one’s time', async () => {
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        contactId: 'ct-chen',
        erased: true,
        erasedAt: expect.any(String),
        alreadyErased: false,
      });
      const again = await request(book.http.app).post('/contacts/ct-chen/erase');
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...first.body, alreadyErased: true });
    });

    it('shows the contact erased on every path', async () => {
      expect(await readPaths(book, 'ct-chen', 'acme')).toEqual(everyPath(ERASED));
    }, 30_000);

    it('leaves another contact readable on every path', async () => {
      expect(await readPaths(book, 'ct-li', 'beta')).toEqual(everyPath(LI));
    }, 30_000);

    it('shows no personal data in the state as of any moment, before or after', async () => {
      const now = encodeURIComponent(new Date().toISOString());
      const state = await request(book.http.app).get(`/accounts/acme/state?asOf=${now}`);
      expect(state.status).toBe(200);
      expect(state.body.state.contacts).toEqual({ 'ct-chen': { role: 'DECISION_MAKER', removed: false } });
      for (const text of PLAINTEXT) expect(JSON.stringify(state.body)).not.toContain(text);
    });

    it('still verifies: over HTTP and with kare verify', async () => {
      const res = await request(book.http.app).get('/streams/account-acme/verify');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true });
      const verified = await kare(book.dataDir, ['verify'], { env: book.env });
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    }, 30_000);

    it('rebuilds the same read models as before the erasure', async () => {
      await book.engine.projector.rebuild('all');
      expect(await servedRows(book.engine)).toEqual(rowsBefore);
    }, 60_000);

    it('exports the erased contact without a key, the other one with its key', async () => {
      const exported = await kare(book.dataDir, ['export', '--category', 'account'], { env: book.env });
      const lines = exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown> & CloudEvent);
      const added = (contactId: string) =>
        lines.find(
          (line) => line.type === 'kare.account.ContactAdded' && line.data['contactId'] === contactId,
        )!;
      expect(added('ct-chen')).toMatchObject({
        data: { personal: ERASED },
        karesealed: { subject: 'ct-chen' },
      });
      expect(added('ct-chen')).not.toHaveProperty('karekey');
      expect(added('ct-li')).toMatchObject({ data: { personal: LI }, karesealed: { subject: 'ct-li' } });
      expect(added('ct-li')['karekey']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }, 30_000);
  });
});
