// What a request under an Idempotency-Key was, kept with the key: a retry is the same request,
// anything else under that key is the key reused. A digest, so no body is stored twice.
import { createHash, createHmac } from 'node:crypto';
import type { AggregateKind } from '../../domain/kernel/index.js';
import { canonicalJson } from '../hash-chain.js';

export interface RequestAsSent {
  readonly aggregate: AggregateKind;
  /** The command's type. */
  readonly type: string;
  /** The aggregate the request named (a path's id); absent where the body names or omits it. */
  readonly aggregateId?: string;
  /**
   * The body as the client sent it, before the server filled anything in: a retry that leaves
   * `at` (or a new aggregate's id) out is still the same request.
   */
  readonly body: unknown;
}

/** sha256 (hex) of the request's canonical JSON: the same whatever the order of its keys. */
export const requestFingerprint = (request: RequestAsSent): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        aggregate: request.aggregate,
        type: request.type,
        aggregateId: request.aggregateId ?? null,
        body: request.body ?? null,
      }),
    )
    .digest('hex');

/**
 * A request's fingerprint as kept, given the command: the same, or (for a command carrying a
 * data subject's personal data) keyed with that subject's key (src/personal-data/fingerprints.ts).
 */
export type FingerprintKeying = (
  command: { readonly type: string; readonly data: object },
  fingerprint: string,
) => Promise<string>;

/** The fingerprint as given: for commands with no personal data (and tests). */
export const unkeyedFingerprints: FingerprintKeying = async (_command, fingerprint) => fingerprint;

/** HMAC-SHA256 (hex) of the fingerprint under a key derived from a data subject's key. */
export const keyedFingerprint = (fingerprint: string, dataKey: Uint8Array): string => {
  const fingerprintKey = createHmac('sha256', dataKey).update('kare/personal-data/fingerprint').digest();
  return createHmac('sha256', fingerprintKey).update(fingerprint).digest('hex');
};
