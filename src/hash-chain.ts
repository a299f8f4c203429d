// Tamper evidence: each event's hash covers its stream's previous hash and its own
// canonical JSON, so altering, removing or reordering any stored event breaks the chain.
import { hash } from 'node:crypto';
import type { EventMetadata, JsonObject, StoredEvent, VerifyResult } from './ports.js';

/** The "previous hash" of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

// Keys and event types repeat across events (a small vocabulary): their JSON is worth remembering.
const remembered = (json: (text: string) => string) => {
  const known = new Map<string, string>();
  return (text: string): string => {
    let out = known.get(text);
    if (out === undefined) {
      out = json(text);
      if (known.size < 10_000) known.set(text, out);
    }
    return out;
  };
};
const jsonKey = remembered((key) => `${JSON.stringify(key)}:`);
const jsonString = remembered((text) => JSON.stringify(text));

/** JSON with object keys sorted at every depth and no whitespace (RFC 8785 for our value space). */
export const canonicalJson = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return `"${value.toString()}"`;
  if (value === null || typeof value !== 'object') return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += out.length === 1 ? jsonKey(key) : `,${jsonKey(key)}`;
    out += canonicalJson(v);
  }
  return `${out}}`;
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
  hashCanonical(previousHash, envelope, canonicalJson(envelope.data), canonicalJson(envelope.metadata));

/**
 * The same hash from data and metadata already in canonical JSON (a store that keeps them in
 * that form serialises once). The envelope's keys are written in their sorted order.
 */
export const hashCanonical = (
  previousHash: string,
  envelope: Omit<HashedEnvelope, 'data' | 'metadata'>,
  dataJson: string,
  metadataJson: string,
): string =>
  hashOfJson(
    previousHash,
    JSON.stringify(envelope.eventId),
    JSON.stringify(envelope.type),
    JSON.stringify(envelope.streamId),
    envelope.revision,
    JSON.stringify(envelope.recordedAt),
    dataJson,
    metadataJson,
  );

/** The one layout of what is hashed, from each field already in JSON. */
const hashOfJson = (
  previousHash: string,
  eventIdJson: string,
  typeJson: string,
  streamIdJson: string,
  revision: bigint,
  recordedAtJson: string,
  dataJson: string,
  metadataJson: string,
): string =>
  hash(
    'sha256',
    `${previousHash}{"data":${dataJson},"eventId":${eventIdJson},"metadata":${metadataJson},` +
      `"recordedAt":${recordedAtJson},"revision":"${revision.toString()}",` +
      `"streamId":${streamIdJson},"type":${typeJson}}`,
    'hex',
  );

/**
 * hashCanonical for the events of one append to `streamId`: what they share (the stream, most
 * often the recorded time, a small vocabulary of types) is put in JSON once, not per event.
 */
export const streamHasher = (streamId: string) => {
  const streamIdJson = JSON.stringify(streamId);
  let recordedAt: string | undefined;
  let recordedAtJson = '';
  return (
    previousHash: string,
    event: {
      readonly eventId: string;
      readonly type: string;
      readonly revision: bigint;
      readonly recordedAt: string;
    },
    dataJson: string,
    metadataJson: string,
  ): string => {
    if (event.recordedAt !== recordedAt) {
      recordedAt = event.recordedAt;
      recordedAtJson = JSON.stringify(recordedAt);
    }
    return hashOfJson(
      previousHash,
      JSON.stringify(event.eventId),
      jsonString(event.type),
      streamIdJson,
      event.revision,
      recordedAtJson,
      dataJson,
      metadataJson,
    );
  };
};

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

/** A stream whose chain does not hold: found by a verification, or by its head against an anchor. */
export interface ChainBreak {
  readonly streamId: string;
  /** The first revision that is wrong or missing. */
  readonly brokenAt: bigint;
  readonly reason: string;
}

/** What an anchor recorded of a stream: its head then, and which anchor recorded it. */
export interface AnchoredHead {
  readonly revision: bigint;
  readonly hash: string;
  /** The anchor's sequence number (its revision in the anchor stream). */
  readonly sequence: bigint;
}

/**
 * The break a stream's head shows against its anchored head, or undefined: a stream never
 * shrinks, so a head below the anchored revision means its last events (or all) were deleted.
 */
export const truncationOf = (
  streamId: string,
  head: bigint | undefined,
  anchored: AnchoredHead | undefined,
): ChainBreak | undefined => {
  if (anchored === undefined || (head !== undefined && head >= anchored.revision)) return undefined;
  const recorded = `anchor #${anchored.sequence.toString()} recorded its head at revision ${anchored.revision.toString()}`;
  return head === undefined
    ? { streamId, brokenAt: 0n, reason: `the stream has disappeared, but ${recorded}` }
    : {
        streamId,
        brokenAt: head + 1n,
        reason: `the stream ends at revision ${head.toString()}, but ${recorded}: its last events were deleted`,
      };
};
