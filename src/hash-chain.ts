// Tamper evidence: each event's hash covers its stream's previous hash and its own
// canonical JSON, so altering, removing or reordering any stored event breaks the chain.
import { createHash } from 'node:crypto';
import type { EventMetadata, JsonObject, StoredEvent, VerifyResult } from './ports.js';

/** The "previous hash" of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth and no whitespace (RFC 8785 for our value space). */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/** What the hash covers: the envelope without its position (ESDB assigns that after the write). */
export interface HashedEnvelope {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly recordedAt: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export const eventHash = (previousHash: string, envelope: HashedEnvelope): string =>
  createHash('sha256')
    .update(previousHash)
    .update(
      canonicalJson({
        eventId: envelope.eventId,
        type: envelope.type,
        streamId: envelope.streamId,
        revision: envelope.revision.toString(),
        recordedAt: envelope.recordedAt,
        data: envelope.data,
        metadata: envelope.metadata,
      }),
    )
    .digest('hex');

/**
 * Walks a stream's events as stored (before any upcasting), in revision order from 0.
 * Names the first revision whose hash, revision or predecessor does not fit.
 */
export const verifyChain = async (
  streamId: string,
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
): Promise<VerifyResult> => {
  let previous = GENESIS_HASH;
  let expectedRevision = 0n;
  for await (const event of events) {
    if (event.revision !== expectedRevision) {
      return {
        ok: false,
        streamId,
        brokenAt: expectedRevision,
        reason: `revision ${expectedRevision.toString()} is missing (found ${event.revision.toString()})`,
      };
    }
    if (event.streamId !== streamId) {
      return { ok: false, streamId, brokenAt: event.revision, reason: `event belongs to ${event.streamId}` };
    }
    const computed = eventHash(previous, event);
    if (computed !== event.hash) {
      return {
        ok: false,
        streamId,
        brokenAt: event.revision,
        reason: 'stored hash does not match the event content and its predecessor',
      };
    }
    previous = event.hash;
    expectedRevision += 1n;
  }
  return { ok: true, streamId, events: expectedRevision, headHash: previous };
};
