// The EventStore port on EventStoreDB, through @eventstore/db-client (this folder is the only
// place that imports it).
//
// Positions: an event's globalPosition is its commit position in $all. ESDB (20+) commits gRPC
// appends implicitly, without a commit record, and gives every event of an append its own log
// position as both commit and prepare position, so commit positions are distinct and strictly
// increasing. Only explicit transactions of the legacy TCP API share one commit position; the
// adapter never writes those and skips events it did not write, so they never reach a reader.
// Positions stay bigint from the wire (the client parses them with BigInt) to the caller.
//
// Appends chain each event's hash on the stream's last event, so every append first reads the
// stream's tail and then appends with ESDB's expected revision set to the exact revision it
// chained on, whatever the caller asked for. See `append` for how the caller's expectation and
// idempotency by event id are checked on top of that.
//
// No side stream per event: ESDB can't find an id across streams, and the adapter does not
// pretend to (an index stream per event doubled every write and was not atomic with it). Event
// ids derive from the stream (src/commands), so one command id can't put one event id in two
// streams; what is promised is exactly-once per stream for retries with an exact revision or
// `no_stream` (and `any` retries whose batch is the stream's tail). A command id is bound to
// its stream by one marker per keyed command (command-ids.ts).
import { systemClock } from '../../src/system-clock.js';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  FORWARDS,
  jsonEvent,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventData,
  type Filter,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { eventHash, GENESIS_HASH, verifyChain } from '../../src/hash-chain.js';
import {
  AppendTooLarge,
  DuplicateEventId,
  InvalidEventId,
  matchesFilter,
  StoreMisconfigured,
  StoreUnavailable,
  StreamNotFound,
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type EventCount,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Direction,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
  type Upcaster,
  type VerifyResult,
  type CommandClaim,
} from '../../src/ports.js';
import { upcast, upcasterRegistry } from '../../src/upcasting.js';
import { fromResolved, toEventData } from './codec.js';
import {
  isTransient,
  needsRediscovery,
  toPortError,
  unavailable,
  withDeadline,
  type ErrorContext,
} from './errors.js';
import {
  claimData,
  COMMAND_CLAIMED,
  COMMAND_STREAM_PREFIX,
  commandStream,
  storedClaim,
} from './command-ids.js';
import { ResumableSubscription } from './subscription.js';
import { identityData, identityOf, STORE_IDENTIFIED, STORE_STREAM } from './store-identity.js';
import { randomUUID } from 'node:crypto';

export interface EventStoreDbOptions {
  /**
   * e.g. `esdb://localhost:2113?tls=false`, or a cluster with TLS and a user:
   * `esdb://kare:secret@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=ca.crt`. Writes and
   * the reads that decide go to the leader: a node preference other than `leader` is refused.
   */
  readonly connectionString: string;
  /**
   * Where subscriptions (and catch-up reads of $all) come from, when not from the leader: e.g.
   * the same cluster with `nodePreference=follower`. Default: the connection string.
   */
  readonly subscriptionConnectionString?: string;
  /** The server's maximum append size (its MaxAppendSize), in bytes of data and metadata. Default 1 MiB. */
  readonly maxAppendBytes?: number;
  readonly upcasters?: readonly Upcaster[];
  /** Stamps recordedAt (ISO UTC with ms) unless the event carries one. Default: the real clock. */
  readonly clock?: Clock;
  /** How long an operation waits for the server's first answer before StoreUnavailable. Default 10 s. */
  readonly timeoutMs?: number;
  /** Tries of an 'any'/'stream_exists' append that keeps losing races for the stream's head. Default 100. */
  readonly maxAppendAttempts?: number;
  /** Resubscription after a dropped subscription: exponential from initialMs up to maxMs. */
  readonly reconnect?: {
    readonly initialMs?: number;
    readonly maxMs?: number;
    readonly maxAttempts?: number;
  };
}

/** A query parameter of a connection string, by its case-insensitive name. */
const parameterOf = (connectionString: string, name: string): string | undefined => {
  const query = connectionString.split('?')[1] ?? '';
  for (const [key, value] of new URLSearchParams(query)) if (key.toLowerCase() === name) return value;
  return undefined;
};

/** The user name of a connection string, for messages (never the password). */
const userOf = (connectionString: string): string | undefined => {
  const match = /^[a-z+]+:\/\/([^@/?]*)@/i.exec(connectionString);
  const user = match?.[1]?.split(':')[0];
  return user === undefined || user === '' ? undefined : decodeURIComponent(user);
};

/** The default maximum append size of EventStoreDB (MaxAppendSize). */
export const DEFAULT_MAX_APPEND_BYTES = 1024 * 1024;

/** The connection string's host part, without credentials, for error messages. */
const endpointOf = (connectionString: string): string =>
  connectionString
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/^[^@/]*@/, '')
    .split(/[/?]/)[0] ?? connectionString;

export const createEventStoreDbStore = (options: EventStoreDbOptions): EventStore =>
  new EventStoreDbStore(options);

/**
 * The store, once a startup probe has shown KARE can run on it: the server answers, and the
 * user may read $all. A missing permission is StoreMisconfigured naming it, at startup rather
 * than at the first projection.
 */
export const openEventStoreDbStore = async (options: EventStoreDbOptions): Promise<EventStore> => {
  const store = new EventStoreDbStore(options);
  try {
    await store.probe();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
};

class EventStoreDbStore implements EventStore {
  private readonly client: EventStoreDBClient;
  /** Subscriptions and catch-up reads of $all: the leader's client unless told otherwise. */
  private readonly reader: EventStoreDBClient;
  private readonly maxAppendBytes: number;
  private readonly context: ErrorContext;
  private readonly registry: ReturnType<typeof upcasterRegistry>;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly maxAppendAttempts: number;
  private readonly reconnect: { initialMs: number; maxMs: number; maxAttempts: number };
  private readonly subscriptions = new Set<ResumableSubscription>();
  private closed = false;
  /** The store's identity, once read (or made). */
  private identity: Promise<string> | undefined;

  constructor(options: EventStoreDbOptions) {
    const user = userOf(options.connectionString);
    this.context = {
      endpoint: endpointOf(options.connectionString),
      ...(user === undefined ? {} : { user }),
    };
    const preference = parameterOf(options.connectionString, 'nodepreference');
    if (preference !== undefined && preference.toLowerCase() !== 'leader') {
      throw new StoreMisconfigured(
        `KARE writes to EventStoreDB through the leader, but the connection string for ${this.context.endpoint} asks for nodePreference=${preference}: use nodePreference=leader (the default), and subscriptionConnectionString to subscribe from a follower`,
      );
    }
    const connect = (connectionString: string): EventStoreDBClient => {
      try {
        return EventStoreDBClient.connectionString(connectionString);
      } catch (error) {
        throw unavailable(this.context, `invalid connection string (${(error as Error).message})`, error);
      }
    };
    this.client = connect(options.connectionString);
    this.reader =
      options.subscriptionConnectionString === undefined
        ? this.client
        : connect(options.subscriptionConnectionString);
    this.maxAppendBytes = options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES;
    this.registry = upcasterRegistry(options.upcasters);
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAppendAttempts = options.maxAppendAttempts ?? 100;
    this.reconnect = {
      initialMs: options.reconnect?.initialMs ?? 50,
      maxMs: options.reconnect?.maxMs ?? 5_000,
      maxAttempts: options.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Append
  // ---------------------------------------------------------------------------------------

  /**
   * Each attempt reads the stream's last `events.length` events (one backwards read, needed
   * anyway for the head's hash) and decides from them:
   * - bigint / 'no_stream' expectation met by the head: the batch goes right after it;
   * - head past the expectation: the one path with a read of its own — the events right after
   *   the expected revision are compared by id: all ids in place is a retry that already
   *   succeeded (its result is returned, nothing stored); an id at another revision is
   *   DuplicateEventId; otherwise WrongExpectedRevision;
   * - 'any' / 'stream_exists': a tail made of exactly the batch's ids is a retry that already
   *   succeeded; otherwise the batch goes after the head.
   * Before writing, an id found in the tail just read is DuplicateEventId. An id stored deeper
   * in the stream or in another stream is not looked for: ESDB has no index of ids.
   * The ESDB append always expects the exact revision chained on. Losing a race to another
   * writer means another attempt: for bigint / 'no_stream' that attempt turns into the
   * caller's WrongExpectedRevision (or an idempotent success); for 'any' / 'stream_exists' it
   * chains on the new head, up to maxAppendAttempts times.
   */
  async append(streamId: string, given: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const events = given.map((event) => withCanonicalId(streamId, event));
    const expected = options.expectedRevision;
    const context: ErrorContext = { ...this.context, streamId, expected };
    const stampedAt = this.clock.now();
    for (let attempt = 1; ; attempt++) {
      const tail = (await this.readTail(streamId, Math.max(events.length, 1))).reverse(); // oldest first
      const head = tail.at(-1);
      const actual = head?.revision ?? 'no_stream';

      if (expected === 'stream_exists' && head === undefined) {
        throw new WrongExpectedRevision(streamId, expected, actual);
      }
      if (typeof expected === 'bigint' || expected === 'no_stream') {
        const after = expected === 'no_stream' ? -1n : expected;
        const headRevision = head?.revision ?? -1n;
        if (headRevision > after) return this.settleConflict(streamId, events, expected, after, actual);
        if (headRevision < after) throw new WrongExpectedRevision(streamId, expected, actual);
      } else if (head !== undefined && allInPlace(events, tail, tail.length - events.length)) {
        return { nextRevision: head.revision, position: head.globalPosition };
      }
      if (events.length === 0)
        return { nextRevision: head?.revision ?? -1n, position: head?.globalPosition ?? 0n };
      const inTail = misplaced(events, tail, undefined);
      if (inTail !== undefined) throw duplicate(streamId, inTail.eventId, inTail.storedAs);

      try {
        return await this.write(streamId, events, head, stampedAt, context);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= this.maxAppendAttempts) throw error;
        // Someone appended between our read and our write: look again, after a short random
        // pause so that many writers racing on one stream spread out.
        await sleep(Math.random() * Math.min(50, attempt * 5));
      }
    }
  }

  /** Chains the batch on `head` and appends it expecting exactly that head. */
  private async write(
    streamId: string,
    events: readonly NewEvent[],
    head: StoredEvent | undefined,
    stampedAt: string,
    context: ErrorContext,
  ): Promise<AppendResult> {
    let previous = head?.hash ?? GENESIS_HASH;
    let revision = head?.revision ?? -1n;
    const data = events.map((event) => {
      revision += 1n;
      const recordedAt = event.recordedAt ?? stampedAt;
      const hash = eventHash(previous, { ...event, streamId, revision, recordedAt });
      previous = hash;
      return toEventData(event, recordedAt, hash);
    });
    // What the server's maximum append size counts; an append is atomic, so it is refused whole.
    const bytes = appendBytes(data);
    if (bytes > this.maxAppendBytes) throw new AppendTooLarge(streamId, bytes, this.maxAppendBytes);
    // Exactly the head read before: retrying after a lost answer is an idempotent write.
    const result = await this.rediscovering(() =>
      this.call(
        this.client.appendToStream(streamId, data, {
          expectedRevision: head === undefined ? 'no_stream' : head.revision,
          deadline: this.timeoutMs,
          requiresLeader: true,
        }),
        { ...context, bytes, access: `write to ${streamId}` },
        'append',
      ),
    );
    // The events were hashed for revisions head+1 … `revision`: an answer naming another
    // revision means what is stored is not the chain that was hashed.
    if (result.nextExpectedRevision !== revision) {
      throw new Error(
        `EventStoreDB stored the append to ${streamId} up to revision ${result.nextExpectedRevision.toString()}, but its hash chain was computed up to ${revision.toString()}`,
      );
    }
    const position = result.position?.commit;
    if (position !== undefined) return { nextRevision: revision, position };
    // ESDB answers an idempotent write (a racing writer stored these very ids) without a position.
    const [last] = await this.readRange(streamId, revision, 1);
    if (last === undefined) throw new StreamNotFound(streamId);
    if (last.revision !== revision || last.eventId !== events.at(-1)?.eventId) {
      throw new Error(
        `EventStoreDB answered an append to ${streamId} as already stored, but revision ${revision.toString()} holds another event`,
      );
    }
    return { nextRevision: last.revision, position: last.globalPosition };
  }

  /** The head is past the caller's expectation: an earlier success of this very append, or a conflict. */
  private async settleConflict(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    after: bigint,
    actual: bigint | 'no_stream',
  ): Promise<AppendResult> {
    const stored = events.length === 0 ? [] : await this.readRange(streamId, after + 1n, events.length);
    const last = stored.at(-1);
    if (last !== undefined && allInPlace(events, stored, 0)) {
      return { nextRevision: last.revision, position: last.globalPosition };
    }
    const elsewhere = misplaced(events, stored, 0);
    if (elsewhere !== undefined) throw duplicate(streamId, elsewhere.eventId, elsewhere.storedAs);
    throw new WrongExpectedRevision(streamId, expected, actual);
  }

  /** One marker per keyed command, written with no_stream and never taken over (command-ids.ts). */
  async claimCommandId(commandId: string, streamId: string): Promise<string> {
    return (await this.claimCommand(commandId, { streamId })).streamId;
  }

  /** The marker holds the first claim, fingerprint included; a later claim reads it back. */
  async claimCommand(commandId: string, claim: CommandClaim): Promise<CommandClaim> {
    this.assertOpen();
    const marker = commandStream(commandId);
    const context: ErrorContext = { ...this.context, streamId: marker, expected: 'no_stream' };
    try {
      await this.rediscovering(() =>
        this.call(
          this.client.appendToStream(marker, jsonEvent({ type: COMMAND_CLAIMED, data: claimData(claim) }), {
            expectedRevision: 'no_stream',
            deadline: this.timeoutMs,
            requiresLeader: true,
          }),
          { ...context, access: `write to ${marker}` },
          'claim a command id',
        ),
      );
      return claim;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
    }
    for await (const { event } of this.streamPages(marker, 'forwards', START, 1n)) {
      const owner = storedClaim(event?.data);
      if (owner !== undefined) return owner;
    }
    throw new Error(`${marker} holds no claim KARE wrote: the command id can't be bound`);
  }

  /** The id in the `kare:store` marker stream, written there the first time any KARE asks. */
  storeId(): Promise<string> {
    this.assertOpen();
    this.identity ??= this.readOrMakeIdentity().catch((error: unknown) => {
      this.identity = undefined;
      throw error;
    });
    return this.identity;
  }

  private async readOrMakeIdentity(): Promise<string> {
    const read = async (): Promise<string | undefined> => {
      try {
        for await (const { event } of this.streamPages(STORE_STREAM, 'forwards', START, 1n)) {
          const id = identityOf(event?.data);
          if (id !== undefined) return id;
          throw new Error(`${STORE_STREAM} holds no id KARE wrote: the store's identity can't be read`);
        }
      } catch (error) {
        if (!(error instanceof StreamNotFound)) throw error;
      }
      return undefined;
    };
    const found = await read();
    if (found !== undefined) return found;
    const made = `esdb:${randomUUID()}`;
    try {
      await this.rediscovering(() =>
        this.call(
          this.client.appendToStream(
            STORE_STREAM,
            jsonEvent({ type: STORE_IDENTIFIED, data: identityData(made) }),
            { expectedRevision: 'no_stream', deadline: this.timeoutMs, requiresLeader: true },
          ),
          {
            ...this.context,
            streamId: STORE_STREAM,
            expected: 'no_stream',
            access: `write to ${STORE_STREAM}`,
          },
          "write the store's identity",
        ),
      );
      return made;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
    }
    // Another KARE wrote it first: its id is the store's.
    const winner = await read();
    if (winner === undefined) throw new Error(`${STORE_STREAM} exists but holds no id`);
    return winner;
  }

  /**
   * KARE's events after `after` up to `upTo`, counted up to `cap`: one filtered read of $all of
   * at most cap + 1 events (positions are bytes of the log here, not counts).
   */
  async countEvents(after: bigint, upTo: bigint, cap: bigint): Promise<EventCount> {
    this.assertOpen();
    const from = after <= 0n ? undefined : after;
    const context: ErrorContext = {
      ...this.context,
      access: 'read $all',
      ...(from === undefined ? {} : { position: from }),
    };
    const size = Number(cap) + 1;
    const page = await this.rediscovering(() => this.filteredPage(from, size, context));
    let events = 0n;
    for (const resolved of page) {
      const event = fromResolved(resolved);
      if (event === undefined) continue;
      if (event.globalPosition > upTo) return { events, capped: false };
      events += 1n;
      if (events > cap) return { events: cap, capped: true };
    }
    // A full page may have been cut short by events that are not KARE's: at least this many.
    return page.length >= size ? { events, capped: true } : { events, capped: false };
  }

  // ---------------------------------------------------------------------------------------
  // Reads
  // ---------------------------------------------------------------------------------------

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    return this.upcastAll(this.readStoredStream(streamId, options));
  }

  /**
   * Catch-up reads of $all, filtered on the server to KARE's streams: a real server's $all is
   * mostly system events (statistics every few seconds) that a reader must not page through.
   * The client reads $all without a filter, so each page is a filtered catch-up subscription
   * read until the server says it has caught up, or a page is full, then closed.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    this.assertOpen();
    const maxCount = options.maxCount === undefined ? undefined : BigInt(options.maxCount);
    if (maxCount !== undefined && maxCount <= 0n) return;
    // Strictly after `floor`, as both the port's fromPosition and ESDB's subscriptions are.
    let floor =
      options.fromPosition === undefined || options.fromPosition <= 0n ? undefined : options.fromPosition;
    let delivered = 0n;
    for (;;) {
      const after = floor;
      const context: ErrorContext = {
        ...this.context,
        access: 'read $all',
        ...(after === undefined ? {} : { position: after }),
      };
      const page = await this.rediscovering(() => this.filteredPage(after, Number(PAGE), context));
      for (const resolved of page) {
        const position = resolved.event?.position?.commit;
        if (position !== undefined) floor = position;
        const event = fromResolved(resolved);
        if (event === undefined) continue;
        yield upcast(this.registry, event);
        delivered += 1n;
        if (maxCount !== undefined && delivered >= maxCount) return;
      }
      if (page.length < Number(PAGE)) return;
    }
  }

  /** Up to `size` events of KARE's streams strictly after `after`, within one deadline. */
  private filteredPage(
    after: bigint | undefined,
    size: number,
    context: ErrorContext,
  ): Promise<AllStreamResolvedEvent[]> {
    const subscription = this.reader.subscribeToAll({
      fromPosition: after === undefined ? START : at(after),
      filter: serverFilter(undefined),
    });
    return new Promise((resolve, reject) => {
      const items: AllStreamResolvedEvent[] = [];
      let settled = false;
      const finish = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        subscription.removeAllListeners('data');
        void subscription.unsubscribe().catch(() => undefined);
        if (error === undefined) resolve(items);
        else reject(toPortError(error, context));
      };
      const timer = setTimeout(
        () => finish(unavailable(context, `no answer to read $all within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        if (settled) return;
        items.push(resolved);
        if (items.length >= size) finish();
      });
      // Events the server sent before it caught up may still be on their way through the stream.
      subscription.on('caughtUp', () => setImmediate(() => finish()));
      subscription.on('error', (error: unknown) => finish(error));
      subscription.on('end', () => finish());
    });
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const { filter } = options;
    // Where the current server subscription started, to name it if the server refuses it.
    let opened: bigint | undefined;
    const subscription = new ResumableSubscription(
      {
        open: (after) => {
          opened = after === undefined || after <= 0n ? undefined : after;
          return this.reader.subscribeToAll({
            // ESDB subscribes strictly after the position it is given.
            fromPosition: opened === undefined ? START : at(opened),
            filter: serverFilter(filter),
          });
        },
        decode: fromResolved,
        accepts: (event) => matchesFilter(event, filter),
        upcast: (event) => upcast(this.registry, event),
        isTransient: (error) => isTransient(error) && !isRefusedPosition(error),
        toPortError: (error) =>
          toPortError(error, {
            ...this.context,
            access: 'subscribe to $all',
            ...(opened === undefined ? {} : { position: opened }),
          }),
        backoff: this.reconnect,
        onClosed: (closed) => this.subscriptions.delete(closed),
      },
      options.fromPosition,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verify(streamId: string): Promise<VerifyResult> {
    this.assertOpen();
    // Over the events as stored: upcasting would change what the hashes cover.
    return verifyChain(streamId, this.readForVerify(streamId));
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    // Backwards through $all past system and id-index events; a backwards read from a
    // position gives what lies strictly before it.
    let cursor: ReturnType<typeof at> | undefined;
    for (;;) {
      const from = cursor;
      const page = await this.rediscovering(() =>
        this.readPage(
          () =>
            this.client.readAll({
              direction: BACKWARDS,
              fromPosition: from ?? END,
              maxCount: HEAD_PAGE,
              deadline: this.timeoutMs,
              requiresLeader: true,
            }),
          { ...this.context, access: 'read $all' },
          'read $all backwards',
        ),
      );
      for (const resolved of page) {
        const event = fromResolved(resolved);
        if (event !== undefined) return event.globalPosition;
      }
      const last = page.at(-1)?.event?.position;
      if (BigInt(page.length) < HEAD_PAGE || last === undefined) return 0n;
      cursor = last;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
    if (this.reader !== this.client) await this.reader.dispose();
  }

  /**
   * Whether KARE can run on this server as configured: reads the last event of $all (the right
   * the projections and subscriptions need) and fails with StoreMisconfigured naming a missing
   * permission, or StoreUnavailable when the server can't be reached.
   */
  async probe(): Promise<void> {
    await this.headPosition();
    if (this.reader !== this.client) {
      await this.readPage(
        () =>
          this.reader.readAll({
            direction: BACKWARDS,
            fromPosition: END,
            maxCount: 1n,
            deadline: this.timeoutMs,
          }),
        { ...this.context, access: 'read $all (subscription connection)' },
        'read $all backwards',
      );
    }
  }

  /**
   * One more try after NotLeader or an unavailable node: the client has dropped its channel
   * and finds the leader again (gossip, or the leader the follower named) on the next call.
   */
  private async rediscovering<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!needsRediscovery(error) || this.closed) throw error;
      // The client resets its channel asynchronously once the failed call has settled.
      await sleep(REDISCOVERY_PAUSE_MS);
      return operation();
    }
  }

  // ---------------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable(`EventStoreDB store for ${this.context.endpoint} is closed`);
  }

  /** A unary client call, bounded and with its errors mapped. */
  private async call<T>(promise: Promise<T>, context: ErrorContext, what: string): Promise<T> {
    try {
      return await withDeadline(promise, this.timeoutMs, context, what);
    } catch (error) {
      throw toPortError(error, context);
    }
  }

  /**
   * A stream's events as ESDB holds them (KARE's or not), page by page from a revision. Every
   * page is a bounded call read to its end before anything is yielded, so a consumer that
   * stops early never leaves a call open that would need cancelling.
   */
  private async *streamPages(
    streamId: string,
    direction: Direction,
    from: bigint | typeof START | typeof END,
    maxCount: bigint | undefined,
  ): AsyncGenerator<ResolvedEvent> {
    let cursor = from;
    let remaining = maxCount;
    for (;;) {
      const size = remaining === undefined || remaining > PAGE ? PAGE : remaining;
      if (size <= 0n) return;
      const from = cursor;
      // Every stream read decides something (a tail to chain on, a command to replay, a state
      // to decide on): only the leader is sure to have every acknowledged write.
      const page = await this.rediscovering(() =>
        this.readPage(
          () =>
            this.client.readStream(streamId, {
              direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
              fromRevision: from,
              maxCount: size,
              deadline: this.timeoutMs,
              requiresLeader: true,
            }),
          { ...this.context, streamId, access: `read ${streamId}` },
          `read ${streamId}`,
        ),
      );
      yield* page;
      const last = page.at(-1)?.event?.revision;
      if (BigInt(page.length) < size || last === undefined) return;
      if (remaining !== undefined) remaining -= size;
      cursor = direction === 'forwards' ? last + 1n : last - 1n;
      if (cursor < 0n) return;
    }
  }

  /** The stream's KARE events as stored (not upcast). */
  private async *readStoredStream(streamId: string, options: ReadStreamOptions): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const from = options.from ?? (direction === 'forwards' ? START : END);
    const maxCount = options.maxCount === undefined ? undefined : BigInt(options.maxCount);
    for await (const resolved of this.streamPages(streamId, direction, from, maxCount)) {
      const event = fromResolved(resolved);
      if (event !== undefined) yield event;
    }
  }

  /** Every event of the stream; one KARE did not write comes with no hash, so the chain breaks there. */
  private async *readForVerify(streamId: string): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    for await (const resolved of this.streamPages(streamId, 'forwards', START, undefined)) {
      yield fromResolved(resolved) ?? unhashed(streamId, resolved);
    }
  }

  private async *upcastAll(events: AsyncIterable<StoredEvent>): AsyncGenerator<StoredEvent> {
    for await (const event of events) yield upcast(this.registry, event);
  }

  /**
   * The stream's last `count` events as stored, newest first; none when the stream does not
   * exist. An event KARE did not write there is refused: there is no hash to chain on.
   */
  private async readTail(streamId: string, count: number): Promise<StoredEvent[]> {
    const tail: StoredEvent[] = [];
    try {
      for await (const resolved of this.streamPages(streamId, 'backwards', END, BigInt(count))) {
        const event = fromResolved(resolved);
        if (event === undefined) {
          const revision = String(resolved.event?.revision);
          throw new Error(
            `${streamId}@${revision} was not written by KARE: appending can't extend its hash chain`,
          );
        }
        tail.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
    return tail;
  }

  /** Up to `count` KARE events from revision `from` on, as stored; none when the stream does not exist. */
  private async readRange(streamId: string, from: bigint, count: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const event of this.readStoredStream(streamId, { from, maxCount: count }))
        events.push(event);
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
    return events;
  }

  /**
   * Reads a bounded client read to its end within one deadline for the whole page, not only
   * its first answer (reads have none in the client); a call that runs out of time is
   * cancelled. Errors come out as the port's.
   */
  private async readPage<E>(
    start: () => StreamingRead<E>,
    context: ErrorContext,
    what: string,
  ): Promise<E[]> {
    const read = start();
    // The client emits errors as events; without a listener a late one would crash the process.
    read.on('error', () => undefined);
    const iterator = read[Symbol.asyncIterator]() as AsyncIterator<E>;
    const items: E[] = [];
    const deadline = Date.now() + this.timeoutMs;
    const next = () =>
      withDeadline(iterator.next(), Math.max(1, deadline - Date.now()), context, what, this.timeoutMs);
    let done = false;
    try {
      for (let step = await next(); step.done !== true; step = await next()) items.push(step.value);
      done = true;
      return items;
    } catch (error) {
      throw toPortError(error, context);
    } finally {
      if (!done) void read.cancel().catch(() => undefined);
    }
  }
}

/** Events per read call: big enough to be cheap, small enough to hold a page in memory. */
const PAGE = 256n;
/** headPosition usually finds a KARE event among the last few. */
const HEAD_PAGE = 32n;
/** How long a call that met NotLeader or an unavailable node waits before its one more try. */
const REDISCOVERY_PAUSE_MS = 25;

/** The size of an append as the server's maximum append size counts it: data and metadata bytes. */
const appendBytes = (data: readonly EventData[]): number =>
  data.reduce(
    (sum, event) =>
      sum +
      Buffer.byteLength(JSON.stringify(event.data)) +
      (event.metadata === undefined ? 0 : Buffer.byteLength(JSON.stringify(event.metadata))),
    0,
  );

/** A subscription the server refused for its position is not worth resubscribing. */
const isRefusedPosition = (error: unknown): boolean =>
  /invalid position/i.test(String((error as { message?: unknown } | undefined)?.message ?? ''));

const unhashed = (streamId: string, resolved: ResolvedEvent): StoredEvent => ({
  eventId: resolved.event?.id ?? '',
  type: resolved.event?.type ?? '',
  streamId,
  revision: resolved.event?.revision ?? -1n,
  globalPosition: resolved.event?.position?.commit ?? 0n,
  recordedAt: '',
  data: {},
  metadata: { schemaVersion: 0 },
  hash: '',
});

/** A position in $all: commit and prepare are the same for the events the adapter writes. */
const at = (position: bigint) => ({ commit: position, prepare: position });

/** Whether `stored[offset + i]` is event i of the batch, for every event of it. */
const allInPlace = (events: readonly NewEvent[], stored: readonly StoredEvent[], offset: number): boolean =>
  events.length > 0 &&
  offset >= 0 &&
  events.every((event, i) => stored[offset + i]?.eventId === event.eventId);

/**
 * The first id of the batch found in `stored` somewhere else than `stored[offset + i]` (where
 * event i would be); with no offset, anywhere in `stored` is somewhere else.
 */
const misplaced = (
  events: readonly NewEvent[],
  stored: readonly StoredEvent[],
  offset: number | undefined,
): { readonly eventId: string; readonly storedAs: Place } | undefined => {
  for (const [i, event] of events.entries()) {
    const index = stored.findIndex((candidate) => candidate.eventId === event.eventId);
    const storedAs = stored[index];
    if (storedAs !== undefined && (offset === undefined || index !== offset + i)) {
      return { eventId: event.eventId, storedAs };
    }
  }
  return undefined;
};

/** Where an event is stored. */
interface Place {
  readonly streamId: string;
  readonly revision: bigint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The id as ESDB stores and answers it: a lower-case uuid; anything else is refused before a write. */
const withCanonicalId = (streamId: string, event: NewEvent): NewEvent => {
  const eventId = event.eventId.toLowerCase();
  if (!UUID.test(eventId)) throw new InvalidEventId(event.eventId, streamId);
  return eventId === event.eventId ? event : { ...event, eventId };
};

const duplicate = (streamId: string, eventId: string, storedIn: Place): DuplicateEventId =>
  new DuplicateEventId(eventId, streamId, { streamId: storedIn.streamId, revision: storedIn.revision });

const escapeRegex = (text: string): string => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/**
 * ESDB filters a subscription on stream name OR event type, so the server gets the category
 * filter when there is one (else the type filter, else "no system or id-index streams"); the
 * full filter is applied again on the client.
 */
const serverFilter = (filter: EventFilter | undefined): Filter => {
  const categories = filter?.categories ?? [];
  if (categories.length > 0) {
    return streamNameFilter({ regex: `^(?:${categories.map(escapeRegex).join('|')})(?:-|$)` });
  }
  const types = filter?.types ?? [];
  if (types.length > 0) return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  return streamNameFilter({
    regex: `^(?!\\$|${escapeRegex(COMMAND_STREAM_PREFIX)}|${escapeRegex(STORE_STREAM)}$)`,
  });
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
