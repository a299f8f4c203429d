import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { mergeByPosition } from '../../../src/audit/merge-by-position.js';
import { revisionAfterPosition } from '../../../src/audit/revision-after-position.js';
import type { StoredEvent } from '../../../src/ports.js';
import { collect, newEvent } from '../../contracts/event-store.contract.js';

const eventAt = (streamId: string, globalPosition: bigint): StoredEvent => ({
  eventId: `${streamId}-${globalPosition}`,
  type: 'Happened',
  streamId,
  revision: 0n,
  globalPosition,
  recordedAt: '2026-03-02T09:00:00.000Z',
  data: {},
  metadata: { schemaVersion: 1 },
  hash: '0'.repeat(64),
});

/** A source over events that counts how many were pulled and whether it was closed. */
const source = (events: readonly StoredEvent[]) => {
  const seen = { pulled: 0, closed: false };
  const iterable: AsyncIterable<StoredEvent> = {
    async *[Symbol.asyncIterator]() {
      try {
        for (const event of events) {
          seen.pulled += 1;
          yield event;
        }
      } finally {
        seen.closed = true;
      }
    },
  };
  return { iterable, seen };
};

/** Positions 1..n dealt out to k streams by `owners`; each stream's list stays ascending. */
const dealt = (owners: readonly number[], k: number): StoredEvent[][] => {
  const streams: StoredEvent[][] = Array.from({ length: k }, () => []);
  owners.forEach((owner, i) => streams[owner % k]!.push(eventAt(`s${owner % k}`, 2n ** 53n + BigInt(i))));
  return streams;
};

describe('merge by position', () => {
  it('gives the events of every source in position order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(20), { maxLength: 60 }),
        async (k, owners) => {
          const streams = dealt(owners, k);
          const merged = await collect(mergeByPosition(streams.map((s) => source(s).iterable)));
          expect(merged.map((e) => e.globalPosition)).toEqual(owners.map((_, i) => 2n ** 53n + BigInt(i)));
        },
      ),
    );
  });

  it('reads no further into any source than the output reaches, and closes them when stopped', async () => {
    const streams = dealt([0, 1, 2, 0, 0, 0, 0, 1, 2, 1, 2, 0, 0, 0], 3);
    const sources = streams.map(source);
    const taken: StoredEvent[] = [];
    for await (const event of mergeByPosition(sources.map((s) => s.iterable))) {
      taken.push(event);
      if (taken.length === 4) break;
    }
    expect(taken.map((e) => e.streamId)).toEqual(['s0', 's1', 's2', 's0']);
    // The four taken and, at most, the one head of each source waiting behind them.
    expect(sources.reduce((n, s) => n + s.seen.pulled, 0)).toBeLessThanOrEqual(4 + 3);
    expect(sources.every((s) => s.seen.closed)).toBe(true);
  });

  it('merges no source into nothing', async () => {
    expect(await collect(mergeByPosition([]))).toEqual([]);
  });
});

describe('revision after a position', () => {
  it('finds the first revision past any position, as a scan of the stream would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 80 }), async (mine) => {
        const store = createMemoryEventStore({ initialPosition: 2n ** 53n });
        for (const isMine of mine) {
          await store.append(isMine ? 'account-a' : 'account-b', [newEvent('Happened')], {
            expectedRevision: 'any',
          });
        }
        const ownEvents = (await collect(store.readAll())).filter((e) => e.streamId === 'account-a');
        const head = await store.headPosition();
        for (let after = 2n ** 53n - 1n; after <= head + 1n; after += 1n) {
          const expected =
            ownEvents.length === 0
              ? 'no_stream'
              : (ownEvents.find((e) => e.globalPosition > after)?.revision ?? 'end');
          expect(await revisionAfterPosition(store, 'account-a', after)).toBe(expected);
        }
        expect(await revisionAfterPosition(store, 'account-a', undefined)).toBe(
          ownEvents.length === 0 ? 'no_stream' : 0n,
        );
      }),
      { numRuns: 50 },
    );
  });
});
