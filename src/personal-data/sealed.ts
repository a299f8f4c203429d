// A personal object as stored: encrypted with its subject's data key (AES-256-GCM), the subject
// bound in as additional data so an envelope can't be moved to another subject. The hash chain
// covers this envelope, never the plaintext. The iv is synthetic (an HMAC of subject, event id
// and plaintext under a key derived from the data key): unique for every event and content, yet
// the same book sealed with the same keys comes out byte for byte the same (the demo's seed).
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { DataKey, JsonObject } from '../ports.js';

// A type literal, not an interface, so it fits where a JSON object is expected.
export type Sealed = {
  readonly subject: string;
  readonly alg: 'A256GCM';
  /** base64 (12 bytes). */
  readonly iv: string;
  /** base64 of the personal object's JSON, encrypted. */
  readonly ciphertext: string;
  /** base64 (16 bytes): the GCM authentication tag. */
  readonly tag: string;
};

const ALG = 'aes-256-gcm';
const SEALED_KEYS = ['alg', 'ciphertext', 'iv', 'subject', 'tag'];

export const isSealed = (value: unknown): value is Sealed => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return (
    keys.length === SEALED_KEYS.length &&
    keys.every((key, i) => key === SEALED_KEYS[i] && typeof record[key] === 'string') &&
    record['alg'] === 'A256GCM'
  );
};

const syntheticIv = (key: DataKey, subject: string, eventId: string, plaintext: string): Buffer => {
  const ivKey = createHmac('sha256', key).update('kare/personal-data/iv').digest();
  return createHmac('sha256', ivKey)
    .update(`${subject}\u0000${eventId}\u0000${plaintext}`)
    .digest()
    .subarray(0, 12);
};

/** Seals the personal object of the event `eventId` for `subject`. */
export const seal = (subject: string, personal: JsonObject, key: DataKey, eventId: string): Sealed => {
  const plaintext = JSON.stringify(personal);
  const iv = syntheticIv(key, subject, eventId, plaintext);
  const cipher = createCipheriv(ALG, key, iv);
  cipher.setAAD(Buffer.from(subject, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    subject,
    alg: 'A256GCM',
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
};

/** The personal object inside; throws when the key is not the subject's or the envelope was altered. */
export const unseal = (sealed: Sealed, key: DataKey): JsonObject => {
  const decipher = createDecipheriv(ALG, key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(sealed.subject, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as JsonObject;
};
