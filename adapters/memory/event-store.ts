// The in-memory event store: for tests and examples. Same guarantees as the durable
// stores (expected revisions, idempotency, hash chain, upcasting), none of the durability.
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/system-clock.js';
import { eventHash, GENESIS_HASH, verifyChain } from '../../src/hash-chain.js';
import { ChangeSignal, followLog } from '../../src/log-subscription.js';
import {
  DuplicateEventId,
  StreamNotFound,
  UnknownPosition,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type CommandClaim,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
  type Upcaster,
  type VerifyResult,
} from '../../src/ports.js';
import { upcast, upcasterRegistry } from '../../src/upcasting.js';
import { checkExpectedRevision, findIdempotentAppend } from '../../src/append-rules.js';

export interface MemoryEventStoreOptions {
  readonly upcasters?: readonly Upcaster[];
  readonly clock?: Clock;
  /** The position before the first event (default 0n). Tests start above 2^53 to catch a stray Number(). */
  readonly initialPosition?: bigint;
}

interface Internals {
  readonly log: StoredEvent[];
  readonly streams: Map<string, StoredEvent[]>;
}

const internals = new WeakMap<EventStore, Internals>();

export const createMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const byId = new Map<string, StoredEvent>();
  const registry = upcasterRegistry(options.upcasters);
  const clock = options.clock ?? systemClock;
  const changed = new ChangeSignal();
  let position = options.initialPosition ?? 0n;
  let closed = false;

  const append = async (
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: AppendOptions,
  ): Promise<AppendResult> => {
    const stream = streams.get(streamId) ?? [];
    const idempotent = findIdempotentAppend(streamId, events, expectedRevision, (id) => byId.get(id));
    if (idempotent !== undefined) return idempotent;
    checkExpectedRevision(
      streamId,
      stream.length === 0 ? undefined : BigInt(stream.length - 1),
      expectedRevision,
    );
    for (const event of events) {
      const stored = byId.get(event.eventId);
      if (stored !== undefined) {
        throw new DuplicateEventId(event.eventId, streamId, {
          streamId: stored.streamId,
          revision: stored.revision,
        });
      }
    }
    if (events.length === 0) {
      return { nextRevision: stream.length === 0 ? -1n : BigInt(stream.length - 1), position };
    }
    let previousHash = stream.at(-1)?.hash ?? GENESIS_HASH;
    const recordedAt = clock.now();
    for (const event of events) {
      position += 1n;
      const envelope = {
        eventId: event.eventId,
        type: event.type,
        streamId,
        revision: BigInt(stream.length),
        recordedAt: event.recordedAt ?? recordedAt,
        data: structuredClone(event.data) as JsonObject,
        metadata: structuredClone(event.metadata),
      };
      const stored: StoredEvent = {
        ...envelope,
        globalPosition: position,
        hash: eventHash(previousHash, envelope),
      };
      previousHash = stored.hash;
      stream.push(stored);
      log.push(stored);
      byId.set(stored.eventId, stored);
    }
    streams.set(streamId, stream);
    changed.notify();
    return { nextRevision: BigInt(stream.length - 1), position };
  };

  const readStream = (streamId: string, opts: ReadStreamOptions = {}): AsyncIterable<StoredEvent> => ({
    async *[Symbol.asyncIterator]() {
      const stream = streams.get(streamId);
      if (stream === undefined) throw new StreamNotFound(streamId);
      const max = opts.maxCount === undefined ? Infinity : Number(opts.maxCount);
      const ordered = opts.direction === 'backwards' ? [...stream].reverse() : stream;
      let count = 0;
      for (const event of ordered) {
        if (count >= max) return;
        if (opts.from !== undefined) {
          if (opts.direction === 'backwards' ? event.revision > opts.from : event.revision < opts.from)
            continue;
        }
        count += 1;
        yield upcast(registry, event);
      }
    },
  });

  // Positions are contiguous from initialPosition + 1, so "after p" is an index.
  const indexAfter = (after: bigint): number => {
    const first = log[0];
    if (first === undefined || after < first.globalPosition) return 0;
    return Number(after - first.globalPosition) + 1;
  };

  const readAfter = (after: bigint, max: number): readonly StoredEvent[] => {
    const start = indexAfter(after);
    return log.slice(start, start + max).map((event) => upcast(registry, event));
  };

  const head = (): bigint => log.at(-1)?.globalPosition ?? 0n;
  /** A position past the head was never issued here. */
  const checkIssued = (at: bigint | undefined): void => {
    if (at === undefined || at <= 0n || at <= head()) return;
    throw new UnknownPosition(at, `it is past the head of this memory store (${head().toString()})`);
  };

  const readAll = (opts: ReadAllOptions = {}): AsyncIterable<StoredEvent> => ({
    async *[Symbol.asyncIterator]() {
      checkIssued(opts.fromPosition);
      const max = opts.maxCount === undefined ? Infinity : Number(opts.maxCount);
      let count = 0;
      for (let i = indexAfter(opts.fromPosition ?? 0n); i < log.length && count < max; i += 1, count += 1) {
        yield upcast(registry, log[i]!);
      }
    },
  });

  const subscribe = (opts: SubscribeOptions = {}): Subscription => {
    let checked = false;
    return followLog(
      {
        readAfter: (after, max) => {
          if (!checked) checkIssued(opts.fromPosition);
          checked = true;
          return readAfter(after, max);
        },
        changeVersion: () => changed.version,
        waitForChange: (signal, seen) => changed.wait(signal, undefined, seen),
      },
      opts,
    );
  };

  const verify = async (streamId: string): Promise<VerifyResult> => {
    const stream = streams.get(streamId);
    if (stream === undefined) throw new StreamNotFound(streamId);
    return verifyChain(streamId, stream);
  };

  const claims = new Map<string, CommandClaim>();
  const claim = (commandId: string, first: CommandClaim): CommandClaim => {
    const owner = claims.get(commandId) ?? first;
    claims.set(commandId, owner);
    return owner;
  };
  const identity = `memory:${randomUUID()}`;

  const store: EventStore = {
    claimCommandId: async (commandId, streamId) => claim(commandId, { streamId }).streamId,
    claimCommand: async (commandId, first) => claim(commandId, first),
    append: (streamId, events, opts) => {
      if (closed) return Promise.reject(new Error('The store is closed'));
      return append(streamId, events, opts);
    },
    readStream,
    readAll,
    subscribe,
    verify,
    headPosition: async () => head(),
    storeId: async () => identity,
    countEvents: async (after, upTo, cap) => {
      // Positions are consecutive: the events in (after, upTo] are a slice of the log.
      const within = (at: bigint): number => Math.min(log.length, indexAfter(at));
      const events = BigInt(Math.max(0, within(upTo) - within(after)));
      return events > cap ? { events: cap, capped: true } : { events, capped: false };
    },
    close: async () => {
      closed = true;
      changed.notify();
    },
  };
  internals.set(store, { log, streams });
  return store;
};

/** Test hook: alters the stored copy of an event behind the store's back (the hash stays as it was). */
export const tamperMemoryEvent = (
  store: EventStore,
  streamId: string,
  revision: bigint,
  mutate: (data: JsonObject) => JsonObject,
): void => {
  const state = internals.get(store);
  const stream = state?.streams.get(streamId);
  const index = stream?.findIndex((e) => e.revision === revision) ?? -1;
  if (state === undefined || stream === undefined || index === -1)
    throw new Error(`No ${streamId}@${revision}`);
  const original = stream[index]!;
  const altered = { ...original, data: mutate(original.data) };
  stream[index] = altered;
  state.log[state.log.indexOf(original)] = altered;
};
