// The key store down: what needs a key (adding a contact, reading its event, erasing it) is a
// 503 STORE_UNAVAILABLE the client may retry, as for the event store; what needs none still
// works; and it all works again once the key store is back.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryKeyStore } from '../../../adapters/memory/key-store.js';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import { KeyStoreUnavailable, type KeyStore } from '../../../src/ports.js';
import { removeDir, tempDir } from '../../demo/demo-fixture.js';

const AT = '2026-05-04T09:00:00.000Z';

/** A key store that can be taken down: every call fails while it is. */
const faultyKeys = (): KeyStore & { down: boolean } => {
  const keys = createMemoryKeyStore();
  const fault = { down: false };
  const guarded =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (fault.down) throw new KeyStoreUnavailable('the key store is down (test)');
      return work(...args);
    };
  return Object.assign(fault, {
    keyFor: guarded(keys.keyFor),
    get: guarded(keys.get),
    adopt: guarded(keys.adopt),
    erase: guarded(keys.erase),
    erased: guarded(keys.erased),
    close: keys.close,
  });
};

describe('the key store down', () => {
  let dataDir: string;
  let engine: OpenedEngine;
  let http: HttpServer;
  const keys = faultyKeys();
  const app = () => request(http.app);
  const contact = (contactId: string) => ({
    contactId,
    name: 'Chen Jingwei',
    role: 'PURCHASER',
    at: AT,
  });

  beforeAll(async () => {
    dataDir = tempDir('key-faults');
    engine = openEngine({ dataDir, sqliteSync: 'normal', keyStore: keys });
    http = createHttpServer(engine, { apiKeys: parseApiKeys(undefined) }, pino({ level: 'silent' }), {
      processMetrics: false,
    });
    for (const accountId of ['acme', 'beta'])
      expect(
        (
          await app()
            .post('/accounts')
            .send({ accountId, name: accountId, industry: 'FINANCE', region: 'North', at: AT })
        ).status,
      ).toBeLessThan(300);
    expect((await app().post('/accounts/acme/add-contact').send(contact('ct-chen'))).status).toBeLessThan(
      300,
    );
    keys.down = true;
  });
  afterAll(async () => {
    await http.close();
    await engine.close();
    removeDir(dataDir);
  });

  it('answers 503 to adding a contact, and stores nothing', async () => {
    const res = await app().post('/accounts/beta/add-contact').send(contact('ct-li'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(res.headers['retry-after']).toBeDefined();
    const stream = await app().get('/streams/account-beta/events');
    expect(stream.body.events.map((event: { type: string }) => event.type)).toEqual(['AccountRegistered']);
  });

  it('answers 503 to reading a contact’s event and to erasing it', async () => {
    expect((await app().get('/streams/account-acme/events')).status).toBe(503);
    const erase = await app().post('/contacts/ct-chen/erase');
    expect(erase.status).toBe(503);
    expect(erase.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('still serves what needs no key, and verifies the chains', async () => {
    expect((await app().get('/streams/account-beta/events')).status).toBe(200);
    const verified = await app().get('/streams/account-acme/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('works again once the key store is back', async () => {
    keys.down = false;
    const stream = await app().get('/streams/account-acme/events');
    expect(stream.status).toBe(200);
    expect(stream.body.events[1].data.personal).toEqual({ name: 'Chen Jingwei' });
    expect((await app().post('/accounts/beta/add-contact').send(contact('ct-li'))).status).toBeLessThan(300);
    expect((await app().post('/contacts/ct-chen/erase')).status).toBe(200);
  });
});
