// A receiver's check of a delivery, written from the Standard Webhooks specification
// (standardwebhooks.com, "Verifying webhook authenticity"), independently of KARE's signer: the
// key is the base64 after `whsec_`; the signed content is `${webhook-id}.${webhook-timestamp}.${body}`;
// `webhook-signature` is a space-delimited list of `<version>,<base64>`, one v1 of which must equal
// the HMAC-SHA256, compared in constant time; a timestamp too far from now is refused (replays).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOLERANCE_SECONDS = 5 * 60;

export type Verdict =
  'valid' | 'missing headers' | 'bad timestamp' | 'stale timestamp' | 'no matching signature';

export const verifyStandardWebhook = (
  secret: string,
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Verdict => {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (id === undefined || timestamp === undefined || signatures === undefined) return 'missing headers';
  if (!/^[0-9]+$/.test(timestamp)) return 'bad timestamp';
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return 'stale timestamp';
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  for (const entry of signatures.split(' ')) {
    const [version, encoded] = entry.split(',', 2);
    if (version !== 'v1' || encoded === undefined) continue;
    const given = Buffer.from(encoded, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return 'valid';
  }
  return 'no matching signature';
};
