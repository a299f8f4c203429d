// Webhook secrets sealed at rest: a store keeps `sealed:v1:` and the AES-256-GCM ciphertext of
// the secret under a key kept apart from it (the data directory's key file, or the
// configuration), so a copy of the webhook store alone (a backup of the read-model file, a dump of
// the PostgreSQL tables) does not hand out the keys deliveries are signed with. The webhook id is
// the authenticated data: a sealed secret copied onto another webhook's row does not open.
// Who holds the key and the store together holds the secrets: this guards a copy, not a host.
// A secret stored in plain text before sealing (`whsec_…`) is read as it is, and sealed in place
// by sealPlainSecrets.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Webhook, WebhookStore } from '../../ports.js';

export const SEALED_PREFIX = 'sealed:v1:';
/** AES-256: the key is 32 bytes. */
export const SEALING_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A secret that does not open with the key given: sealed under another, or tampered with. */
export class UnsealableSecret extends Error {
  override readonly name = 'UnsealableSecret';
  constructor(readonly webhookId: string) {
    super(
      `The secret of webhook ${webhookId} does not open with this server's sealing key: every server ` +
        'sharing the webhook store needs the same key (KARE_WEBHOOKS_SECRET_KEY, or the same ' +
        'webhook-secrets.key in its data directory)',
    );
  }
}

const checkKey = (key: Buffer): void => {
  if (key.length !== SEALING_KEY_BYTES)
    throw new Error(`A sealing key is ${SEALING_KEY_BYTES} bytes, not ${key.length}`);
};

export const sealSecret = (key: Buffer, webhookId: string, secret: string): string => {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(webhookId, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64')}`;
};

export const openSecret = (key: Buffer, webhookId: string, stored: string): string => {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  checkKey(key);
  const bytes = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new UnsealableSecret(webhookId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(webhookId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new UnsealableSecret(webhookId);
  }
};

/** `store` with every secret sealed as it is written and opened as it is read. */
export const sealedSecrets = (store: WebhookStore, key: Buffer): WebhookStore => {
  checkKey(key);
  const opened = (webhook: Webhook): Webhook => ({
    ...webhook,
    secret: openSecret(key, webhook.id, webhook.secret),
  });
  return {
    ...store,
    create: (webhook) => store.create({ ...webhook, secret: sealSecret(key, webhook.id, webhook.secret) }),
    get: async (id) => {
      const webhook = await store.get(id);
      return webhook === undefined ? undefined : opened(webhook);
    },
    list: async () => (await store.list()).map(opened),
    update: async (id, change) => {
      const webhook = await store.update(
        id,
        change.secret === undefined ? change : { ...change, secret: sealSecret(key, id, change.secret) },
      );
      return webhook === undefined ? undefined : opened(webhook);
    },
  };
};

/**
 * Seals in place, under `key`, every secret `store` (the store itself, not its sealed view) keeps
 * in plain text; the webhook's updatedAt stays, as nothing about it changed. Answers how many.
 */
export const sealPlainSecrets = async (store: WebhookStore, key: Buffer): Promise<number> => {
  let sealed = 0;
  for (const webhook of await store.list()) {
    if (webhook.secret.startsWith(SEALED_PREFIX)) continue;
    await store.update(webhook.id, {
      secret: sealSecret(key, webhook.id, webhook.secret),
      updatedAt: webhook.updatedAt,
    });
    sealed += 1;
  }
  return sealed;
};
