// Deliveries are signed as Standard Webhooks says: the specification's published vector, and a
// receiver's check written from the specification (not from KARE's signer) accepting what KARE
// signs and refusing what was tampered with.
import { describe, expect, it } from 'vitest';
import {
  isWebhookSecret,
  newWebhookSecret,
  signedHeaders,
  webhookSignature,
} from '../../../../src/consumers/webhooks/signature.js';
import { isPrivateAddress } from '../../../../src/consumers/webhooks/private-address.js';
import { verifyStandardWebhook } from './standard-webhooks-verifier.js';

// The vector of the specification's reference libraries (standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts, "sign function works").
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signatures', () => {
  it('signs the specification’s test vector to its published signature', () => {
    expect(webhookSignature(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('the reference check accepts the published vector (the verifier itself is right)', () => {
    const headers = {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    };
    expect(verifyStandardWebhook(VECTOR.secret, headers, VECTOR.body, VECTOR.timestamp)).toBe('valid');
  });

  it('what KARE signs with a new secret verifies, among other signatures in the header too', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ specversion: '1.0', id: 'e-1', data: { name: '张伟' } });
    const headers = signedHeaders(secret, 'e-1', 1_780_000_000, body);
    expect(verifyStandardWebhook(secret, headers, body, 1_780_000_010)).toBe('valid');
    const several = { ...headers, 'webhook-signature': `v1a,xyz v1,AAAA ${headers['webhook-signature']}` };
    expect(verifyStandardWebhook(secret, several, body, 1_780_000_010)).toBe('valid');
  });

  it('rejects a changed body, id or timestamp, another secret, and a stale delivery', () => {
    const secret = newWebhookSecret();
    const body = '{"a":1}';
    const headers = signedHeaders(secret, 'e-1', 1_780_000_000, body);
    const now = 1_780_000_000;
    expect(verifyStandardWebhook(secret, headers, '{"a":2}', now)).toBe('no matching signature');
    expect(verifyStandardWebhook(secret, { ...headers, 'webhook-id': 'e-2' }, body, now)).toBe(
      'no matching signature',
    );
    expect(
      verifyStandardWebhook(secret, { ...headers, 'webhook-timestamp': String(now + 1) }, body, now),
    ).toBe('no matching signature');
    expect(verifyStandardWebhook(newWebhookSecret(), headers, body, now)).toBe('no matching signature');
    expect(verifyStandardWebhook(secret, headers, body, now + 3600)).toBe('stale timestamp');
  });

  it('makes secrets of whsec_ and 32 random bytes, and takes only 24 to 64 byte keys', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(isWebhookSecret(VECTOR.secret)).toBe(true);
    expect(isWebhookSecret(VECTOR.secret.slice('whsec_'.length))).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(16).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(65).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret('whsec_not base64!')).toBe(false);
  });
});

describe('private addresses', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '[::1]',
    '::',
    'fd12:3456::1',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});
