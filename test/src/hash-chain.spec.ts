import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH, streamHasher, verifyChain } from '../../src/hash-chain.js';
import type { StoredEvent } from '../../src/ports.js';

const chain = (count: number): StoredEvent[] => {
  const events: StoredEvent[] = [];
  let previous = GENESIS_HASH;
  for (let i = 0; i < count; i += 1) {
    const envelope = {
      eventId: `00000000-0000-4000-8000-00000000000${i}`,
      type: 'RevenueRecorded',
      streamId: 'account-1',
      revision: BigInt(i),
      recordedAt: '2026-01-01T00:00:00.000Z',
      data: { amount: { currency: 'CNY', amount: 100 * i }, period: `2026-0${i + 1}` },
      metadata: { schemaVersion: 1, actor: 'alice' },
    };
    previous = eventHash(previous, envelope);
    events.push({ ...envelope, globalPosition: BigInt(i + 1), hash: previous });
  }
  return events;
};

describe('canonical JSON', () => {
  it('sorts keys at every depth, keeps array order and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('escapes strings as JSON does and writes the same text for equal values', () => {
    expect(canonicalJson({ s: 'quote " and 华为\n' })).toBe(JSON.stringify({ s: 'quote " and 华为\n' }));
    expect(canonicalJson({ x: 1, y: [true, null] })).toBe(canonicalJson({ y: [true, null], x: 1 }));
  });
});

describe('event hash', () => {
  it('is sha256 of the previous hash and the canonical JSON of the envelope without its position', () => {
    const [event] = chain(1);
    const expected = createHash('sha256')
      .update(GENESIS_HASH)
      .update(
        canonicalJson({
          eventId: event!.eventId,
          type: event!.type,
          streamId: event!.streamId,
          revision: '0',
          recordedAt: event!.recordedAt,
          data: event!.data,
          metadata: event!.metadata,
        }),
      )
      .digest('hex');
    expect(event!.hash).toBe(expected);
  });

  it('is the same from a stream hasher, which puts what an append shares in JSON once', () => {
    const streamId = 'account-"quoted"-华为';
    const hashOf = streamHasher(streamId);
    const envelopes = [
      { eventId: 'e-1', type: 'RevenueRecorded', at: '2026-01-01T00:00:00.000Z' },
      { eventId: 'e-2', type: 'RevenueRecorded', at: '2026-01-01T00:00:00.000Z' },
      // Another recorded time and another type within the same append.
      { eventId: 'e-\n3', type: 'Type "B"', at: '2026-01-02T00:00:00.000Z' },
    ].map(({ eventId, type, at }, i) => ({
      eventId,
      type,
      streamId,
      revision: BigInt(i),
      recordedAt: at,
      data: { b: i, a: 'x' },
      metadata: { schemaVersion: 1 },
    }));
    let previous = GENESIS_HASH;
    for (const envelope of envelopes) {
      const expected = eventHash(previous, envelope);
      expect(hashOf(previous, envelope, canonicalJson(envelope.data), canonicalJson(envelope.metadata))).toBe(
        expected,
      );
      previous = expected;
    }
  });
});

describe('verifyChain', () => {
  it('reports ok with the count and the head hash', async () => {
    const events = chain(3);
    expect(await verifyChain('account-1', events)).toEqual({
      ok: true,
      streamId: 'account-1',
      events: 3n,
      headHash: events[2]!.hash,
    });
  });

  it('names the first altered event', async () => {
    const events = chain(4);
    events[1] = { ...events[1]!, data: { ...events[1]!.data, period: '2020-01' } };
    expect(await verifyChain('account-1', events)).toMatchObject({ ok: false, brokenAt: 1n });
  });

  it('names a removed event by the revision that is missing', async () => {
    const events = chain(4);
    events.splice(2, 1);
    expect(await verifyChain('account-1', events)).toMatchObject({ ok: false, brokenAt: 2n });
  });

  it('notices an event whose hash was recomputed without its predecessor', async () => {
    const events = chain(3);
    const forged = { ...events[2]!, data: { forged: true } };
    events[2] = { ...forged, hash: eventHash(GENESIS_HASH, forged) };
    expect(await verifyChain('account-1', events)).toMatchObject({ ok: false, brokenAt: 2n });
  });
});
