// The event store contract: one suite, run against every adapter (memory, SQLite,
// EventStoreDB through the stand-in or a real server). Each numbered block is a guarantee
// of the port in src/ports.ts.
import { v4 as uuid } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH } from '../../src/hash-chain.js';
import {
  DuplicateEventId,
  StreamNotFound,
  UnknownPosition,
  WrongExpectedRevision,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type StoredEvent,
  type Subscription,
  type Upcaster,
} from '../../src/ports.js';
import { raceWriters, type RaceOutcome, type RacePlan } from '../adapters/race-writer.js';

export interface StoreUnderTest {
  readonly store: EventStore;
  /**
   * Alters the stored copy of an event's data behind the store's back (its hash stays as stored).
   * Absent where nothing can alter stored events (a real, append-only EventStoreDB server).
   */
  tamper?(streamId: string, revision: bigint, mutate: (data: JsonObject) => JsonObject): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * What a store can promise beyond what every store does. Where a flag is false the guarantee
 * is not tested, and the README says the store does not give it.
 */
export interface StoreCapabilities {
  /**
   * An id stored in another stream (or deeper in the same stream than the revisions an append
   * lands on) is DuplicateEventId. Memory and SQLite keep an index of ids; EventStoreDB has
   * none: there the promise is exactly-once per stream for exact-revision and no_stream retries.
   */
  readonly idsUniqueAcrossStreams: boolean;
  /** claimCommandId binds a command id to one stream for good. */
  readonly claimsCommandIds: boolean;
}

export interface ContractFactory {
  readonly name: string;
  /** Default: every capability. */
  readonly capabilities?: Partial<StoreCapabilities>;
  /** False where nothing can alter stored events behind the store (a real EventStoreDB server). */
  readonly canTamper?: boolean;
  create(options?: { readonly upcasters?: readonly Upcaster[] }): Promise<StoreUnderTest>;
  /**
   * Runs the concurrency race of guarantee 11. Default: the writers share the one store in
   * this process. The SQLite factory runs them in worker threads on one database file.
   */
  race?(subject: StoreUnderTest, plan: RacePlan): Promise<readonly RaceOutcome[]>;
}

const TWO_POW_53 = 2n ** 53n;

export const newEvent = (type: string, data: JsonObject = {}, schemaVersion = 1): NewEvent => ({
  eventId: uuid(),
  type,
  data,
  metadata: { schemaVersion, actor: 'contract-test', correlationId: 'corr-1' },
});

export const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

/** Takes `count` events from a subscription, failing after `timeoutMs`. */
export const take = async (
  subscription: Subscription,
  count: number,
  timeoutMs = 5000,
): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  if (count === 0) return out;
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`took ${out.length} of ${count} events in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    while (out.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) break;
      out.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return out;
};

/** Resolves with the next event if one arrives within `ms`, else undefined. */
const nextWithin = async (subscription: Subscription, ms: number): Promise<StoredEvent | undefined> => {
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const result = await Promise.race([iterator.next().then((r) => (r.done ? undefined : r.value)), timeout]);
  clearTimeout(timer);
  return result;
};

const expectRejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

export const eventStoreContract = (factory: ContractFactory): void => {
  const can: StoreCapabilities = {
    idsUniqueAcrossStreams: true,
    claimsCommandIds: true,
    ...factory.capabilities,
  };
  // A guarantee the store does not give is not declared at all (as canTamper does), never skipped.
  const where =
    (capable: boolean) =>
    (name: string, test: () => Promise<void>): void => {
      if (capable) it(name, test);
    };
  describe(`event store contract: ${factory.name}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    // Unique per test, so the suite also runs against a long-lived real server.
    let prefix: string;
    const stream = (name: string): string => `${name}-${prefix}`;

    beforeEach(async () => {
      subject = await factory.create();
      store = subject.store;
      prefix = uuid().slice(0, 8);
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('1. no_stream', () => {
      it('creates a stream whose first event has revision 0', async () => {
        const result = await store.append(stream('account'), [newEvent('AccountRegistered')], {
          expectedRevision: 'no_stream',
        });
        expect(result.nextRevision).toBe(0n);
        const [event] = await collect(store.readStream(stream('account')));
        expect(event?.revision).toBe(0n);
        expect(event?.globalPosition).toBe(result.position);
      });

      it('rejects a second no_stream append with the actual revision', async () => {
        const id = stream('account');
        await store.append(id, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
        const error = await expectRejection(
          store.append(id, [newEvent('C')], { expectedRevision: 'no_stream' }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ streamId: id, expected: 'no_stream', actual: 1n });
      });
    });

    describe('2. exact revision, stream_exists, any', () => {
      it('appends at an exact revision only when it matches', async () => {
        const id = stream('agreement');
        await store.append(id, [newEvent('A')], { expectedRevision: 'no_stream' });
        const ok = await store.append(id, [newEvent('B')], { expectedRevision: 0n });
        expect(ok.nextRevision).toBe(1n);
        const error = await expectRejection(store.append(id, [newEvent('C')], { expectedRevision: 0n }));
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ streamId: id, expected: 0n, actual: 1n });
        expect(await collect(store.readStream(id))).toHaveLength(2);
      });

      it('rejects an exact revision on a missing stream with actual no_stream', async () => {
        const error = await expectRejection(
          store.append(stream('agreement'), [newEvent('A')], { expectedRevision: 0n }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ actual: 'no_stream' });
      });

      it('rejects stream_exists on a missing stream and accepts it on an existing one', async () => {
        const id = stream('supply');
        const error = await expectRejection(
          store.append(id, [newEvent('A')], { expectedRevision: 'stream_exists' }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        await store.append(id, [newEvent('A')], { expectedRevision: 'no_stream' });
        const ok = await store.append(id, [newEvent('B')], { expectedRevision: 'stream_exists' });
        expect(ok.nextRevision).toBe(1n);
      });

      it('appends with any whatever the stream state', async () => {
        const id = stream('supply');
        expect((await store.append(id, [newEvent('A')], { expectedRevision: 'any' })).nextRevision).toBe(0n);
        expect((await store.append(id, [newEvent('B')], { expectedRevision: 'any' })).nextRevision).toBe(1n);
      });
    });

    describe('3. atomic multi-event appends', () => {
      it('stores all events of an append with contiguous revisions and increasing positions', async () => {
        const id = stream('account');
        await store.append(id, [newEvent('A')], { expectedRevision: 'no_stream' });
        const result = await store.append(id, [newEvent('B'), newEvent('C'), newEvent('D')], {
          expectedRevision: 0n,
        });
        expect(result.nextRevision).toBe(3n);
        const events = await collect(store.readStream(id));
        expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
        expect(events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
        for (let i = 1; i < events.length; i += 1) {
          expect(events[i]!.globalPosition > events[i - 1]!.globalPosition).toBe(true);
        }
        expect(events[3]!.globalPosition).toBe(result.position);
      });

      it('stores none of the events of a rejected append', async () => {
        const id = stream('account');
        const first = newEvent('A');
        await store.append(id, [first], { expectedRevision: 'no_stream' });
        // The second event's id is stored already (at revision 0): the whole append fails, the first is not kept.
        const error = await expectRejection(
          store.append(id, [newEvent('B'), { ...first }], { expectedRevision: 0n }),
        );
        expect(error).toBeInstanceOf(DuplicateEventId);
        await expectRejection(store.append(id, [newEvent('B'), newEvent('C')], { expectedRevision: 5n }));
        const events = await collect(store.readStream(id));
        expect(events.map((e) => e.type)).toEqual(['A']);
      });

      where(can.idsUniqueAcrossStreams)(
        'stores none of the events of an append whose id is stored in another stream',
        async () => {
          const id = stream('account');
          await store.append(id, [newEvent('A')], { expectedRevision: 'no_stream' });
          const taken = newEvent('Taken');
          await store.append(stream('other'), [taken], { expectedRevision: 'no_stream' });
          await expectRejection(store.append(id, [newEvent('B'), { ...taken }], { expectedRevision: 0n }));
          const events = await collect(store.readStream(id));
          expect(events.map((e) => e.type)).toEqual(['A']);
        },
      );
    });

    describe('4. idempotency by event id', () => {
      it('re-appending the same events at the same place stores nothing and returns the original result', async () => {
        const id = stream('account');
        const first = [newEvent('A'), newEvent('B')];
        const original = await store.append(id, first, { expectedRevision: 'no_stream' });
        const again = await store.append(id, first, { expectedRevision: 'no_stream' });
        expect(again).toEqual(original);
        const next = [newEvent('C')];
        const third = await store.append(id, next, { expectedRevision: 1n });
        expect(await store.append(id, next, { expectedRevision: 1n })).toEqual(third);
        expect(await collect(store.readStream(id))).toHaveLength(3);
        expect(await store.headPosition()).toBe(third.position);
      });

      where(can.idsUniqueAcrossStreams)('rejects an event id already stored in another stream', async () => {
        const event = newEvent('A');
        await store.append(stream('account'), [event], { expectedRevision: 'no_stream' });
        const error = await expectRejection(
          store.append(stream('agreement'), [event], { expectedRevision: 'no_stream' }),
        );
        expect(error).toBeInstanceOf(DuplicateEventId);
        expect(error).toMatchObject({ eventId: event.eventId });
        await expect(collect(store.readStream(stream('agreement')))).rejects.toBeInstanceOf(StreamNotFound);
      });

      it('stores a no_stream append once however often it is retried, concurrently or not', async () => {
        const id = stream('account');
        const batch = [newEvent('A'), newEvent('B')];
        const results = await Promise.all(
          [1, 2, 3].map(() => store.append(id, batch, { expectedRevision: 'no_stream' })),
        );
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
        expect(await store.append(id, batch, { expectedRevision: 'no_stream' })).toEqual(results[0]);
        expect((await collect(store.readStream(id))).map((e) => e.eventId)).toEqual(
          batch.map((e) => e.eventId),
        );
      });

      it('rejects an event id already stored at another revision of the same stream', async () => {
        const id = stream('account');
        const event = newEvent('A');
        await store.append(id, [event], { expectedRevision: 'no_stream' });
        const error = await expectRejection(store.append(id, [event], { expectedRevision: 0n }));
        expect(error).toBeInstanceOf(DuplicateEventId);
        expect(await collect(store.readStream(id))).toHaveLength(1);
      });
    });

    describe('5. readStream', () => {
      const seed = async (id: string): Promise<void> => {
        await store.append(
          id,
          [0, 1, 2, 3, 4].map((i) => newEvent(`E${i}`, { i })),
          { expectedRevision: 'no_stream' },
        );
      };

      it('reads forwards from the start, from a revision and with maxCount', async () => {
        const id = stream('account');
        await seed(id);
        expect((await collect(store.readStream(id))).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect((await collect(store.readStream(id, { from: 2n }))).map((e) => e.revision)).toEqual([
          2n,
          3n,
          4n,
        ]);
        expect(
          (await collect(store.readStream(id, { from: 1n, maxCount: 2 }))).map((e) => e.revision),
        ).toEqual([1n, 2n]);
      });

      it('reads backwards from the end and from a revision', async () => {
        const id = stream('account');
        await seed(id);
        expect(
          (await collect(store.readStream(id, { direction: 'backwards' }))).map((e) => e.revision),
        ).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(
          (await collect(store.readStream(id, { direction: 'backwards', from: 2n, maxCount: 2n }))).map(
            (e) => e.revision,
          ),
        ).toEqual([2n, 1n]);
        const [last] = await collect(store.readStream(id, { direction: 'backwards', maxCount: 1 }));
        expect(last?.data).toEqual({ i: 4 });
      });

      it('returns the envelope as appended', async () => {
        const id = stream('account');
        const event = newEvent('AccountRegistered', {
          name: 'Acme 华为',
          nested: { list: [1, 'two', null] },
        });
        await store.append(id, [event], { expectedRevision: 'no_stream' });
        const [stored] = await collect(store.readStream(id));
        expect(stored).toMatchObject({
          eventId: event.eventId,
          type: 'AccountRegistered',
          streamId: id,
          revision: 0n,
          data: event.data,
          metadata: event.metadata,
        });
        expect(stored?.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('throws StreamNotFound for a missing stream', async () => {
        const error = await expectRejection(collect(store.readStream(stream('missing'))));
        expect(error).toBeInstanceOf(StreamNotFound);
        expect(error).toMatchObject({ streamId: stream('missing') });
      });
    });

    describe('6. readAll', () => {
      it('reads in commit order with strictly increasing positions, resumable from any position', async () => {
        const before = await store.headPosition();
        const a = stream('account');
        const b = stream('agreement');
        await store.append(a, [newEvent('A1')], { expectedRevision: 'no_stream' });
        await store.append(b, [newEvent('B1'), newEvent('B2')], { expectedRevision: 'no_stream' });
        await store.append(a, [newEvent('A2')], { expectedRevision: 0n });
        const all = (await collect(store.readAll({ fromPosition: before }))).filter((e) =>
          e.streamId.endsWith(prefix),
        );
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        for (let i = 1; i < all.length; i += 1) {
          expect(all[i]!.globalPosition > all[i - 1]!.globalPosition).toBe(true);
        }
        for (let i = 0; i < all.length; i += 1) {
          const rest = (await collect(store.readAll({ fromPosition: all[i]!.globalPosition }))).filter((e) =>
            e.streamId.endsWith(prefix),
          );
          expect(rest.map((e) => e.eventId)).toEqual(all.slice(i + 1).map((e) => e.eventId));
        }
        const page = await collect(store.readAll({ fromPosition: before, maxCount: 2 }));
        expect(page).toHaveLength(2);
        expect(await store.headPosition()).toBe(all[3]!.globalPosition);
      });
    });

    describe('7. subscribe', () => {
      it('delivers history then live events without gap or duplicate, and closes', async () => {
        const before = await store.headPosition();
        const id = stream('account');
        await store.append(id, [newEvent('H1'), newEvent('H2')], { expectedRevision: 'no_stream' });
        const subscription = store.subscribe({ fromPosition: before, filter: { categories: ['account'] } });
        const history = await take(subscription, 2);
        expect(history.map((e) => e.type)).toEqual(['H1', 'H2']);
        const live = take(subscription, 3);
        await store.append(id, [newEvent('L1')], { expectedRevision: 1n });
        await store.append(id, [newEvent('L2'), newEvent('L3')], { expectedRevision: 2n });
        expect((await live).map((e) => e.type)).toEqual(['L1', 'L2', 'L3']);
        await subscription.close();
        const iterator = subscription[Symbol.asyncIterator]();
        expect((await iterator.next()).done).toBe(true);
      });

      it('ends a pending read when closed', async () => {
        const subscription = store.subscribe({ fromPosition: await store.headPosition() });
        const pending = subscription[Symbol.asyncIterator]().next();
        await subscription.close();
        await expect(pending).resolves.toMatchObject({ done: true });
      });

      it('honours the category and type filters', async () => {
        const before = await store.headPosition();
        const subscription = store.subscribe({
          fromPosition: before,
          filter: { categories: ['agreement', 'supply'], types: ['Wanted'] },
        });
        await store.append(stream('account'), [newEvent('Wanted')], { expectedRevision: 'no_stream' });
        await store.append(stream('agreement'), [newEvent('Unwanted'), newEvent('Wanted', { n: 1 })], {
          expectedRevision: 'no_stream',
        });
        await store.append(stream('supply'), [newEvent('Wanted', { n: 2 })], {
          expectedRevision: 'no_stream',
        });
        // A stream id whose category only starts like a wanted one.
        await store.append(`agreements-${prefix}`, [newEvent('Wanted', { n: 3 })], {
          expectedRevision: 'no_stream',
        });
        const events = (await take(subscription, 2)).filter((e) => e.streamId.endsWith(prefix));
        expect(events.map((e) => [e.streamId, e.data])).toEqual([
          [stream('agreement'), { n: 1 }],
          [stream('supply'), { n: 2 }],
        ]);
        await store.append(stream('agreement'), [newEvent('Wanted', { n: 4 })], { expectedRevision: 1n });
        const next = await nextWithin(subscription, 5000);
        expect(next?.data).toEqual({ n: 4 });
        await subscription.close();
      });

      it('resumes from the last position a subscriber saw with exactly the rest', async () => {
        const before = await store.headPosition();
        const id = stream('account');
        await store.append(
          id,
          [1, 2, 3, 4, 5].map((i) => newEvent(`E${i}`)),
          { expectedRevision: 'no_stream' },
        );
        const first = store.subscribe({ fromPosition: before, filter: { categories: ['account'] } });
        const seen = await take(first, 2);
        await first.close();
        await store.append(id, [newEvent('E6')], { expectedRevision: 4n });
        const resumed = store.subscribe({
          fromPosition: seen[1]!.globalPosition,
          filter: { categories: ['account'] },
        });
        const rest = (await take(resumed, 4)).filter((e) => e.streamId === id);
        expect(rest.map((e) => e.type)).toEqual(['E3', 'E4', 'E5', 'E6']);
        await resumed.close();
      });
    });

    describe('8. bigint revisions and positions', () => {
      it('keeps positions exact above 2^53 from append through every read path', async () => {
        const before = await store.headPosition();
        const id = stream('account');
        const subscription = store.subscribe({ fromPosition: before });
        const results = [];
        for (let i = 0; i < 3; i += 1) {
          results.push(
            await store.append(id, [newEvent('E')], {
              expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
            }),
          );
        }
        const positions = results.map((r) => r.position);
        for (const p of positions) {
          expect(typeof p).toBe('bigint');
          expect(p > TWO_POW_53).toBe(true);
        }
        const read = await collect(store.readStream(id));
        expect(read.map((e) => e.globalPosition)).toEqual(positions);
        expect(read.map((e) => typeof e.revision)).toEqual(['bigint', 'bigint', 'bigint']);
        const all = (await collect(store.readAll({ fromPosition: before }))).filter((e) => e.streamId === id);
        expect(all.map((e) => e.globalPosition)).toEqual(positions);
        const live = (await take(subscription, 3)).filter((e) => e.streamId === id);
        expect(live.map((e) => e.globalPosition)).toEqual(positions);
        const resumed = (await collect(store.readAll({ fromPosition: positions[0]! }))).filter(
          (e) => e.streamId === id,
        );
        expect(resumed.map((e) => e.globalPosition)).toEqual(positions.slice(1));
        await subscription.close();
      });
    });

    describe('9. hash chain', () => {
      it('chains each event on its predecessor and its canonical JSON; verify reports the head hash', async () => {
        const id = stream('account');
        await store.append(id, [newEvent('A', { b: 2, a: 1 }), newEvent('B')], {
          expectedRevision: 'no_stream',
        });
        await store.append(id, [newEvent('C', { z: [3, { y: 1, x: 2 }] })], { expectedRevision: 'any' });
        const events = await collect(store.readStream(id));
        let previous = GENESIS_HASH;
        for (const event of events) {
          expect(event.hash).toBe(eventHash(previous, event));
          previous = event.hash;
        }
        expect(canonicalJson({ b: 2, a: 1 })).toBe('{"a":1,"b":2}');
        expect(await store.verify(id)).toEqual({ ok: true, streamId: id, events: 3n, headHash: previous });
      });

      // Only where stored events can be altered behind the store (not a real, append-only server).
      if (factory.canTamper !== false) {
        it('names the first broken revision when stored data is altered behind the store', async () => {
          const id = stream('account');
          await store.append(
            id,
            [0, 1, 2, 3].map((i) => newEvent('E', { amount: i * 100 })),
            {
              expectedRevision: 'no_stream',
            },
          );
          await subject.tamper!(id, 2n, (data) => ({ ...data, amount: 999_999 }));
          const result = await store.verify(id);
          expect(result).toMatchObject({ ok: false, streamId: id, brokenAt: 2n });
          if (!result.ok) expect(result.reason).toMatch(/hash/);
        });
      }

      it('verify of a missing stream throws StreamNotFound', async () => {
        await expect(store.verify(stream('missing'))).rejects.toBeInstanceOf(StreamNotFound);
      });
    });

    describe('10. upcasters on every read path', () => {
      const renamePrice: Upcaster = {
        type: 'PriceSet',
        fromVersion: 1,
        upcast: (data) => ({
          data: { price: { amount: data['cents'] ?? 0, currency: 'CNY' } },
          schemaVersion: 2,
        }),
      };
      const addNote: Upcaster = {
        type: 'PriceSet',
        fromVersion: 2,
        upcast: (data) => ({ data: { ...data, note: 'migrated' }, schemaVersion: 3 }),
      };

      it('turns stored old shapes into the current one in readStream, readAll and subscribe', async () => {
        await subject.cleanup();
        subject = await factory.create({ upcasters: [renamePrice, addNote] });
        store = subject.store;
        const before = await store.headPosition();
        const id = stream('agreement');
        const subscription = store.subscribe({ fromPosition: before, filter: { types: ['PriceSet'] } });
        await store.append(
          id,
          [
            newEvent('PriceSet', { cents: 1250 }, 1),
            newEvent('PriceSet', { price: { amount: 1, currency: 'CNY' } }, 2),
            newEvent('PriceSet', { price: { amount: 2, currency: 'CNY' }, note: 'new' }, 3),
          ],
          { expectedRevision: 'no_stream' },
        );
        const expected = [
          { data: { price: { amount: 1250, currency: 'CNY' }, note: 'migrated' }, schemaVersion: 3 },
          { data: { price: { amount: 1, currency: 'CNY' }, note: 'migrated' }, schemaVersion: 3 },
          { data: { price: { amount: 2, currency: 'CNY' }, note: 'new' }, schemaVersion: 3 },
        ];
        const shape = (events: StoredEvent[]) =>
          events.map((e) => ({ data: e.data, schemaVersion: e.metadata.schemaVersion }));
        expect(shape(await collect(store.readStream(id)))).toEqual(expected);
        expect(
          shape((await collect(store.readAll({ fromPosition: before }))).filter((e) => e.streamId === id)),
        ).toEqual(expected);
        expect(shape((await take(subscription, 3)).filter((e) => e.streamId === id))).toEqual(expected);
        await subscription.close();
        // The chain covers what was stored, not the upcast view.
        expect(await store.verify(id)).toMatchObject({ ok: true, events: 3n });
      });
    });

    describe('11. concurrent writers', () => {
      it('4 writers racing 500 appends each onto 20 streams lose and duplicate nothing', async () => {
        const streams = Array.from({ length: 20 }, (_, i) => stream(`race${i}`));
        const plan: RacePlan = { writers: 4, appendsPerWriter: 500, streams };
        const outcomes = factory.race ? await factory.race(subject, plan) : await raceWriters(store, plan);
        const written = outcomes.flatMap((o) => o.eventIds);
        expect(outcomes).toHaveLength(4);
        expect(outcomes.map((o) => o.eventIds.length)).toEqual([500, 500, 500, 500]);
        expect(new Set(written).size).toBe(2000);
        let total = 0;
        const stored = new Set<string>();
        for (const id of streams) {
          const events = await collect(store.readStream(id)).catch(() => []);
          expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
          for (const e of events) stored.add(e.eventId);
          total += events.length;
          if (events.length > 0) expect(await store.verify(id)).toMatchObject({ ok: true });
        }
        expect(total).toBe(2000);
        expect(stored).toEqual(new Set(written));
      }, 120_000);
    });

    describe('12. command ids', () => {
      where(can.claimsCommandIds)(
        'binds a command id to the first stream that claims it, for good',
        async () => {
          const claim = store.claimCommandId!.bind(store);
          const key = `key-${prefix}`;
          expect(await claim(key, stream('account'))).toBe(stream('account'));
          expect(await claim(key, stream('account'))).toBe(stream('account'));
          expect(await claim(key, stream('agreement'))).toBe(stream('account'));
          const raced = `raced-${prefix}`;
          const owners = await Promise.all(
            [stream('a'), stream('b'), stream('c')].map((s) => claim(raced, s)),
          );
          expect(new Set(owners).size).toBe(1);
          expect(await claim(raced, stream('d'))).toBe(owners[0]);
        },
      );
      where(can.claimsCommandIds)(
        'keeps the fingerprint of the first claim of a command id, for good',
        async () => {
          const claim = store.claimCommand!.bind(store);
          const key = `fp-${prefix}`;
          const first = { streamId: stream('account'), fingerprint: 'a'.repeat(64) };
          expect(await claim(key, first)).toEqual(first);
          expect(await claim(key, first)).toEqual(first);
          expect(await claim(key, { streamId: stream('account'), fingerprint: 'b'.repeat(64) })).toEqual(
            first,
          );
          expect(await claim(key, { streamId: stream('agreement'), fingerprint: 'b'.repeat(64) })).toEqual(
            first,
          );
          // A key claimed without a fingerprint (before they were kept) stays without one.
          const legacy = `legacy-${prefix}`;
          expect(await store.claimCommandId!(legacy, stream('account'))).toBe(stream('account'));
          expect(await claim(legacy, { streamId: stream('account'), fingerprint: 'c'.repeat(64) })).toEqual({
            streamId: stream('account'),
          });
          const raced = `fp-raced-${prefix}`;
          const claims = await Promise.all(
            ['1', '2', '3', '4'].map((n) =>
              claim(raced, { streamId: stream(`s${n}`), fingerprint: n.repeat(64) }),
            ),
          );
          expect(new Set(claims.map((c) => JSON.stringify(c))).size).toBe(1);
          expect(await claim(raced, { streamId: stream('s9'), fingerprint: '9'.repeat(64) })).toEqual(
            claims[0],
          );
        },
      );
    });

    describe('13. positions belong to the store that issued them', () => {
      it('refuses a position past its head on readAll and subscribe with UnknownPosition', async () => {
        await store.append(stream('account'), [newEvent('A'), newEvent('B')], {
          expectedRevision: 'no_stream',
        });
        const head = await store.headPosition();
        for (const position of [head + 1n, head + 1000n]) {
          const read = await collect(store.readAll({ fromPosition: position })).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(read).toBeInstanceOf(UnknownPosition);
          expect(read).toMatchObject({ position });
        }
        const subscription = store.subscribe({ fromPosition: head + 1000n });
        const next = await subscription[Symbol.asyncIterator]()
          .next()
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        await subscription.close();
        expect(next).toBeInstanceOf(UnknownPosition);
        // The head itself, and 0 (the start), are positions every store accepts.
        expect(await collect(store.readAll({ fromPosition: head }))).toEqual([]);
        expect((await collect(store.readAll({ fromPosition: 0n, maxCount: 1 }))).length).toBe(1);
      });

      it('has a stable identity that checkpoints record', async () => {
        const id = await store.storeId!();
        expect(id).toMatch(/^[a-z]+:[0-9a-f-]{32,36}$/);
        expect(await store.storeId!()).toBe(id);
      });

      it('counts its events between two positions, up to a cap', async () => {
        const before = await store.headPosition();
        await store.append(stream('account'), [newEvent('A'), newEvent('B'), newEvent('C')], {
          expectedRevision: 'no_stream',
        });
        const head = await store.headPosition();
        expect(await store.countEvents!(before, head, 10n)).toEqual({ events: 3n, capped: false });
        expect(await store.countEvents!(before, head, 2n)).toEqual({ events: 2n, capped: true });
        expect(await store.countEvents!(head, head, 10n)).toEqual({ events: 0n, capped: false });
      });
    });
  });
};
