// Signing a delivery as the Standard Webhooks specification says (standardwebhooks.com): the
// secret is `whsec_` and a base64 key; the signature is `v1,` and the base64 HMAC-SHA256, keyed
// by the decoded key, of `<webhook-id>.<webhook-timestamp>.<body>`. The timestamp is the
// attempt's, in seconds, so a receiver's tolerance window holds for a retry too.
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** The key sizes the specification recommends: 24 to 64 bytes. */
export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The key a secret stands for (the base64 after `whsec_`). */
export const secretKey = (secret: string): Buffer =>
  Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

/** `whsec_` and canonical base64 of a key of 24 to 64 bytes. */
export const isWebhookSecret = (secret: string): boolean => {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES;
};

/** A new secret: 32 random bytes. */
export const newWebhookSecret = (): string => `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export const webhookSignature = (
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string =>
  `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;

/** The three headers of a signed delivery. */
export const signedHeaders = (
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestampSeconds),
  'webhook-signature': webhookSignature(secret, id, timestampSeconds, body),
});
