// A keyed AddContact's idempotency fingerprint is kept under the contact's data key: a retry
// with the same body is still a replay and another body under the key is refused, but the value
// kept is not the sha256 of the plaintext body, and once the contact is erased nothing that
// survives (the events, the claim) lets anyone check a guessed phone number against it.
import Database from 'better-sqlite3';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer, type HttpServer } from '../../../adapters/http/server.js';
import { embeddedStorePath, openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import { keyedFingerprint, requestFingerprint } from '../../../src/commands/request-fingerprint.js';
import { fingerprintsKeyedBy } from '../../../src/personal-data/fingerprints.js';
import { createMemoryKeyStore } from '../../../adapters/memory/key-store.js';
import { removeDir, tempDir } from '../../demo/demo-fixture.js';

const AT = '2026-05-04T09:00:00.000Z';
const CHEN = {
  contactId: 'ct-chen',
  role: 'DECISION_MAKER',
  name: 'Chen Jingwei',
  phone: '+86 10 6552-8888',
  email: 'chen.jingwei@acme.example',
  at: AT,
};
const KEY = 'add-chen-1';

/** The fingerprint of the body as an unkeyed server would keep it (adapters/http/command-routes.ts). */
const plainFingerprint = (body: object): string =>
  requestFingerprint({ aggregate: 'account', type: 'AddContact', aggregateId: 'acme', body });

describe('the fingerprint of a keyed request carrying personal data', () => {
  let dataDir: string;
  let engine: OpenedEngine;
  let http: HttpServer;
  const addChen = (body: object) =>
    request(http.app).post('/accounts/acme/add-contact').set('Idempotency-Key', KEY).send(body);
  /** The fingerprint the store keeps with the key's claim. */
  const stored = (): string => {
    const db = new Database(embeddedStorePath(dataDir), { readonly: true });
    try {
      const row = db.prepare('SELECT fingerprint FROM command_ids WHERE command_id = ?').get(KEY) as
        { fingerprint: string } | undefined;
      if (row === undefined) throw new Error(`no claim of ${KEY}`);
      return row.fingerprint;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dataDir = tempDir('fingerprints');
    engine = openEngine({ dataDir, sqliteSync: 'normal' });
    http = createHttpServer(engine, { apiKeys: parseApiKeys(undefined) }, pino({ level: 'silent' }), {
      processMetrics: false,
    });
    const registered = await request(http.app)
      .post('/accounts')
      .send({ accountId: 'acme', name: 'Acme', industry: 'FINANCE', region: 'North', at: AT });
    expect(registered.status).toBe(201);
    expect((await addChen(CHEN)).status).toBe(200);
  });
  afterAll(async () => {
    await http?.close();
    await engine?.close();
    removeDir(dataDir);
  });

  it('answers a retry with the same body as a replay', async () => {
    const again = await addChen(CHEN);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses another body under the same key (IDEMPOTENCY_KEY_REUSED)', async () => {
    const other = await addChen({ ...CHEN, phone: '+86 10 6552-0000' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('keeps an HMAC under the contact’s key, not the digest of the plaintext body', async () => {
    const key = await engine.personalData.keys.get('ct-chen');
    expect(key).toHaveLength(32);
    expect(stored()).not.toBe(plainFingerprint(CHEN));
    expect(stored()).toBe(keyedFingerprint(plainFingerprint(CHEN), key!));
  });

  describe('once the contact is erased', () => {
    let kept: string;
    beforeAll(async () => {
      kept = stored();
      expect((await request(http.app).post('/contacts/ct-chen/erase')).status).toBe(200);
    });

    it('leaves a fingerprint no recomputation from the plaintext matches: the key is gone', async () => {
      expect(stored()).toBe(kept);
      expect(await engine.personalData.keys.get('ct-chen')).toBeUndefined();
      expect(kept).not.toBe(plainFingerprint(CHEN));
      // Keyed by the subject's key as it is now (none, for an erased one): still no match.
      expect(
        await fingerprintsKeyedBy(engine.personalData.keys)(
          { type: 'AddContact', data: CHEN },
          plainFingerprint(CHEN),
        ),
      ).not.toBe(kept);
    });

    it('no longer tells a retry of the erased contact’s request: it is refused, not replayed', async () => {
      const again = await addChen(CHEN);
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });
  });
});

describe('keying fingerprints', () => {
  it('keys only the commands carrying personal data, each by its own subject’s key', async () => {
    const keys = createMemoryKeyStore();
    const keyed = fingerprintsKeyedBy(keys);
    const fingerprint = plainFingerprint(CHEN);
    expect(await keyed({ type: 'LogVisit', data: { contactIds: ['ct-chen'] } }, fingerprint)).toBe(
      fingerprint,
    );
    const chen = await keyed({ type: 'AddContact', data: CHEN }, fingerprint);
    expect(chen).toBe(keyedFingerprint(fingerprint, (await keys.get('ct-chen'))!));
    expect(await keyed({ type: 'AddContact', data: { ...CHEN, contactId: 'ct-li' } }, fingerprint)).not.toBe(
      chen,
    );
  });
});
