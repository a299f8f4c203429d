// What a request under an Idempotency-Key was, kept with the key: a retry is the same request,
// anything else under that key is the key reused. A digest, so no body is stored twice.
import { createHash } from 'node:crypto';
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
