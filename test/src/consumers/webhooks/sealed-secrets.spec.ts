// Webhook secrets sealed at rest: what the store keeps is no secret (a copy of the store alone
// signs nothing), what the registry reads is the secret; a wrong key or a sealed secret moved to
// another webhook does not open; a secret stored in plain text before sealing still reads; and
// the data directory's key is made once, readable by its owner only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryWebhookStore } from '../../../../adapters/memory/webhook-store.js';
import { openReadModelDatabase } from '../../../../adapters/sqlite/read-model-database.js';
import { createSqliteWebhookStore } from '../../../../adapters/sqlite/webhook-store.js';
import { ConfigError, loadConfig } from '../../../../src/app/config.js';
import { dataDirSealingKey, SEALING_KEY_FILE } from '../../../../src/app/webhooks.js';
import { openEngine } from '../../../../src/app/open-engine.js';
import {
  openSecret,
  SEALED_PREFIX,
  sealedSecrets,
  sealPlainSecrets,
  sealSecret,
  UnsealableSecret,
} from '../../../../src/consumers/webhooks/sealed-secrets.js';
import type { Webhook } from '../../../../src/ports.js';
import { webhookStoreContract } from '../../../contracts/webhook-store.contract.js';

const KEY = randomBytes(32);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const webhook = (id: string, secret = SECRET): Webhook => ({
  id,
  url: `https://example.com/hooks/${id}`,
  filter: {},
  secret,
  state: 'active',
  createdAt: '2026-05-04T09:00:00.000Z',
  updatedAt: '2026-05-04T09:00:00.000Z',
});

// Sealing changes nothing a registry sees: the whole contract holds through it.
webhookStoreContract({
  name: 'sealed (over memory)',
  create: async (keep) => ({
    store: sealedSecrets(createMemoryWebhookStore(keep), KEY),
    cleanup: async () => undefined,
  }),
});

describe('sealed webhook secrets', () => {
  it('keeps no secret in the SQLite file: a copy of it alone does not reveal the signing key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-sealed-'));
    try {
      const db = openReadModelDatabase(join(dir, 'read.sqlite'));
      const store = sealedSecrets(createSqliteWebhookStore(db), KEY);
      await store.create(webhook('w1'));
      const stored = db.prepare('SELECT secret FROM webhooks WHERE id = ?').pluck().get('w1') as string;
      expect(stored.startsWith(SEALED_PREFIX)).toBe(true);
      expect(stored).not.toContain(SECRET.slice('whsec_'.length));
      expect((await store.get('w1'))?.secret).toBe(SECRET);
      expect((await store.list()).map((each) => each.secret)).toEqual([SECRET]);
      const paused = await store.update('w1', { state: 'paused', updatedAt: '2026-05-04T10:00:00.000Z' });
      expect(paused?.secret).toBe(SECRET);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seals each time with a new nonce: the same secret twice is two different texts', () => {
    expect(sealSecret(KEY, 'w1', SECRET)).not.toBe(sealSecret(KEY, 'w1', SECRET));
  });

  it('does not open under another key, nor on another webhook’s row', async () => {
    const sealed = sealSecret(KEY, 'w1', SECRET);
    expect(openSecret(KEY, 'w1', sealed)).toBe(SECRET);
    expect(() => openSecret(randomBytes(32), 'w1', sealed)).toThrow(UnsealableSecret);
    expect(() => openSecret(KEY, 'w2', sealed)).toThrow(UnsealableSecret);
    expect(() => openSecret(KEY, 'w1', `${SEALED_PREFIX}AAAA`)).toThrow(UnsealableSecret);
    const raw = createMemoryWebhookStore();
    await sealedSecrets(raw, KEY).create(webhook('w1'));
    await expect(sealedSecrets(raw, randomBytes(32)).get('w1')).rejects.toThrow(
      /does not open with this server's sealing key: every server sharing the webhook store needs the same key/,
    );
  });

  it('reads a secret stored in plain text before sealing as it is', async () => {
    const raw = createMemoryWebhookStore();
    await raw.create(webhook('old'));
    expect((await sealedSecrets(raw, KEY).get('old'))?.secret).toBe(SECRET);
  });

  it('seals in place the secrets an earlier version stored in plain text, once, their updatedAt kept', async () => {
    const raw = createMemoryWebhookStore();
    await raw.create(webhook('old'));
    await sealedSecrets(raw, KEY).create(webhook('new'));
    const sealedNew = (await raw.get('new'))?.secret;
    expect(await sealPlainSecrets(raw, KEY)).toBe(1);
    const old = await raw.get('old');
    expect(old?.secret.startsWith(SEALED_PREFIX)).toBe(true);
    expect(old?.updatedAt).toBe(webhook('old').updatedAt);
    expect((await raw.get('new'))?.secret).toBe(sealedNew);
    expect(await sealPlainSecrets(raw, KEY)).toBe(0);
    expect((await sealedSecrets(raw, KEY).get('old'))?.secret).toBe(SECRET);
  });

  it('has the engine seal a plain secret of its read-model file before the webhooks are first used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-sealed-engine-'));
    try {
      const engine = openEngine({ dataDir: dir, sqliteSync: 'normal' });
      try {
        const raw = createSqliteWebhookStore(engine.readDb);
        await raw.create(webhook('old'));
        expect((await engine.webhooks.get('old'))?.secret).toBe(SECRET);
        expect((await raw.get('old'))?.secret.startsWith(SEALED_PREFIX)).toBe(true);
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => sealedSecrets(createMemoryWebhookStore(), randomBytes(16))).toThrow(/32 bytes, not 16/);
  });
});

describe('the sealing key', () => {
  it('is made once in the data directory, readable by its owner only, and the same when read again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-sealing-key-'));
    try {
      const key = dataDirSealingKey(dir);
      expect(key).toHaveLength(32);
      expect(statSync(join(dir, SEALING_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(dataDirSealingKey(dir).equals(key)).toBe(true);
      writeFileSync(join(dir, SEALING_KEY_FILE), 'too short\n');
      expect(() => dataDirSealingKey(dir)).toThrow(/must hold the base64 of 32 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is read from KARE_WEBHOOKS_SECRET_KEY, which must be the base64 of 32 bytes', () => {
    const key = randomBytes(32);
    expect(loadConfig({ KARE_WEBHOOKS_SECRET_KEY: key.toString('base64') }).webhooks.sealingKey).toEqual(key);
    expect(loadConfig({}).webhooks.sealingKey).toBeUndefined();
    for (const wrong of ['c2hvcnQ=', 'not base64 at all!'])
      expect(() => loadConfig({ KARE_WEBHOOKS_SECRET_KEY: wrong })).toThrow(ConfigError);
    expect(() => loadConfig({ KARE_WEBHOOKS_SECRET_KEY: 'c2hvcnQ=' })).toThrow(
      /KARE_WEBHOOKS_SECRET_KEY must be the base64 of 32 bytes/,
    );
  });
});
