import type { IsoDate, Policy } from '../domain/kernel/index.js';
import type { Projection, Row } from '../projections/projection.js';

// The ports of the application core. Each has one adapter per folder under adapters/;
// every adapter of a port passes that port's contract suite in test/contracts/.
import type { SqlValue } from '../projections/projection.js';
import type { LinkSelection } from '../projections/read-model.js';

/** A JSON value as stored in an event's data. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

// ---------------------------------------------------------------------------------------
// Event store
// ---------------------------------------------------------------------------------------

/**
 * The expected state of a stream before an append:
 * - `'no_stream'`: the stream must not exist yet;
 * - `'stream_exists'`: it must exist, at any revision;
 * - `'any'`: no check;
 * - a bigint: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

// A type literal, not an interface, so it fits where a plain record is expected.
export type EventMetadata = {
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: string;
  /** The version of the policy that decided this event, where a policy decided it. */
  readonly policyVersion?: string;
  /** The version of the event's data shape; upcasters turn old versions into the current one. */
  readonly schemaVersion: number;
};

/** An event to append. The store assigns revision, position, hash (and recordedAt unless given). */
export interface NewEvent {
  /** A uuid. Appending an id already stored at the same place is a no-op; elsewhere it is an error. */
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  /**
   * Only for moving a book between stores (`kare import`): keeps the original time so the
   * hash chain comes out identical. Normal appends leave it out and the store stamps it.
   */
  readonly recordedAt?: string;
}

export interface StoredEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  /** 0 for the first event of a stream, contiguous after that. */
  readonly revision: bigint;
  /** Strictly increasing across the whole store, in commit order. */
  readonly globalPosition: bigint;
  /** ISO 8601 UTC with milliseconds, stamped by the store when the event was appended. */
  readonly recordedAt: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  /** sha256(previous hash of the stream ‖ canonical JSON of the envelope), hex. See src/hash-chain.ts. */
  readonly hash: string;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the stream's last event after the append (ESDB's "next expected revision"). */
  readonly nextRevision: bigint;
  /** The global position of the last event appended (or of the stored copy, on an idempotent retry). */
  readonly position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** The first revision to read (inclusive). Default: the start (forwards) or the end (backwards). */
  readonly from?: bigint;
  readonly direction?: Direction;
  readonly maxCount?: number | bigint;
}

export interface ReadAllOptions {
  /** Read the events strictly after this position. Default: from the very first event. */
  readonly fromPosition?: bigint;
  readonly maxCount?: number | bigint;
}

export interface EventFilter {
  /** Stream categories: the part of a stream id before its first `-` (`account`, `agreement` …). */
  readonly categories?: readonly string[];
  readonly types?: readonly string[];
}

export interface SubscribeOptions {
  /** Deliver the events strictly after this position (the last one a subscriber saw). Default: all. */
  readonly fromPosition?: bigint;
  readonly filter?: EventFilter;
}

/** Where a subscription's connection to its store stands (for `GET /projections`, `kare status`). */
export interface SubscriptionConnection {
  /** 'connected' while the server call is up; 'reconnecting' after it dropped, until it is up again. */
  readonly state: 'connected' | 'reconnecting' | 'closed';
  /** Failed (re)connections in a row. */
  readonly attempts: number;
  /** Why the last call dropped, when it did. */
  readonly lastError?: string;
}

/** Catch-up then live. Iterate it; `close()` ends the iteration (a pending `next()` resolves done). */
export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
  /** Optional: the state of the connection behind it, where the store has one that can drop. */
  connection?(): SubscriptionConnection;
}

export type VerifyResult =
  | { readonly ok: true; readonly streamId: string; readonly events: bigint; readonly headHash: string }
  | {
      readonly ok: false;
      readonly streamId: string;
      /** The first revision whose stored hash does not match what its content and predecessor give. */
      readonly brokenAt: bigint;
      readonly reason: string;
    };

/** A function that turns a stored event of an old schema version into the next shape. */
export interface Upcaster {
  readonly type: string;
  /** The schemaVersion this upcaster reads; it produces `fromVersion + 1` (or what it says). */
  readonly fromVersion: number;
  readonly upcast: (data: JsonObject) => { readonly data: JsonObject; readonly schemaVersion: number };
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFound (on iteration) when the stream has no event. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Walks the stream's hash chain over the events as stored (before upcasting). */
  verify(streamId: string): Promise<VerifyResult>;
  /** The position of the last event in the store (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
  /**
   * Binds a command id (a caller's Idempotency-Key) to the one stream its events go to, once
   * and for good, and returns the stream it is bound to: `streamId` for a new id (or a retry
   * on the same stream), else the stream an earlier command with that id wrote. A store that
   * can't keep this leaves it out, and a reused key is then not recognised across streams.
   */
  claimCommandId?(commandId: string, streamId: string): Promise<string>;
  /**
   * Optional: claimCommandId that also keeps what the request was (its fingerprint), so a key
   * reused for another request is told from a retry. Binds the id to the claim it is first given,
   * once and for good, and returns that first claim (without a fingerprint when it was made
   * before fingerprints were kept, or by claimCommandId).
   */
  claimCommand?(commandId: string, claim: CommandClaim): Promise<CommandClaim>;
  /**
   * Optional: the store's stable identity, the same for as long as its positions name the same
   * events (SQLite: an id written into the file at creation; EventStoreDB: an id in a marker
   * stream KARE writes once). Checkpoints record it, so a position another store issued is never
   * resumed from silently.
   */
  storeId?(): Promise<string>;
  /**
   * Optional: how many of KARE's events lie after `after` up to and including `upTo`, counted up
   * to `cap` (a lag in events, cheaply: positions need not be consecutive, on EventStoreDB they
   * are bytes). Without it a caller counts with readAll.
   */
  countEvents?(after: bigint, upTo: bigint, cap: bigint): Promise<EventCount>;
  /**
   * Optional: whether the store takes writes now (for /health). A store in a fault (read-only,
   * disk full) says so here, while reads may still work; it recovers by itself when it can.
   */
  health?(): Promise<StoreHealth>;
}

/** Whether a store takes writes now, as it last found or probed. */
export interface StoreHealth {
  readonly writable: boolean;
  /** Why not, in a word or two: 'read-only', 'disk full', 'cannot open', 'I/O error'; never a path. */
  readonly fault?: string;
  /** Since when (ISO 8601 UTC). */
  readonly since?: string;
}

/** What a command id is bound to: the stream its events go to, and the request it came with. */
export interface CommandClaim {
  readonly streamId: string;
  /** A digest of the request (src/commands/request-fingerprint.ts); absent on claims made before. */
  readonly fingerprint?: string;
}

/** A count of events that stops at a cap. */
export interface EventCount {
  /** The events counted: exact unless `capped`, then the cap (there are at least this many). */
  readonly events: bigint;
  readonly capped: boolean;
}

// ---------------------------------------------------------------------------------------
// Errors of the event store: typed, so callers branch on the class, never on a message.
// ---------------------------------------------------------------------------------------

export class WrongExpectedRevision extends Error {
  override readonly name = 'WrongExpectedRevision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or 'no_stream' when it has none. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFound extends Error {
  override readonly name = 'StreamNotFound';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} not found`);
  }
}

/** An event id that is already stored somewhere else than where this append would put it. */
export class DuplicateEventId extends Error {
  override readonly name = 'DuplicateEventId';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
    readonly storedIn: { readonly streamId: string; readonly revision: bigint },
  ) {
    super(
      `Event ${eventId} appended to ${streamId} is already stored as ${storedIn.streamId}@${String(storedIn.revision)}`,
    );
  }
}

/** An event id that is not a uuid: stores keep ids as uuids (and EventStoreDB answers them lower-case). */
export class InvalidEventId extends Error {
  override readonly name = 'InvalidEventId';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`Event id ${JSON.stringify(eventId)} appended to ${streamId} is not a uuid`);
  }
}

/** An append bigger than the store takes in one write, that can't be split without losing its atomicity. */
export class AppendTooLarge extends Error {
  override readonly name = 'AppendTooLarge';
  constructor(
    readonly streamId: string,
    /** The size of what was to be written, in bytes as the store counts them. */
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`Append to ${streamId} is ${bytes} bytes; the store takes at most ${maxBytes} bytes in one append`);
  }
}

/** A position this store never issued (from another store, or made up): reading from it would skip or repeat. */
export class UnknownPosition extends Error {
  override readonly name = 'UnknownPosition';
  constructor(
    readonly position: bigint,
    reason: string,
  ) {
    super(`Position ${position.toString()} was not issued by this store: ${reason}`);
  }
}

/** A checkpoint saved while following another store: resuming at its position would skip or repeat. */
export class ForeignCheckpoint extends Error {
  override readonly name = 'ForeignCheckpoint';
  constructor(
    readonly consumer: string,
    /** The store that issued the checkpoint's position, and the store it would now read. */
    readonly issuedBy: string,
    readonly store: string,
  ) {
    super(
      `The checkpoint of ${consumer} was saved on another event store (${issuedBy}, this one is ${store}): ` +
        'its position means nothing here. Reset or delete the checkpoint to start over on this store',
    );
  }
}

/** The store is reachable but set up so KARE can't run on it: a missing permission, a wrong node preference … */
export class StoreMisconfigured extends Error {
  override readonly name = 'StoreMisconfigured';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store can't be used: a path that can't be opened, a server that can't be reached … */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
  /** What is wrong, in a word or two ('read-only', 'disk full' …), where the store knows. */
  readonly fault: string | undefined;
  constructor(message: string, options?: { cause?: unknown; fault?: string }) {
    super(message, options === undefined ? undefined : { cause: options.cause });
    this.fault = options?.fault;
  }
}

/** The category of a stream: the part of its id before the first `-`. */
export const streamCategory = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
};

export const matchesFilter = (event: StoredEvent, filter: EventFilter | undefined): boolean =>
  filter === undefined ||
  ((filter.categories === undefined ||
    filter.categories.length === 0 ||
    filter.categories.includes(streamCategory(event.streamId))) &&
    (filter.types === undefined || filter.types.length === 0 || filter.types.includes(event.type)));

// ---------------------------------------------------------------------------------------
// Clock and ids: the only places the application reads time or makes ids.
// ---------------------------------------------------------------------------------------

export interface Clock {
  /** ISO 8601 UTC timestamp. */
  now(): string;
}

export interface Ids {
  uuid(): string;
}

// ---------------------------------------------------------------------------------------
// Snapshots: a cache of aggregate states, so loading costs the same however long a stream
// grows. Kept at regular revisions (not only the latest) so time travel is cheap too.
// ---------------------------------------------------------------------------------------

export interface Snapshot {
  readonly streamId: string;
  /** The revision of the last event folded into the state. */
  readonly revision: bigint;
  /** When that event was recorded (time travel by timestamp picks a snapshot by it). */
  readonly recordedAt: string;
  /** The aggregate's state version: a snapshot of another version is never used. */
  readonly stateVersion: number;
  readonly state: Json;
}

export interface SnapshotQuery {
  readonly stateVersion: number;
  /** The latest snapshot at or before this revision. */
  readonly maxRevision?: bigint;
  /** The latest snapshot recorded at or before this timestamp. */
  readonly recordedAtOrBefore?: string;
}

export interface SnapshotStore {
  latest(streamId: string, query: SnapshotQuery): Promise<Snapshot | undefined>;
  save(snapshot: Snapshot): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Read models: projection tables in SQLite (the embedded file, or KARE_READ_DB beside
// EventStoreDB), kept by the projector (src/consumers/projector) and read by queries and the audit.
// ---------------------------------------------------------------------------------------

export type { SqlValue };

export interface ReadModelQuery {
  /** Equality (a value) or membership (an array) on plain columns. */
  readonly where?: Readonly<Record<string, SqlValue | readonly SqlValue[]>>;
  /** Rows whose column is null or holds another value: { column: value }. */
  readonly except?: Readonly<Record<string, SqlValue>>;
  /** Inclusive bounds on plain columns: { column: [min, max] }, either end null for open. */
  readonly between?: Readonly<Record<string, readonly [SqlValue, SqlValue]>>;
  /** Sort columns; the collection's key is always appended as the final tie-breaker. */
  readonly orderBy?: readonly { readonly column: string; readonly direction: 'asc' | 'desc' }[];
  readonly limit?: number;
  /** Keyset pagination: the orderBy values (then the key) of the last row of the previous page. */
  readonly after?: readonly SqlValue[];
  /** Rows a link table pairs with any of the values asked (each selection must hold). */
  readonly links?: readonly LinkSelection[];
}

export interface ReadModelRow<Doc = unknown> {
  readonly key: string;
  /** The plain columns, as an analyst sees them in SQL. */
  readonly row: Readonly<Record<string, SqlValue>>;
  /** The projection's document, as its reducer wrote it. */
  readonly doc: Doc;
}

export type ProjectionState = 'catching_up' | 'live' | 'rebuilding' | 'stopped' | 'failed';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** The global position the projection has applied up to (0n before any). */
  readonly position: bigint;
  /** The store's head position when the status was taken. */
  readonly head: bigint;
  /** Events not applied yet (after position, up to head), counted up to a cap: see lagCapped. */
  readonly lag: bigint;
  /** Present (true) when the count stopped at the cap: the lag is at least `lag` events. */
  readonly lagCapped?: true;
  readonly state: ProjectionState;
  readonly error?: string;
  /** The live subscription's connection, while it follows a store whose connection can drop. */
  readonly connection?: SubscriptionConnection;
}

// A read-model query that can't be run as asked: an unknown collection or column, a value
// that isn't text, number or null, a cursor that doesn't fit the sort, a bad limit. The
// caller's mistake (HTTP: 400), never a 500.
export type InvalidQueryReason =
  'unknown_collection' | 'unknown_column' | 'bad_value' | 'bad_cursor' | 'bad_limit';

export class InvalidReadModelQuery extends Error {
  override readonly name = 'InvalidReadModelQuery';
  constructor(
    readonly reason: InvalidQueryReason,
    message: string,
    /** What the caller may use instead (the known collections or columns), where that helps. */
    readonly allowed: readonly string[] = [],
  ) {
    super(allowed.length === 0 ? message : `${message}; allowed: ${allowed.join(', ')}`);
  }
}

export interface ReadModelStore {
  /** Rows of a collection (logical table name, e.g. `tier_status`) from the live version. */
  find<Doc = unknown>(collection: string, query?: ReadModelQuery): Promise<readonly ReadModelRow<Doc>[]>;
  get<Doc = unknown>(collection: string, key: string): Promise<ReadModelRow<Doc> | undefined>;
}

/** Which streams belong to which account, and which commitments supply a SKU (a small read model). */
export interface StreamIndex {
  /** Every stream of the account, its own first: agreements and commitments after it. */
  streamsOf(accountId: string): Promise<readonly string[]>;
  accountIds(): Promise<readonly string[]>;
  commitmentsForSku(sku: string): Promise<readonly string[]>;
  /**
   * The group the account last joined as far as the index has seen (undefined: none). Only a
   * pointer: the group's own stream says whether the account is still a member.
   */
  groupOf?(accountId: string): Promise<string | undefined>;
}

// ---------------------------------------------------------------------------------------
// Projection storage: what the projector needs from the read-model database (SQLite or
// PostgreSQL, adapters/*/projection-storage.ts): builds of a projection (its tables at one
// version, with a checkpoint), the documents in them, one transaction per batch for rows AND
// checkpoint, and an atomic blue/green swap.
// ---------------------------------------------------------------------------------------
/** `live` is what queries read (through views); `building` grows beside it until the swap. */
export type BuildState = 'live' | 'building';

/** One physical copy of a projection's tables at one version, and where it has got to. */
export interface Build {
  readonly projection: string;
  readonly version: number;
  /** 0 for the first build of a version; each forced rebuild of the same version counts up. */
  readonly build: number;
  readonly state: BuildState;
  /** The global position applied up to (0n before any): the lowest of its partitions' when split. */
  readonly position: bigint;
  /**
   * A live build split into partitions (more than one; see ProjectionStorage.split): each one's
   * position, by partition number. Absent: the build is one partition, at `position`.
   */
  readonly partitions?: readonly bigint[];
  /** The id of the event store that issued `position` (undefined: not recorded, or none yet). */
  readonly store?: string;
}

/** A document's new content after a batch, or null when the reducer deleted it. */
export type DocumentChange = { readonly json: string; readonly row: Row } | null;

/** Collection name → document key → its change. */
export type BatchChanges = ReadonlyMap<string, ReadonlyMap<string, DocumentChange>>;

export interface CommitRequest {
  readonly changes: BatchChanges;
  /** The checkpoint the batch started from: the commit fails if the stored one has moved. */
  readonly from: bigint;
  /** The checkpoint after the batch. */
  readonly to: bigint;
  /** The id of the event store that issued `to`, recorded with it. */
  readonly store?: string;
  /** Runs inside the transaction after the rows are written, before COMMIT (fault injection). */
  readonly beforeCommit?: () => void;
}

/** A value now (a database read in process, SQLite) or later (one across a network, PostgreSQL). */
export type Awaitable<T> = T | Promise<T>;

/** Collection name → the keys of the documents wanted. */
export type DocumentKeys = ReadonlyMap<string, ReadonlySet<string>>;

/** Collection name → key → the document's JSON as last committed; a key without one is left out. */
export type FetchedDocuments = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Reads the committed documents of many keys in one round trip. */
export type FetchDocuments = (keys: DocumentKeys) => Promise<FetchedDocuments>;

/**
 * The documents of one build where a read costs next to nothing (SQLite, in process): the
 * reducer's reads go to the tables one by one, synchronously.
 */
export interface SyncBuildTables {
  readonly reads: 'sync';
  /** A document's JSON as last committed, or undefined when there is none. */
  read(collection: string, key: string): string | undefined;
  /**
   * One transaction for a whole batch: its changes and its checkpoint written and committed,
   * all of it or nothing (CheckpointMoved when the build's position is no longer `from`).
   */
  transact(request: CommitRequest): void;
  /**
   * For a collection with `current` (plain columns that move with the day): rewrites, in one
   * transaction, the plain columns of at most `limit` rows not current as of `day` under `policy`
   * (their `current_as` differs), from their documents; the documents and the checkpoint stay as
   * they are. Returns how many rows it rewrote: 0 when every row is current. Optional: a store
   * without it serves those sorts by presenting the rows.
   */
  refreshCurrent?(collection: string, day: IsoDate, policy: Policy, limit: number): number;
}

/**
 * The documents of one build across a network (PostgreSQL): a round trip per read would cost
 * more than the reducer, so the batch fetches the documents it misses many keys at a time
 * (see src/consumers/projector/apply-batch.ts), and the transaction is asynchronous.
 */
export interface AsyncBuildTables {
  readonly reads: 'async';
  /** The documents of many keys as last committed, in one round trip. */
  readonly fetch: FetchDocuments;
  /** As SyncBuildTables.transact, across the network. */
  transact(request: CommitRequest): Promise<void>;
  /** As SyncBuildTables.refreshCurrent, across the network. */
  refreshCurrent?(collection: string, day: IsoDate, policy: Policy, limit: number): Promise<number>;
}

export type BuildTables = SyncBuildTables | AsyncBuildTables;

/**
 * The projector's storage. SQLite answers at once; PostgreSQL answers with promises: the
 * projector awaits every answer, so one projector runs on either.
 */
export interface ProjectionStorage {
  /** The recorded builds of a projection: at most one live and one building. */
  builds(projection: string): Awaitable<{ readonly live?: Build; readonly building?: Build }>;
  /** Creates a build's tables and its checkpoint at 0n (a live one with its views), atomically. */
  create(projection: Projection, state: BuildState, build: number): Awaitable<Build>;
  /** Drops a build's tables and its checkpoint (an abandoned blue/green build). */
  discard(build: Build): Awaitable<void>;
  /**
   * The build's documents, and its batches' transaction. With `partition`, a batch moves (and,
   * across a network, locks) that partition's checkpoint, not the build's: the partitions of a
   * split build commit side by side. Without it, a batch on a split build fails (CheckpointMoved).
   */
  tables(projection: Projection, build: Build, partition?: number): Awaitable<BuildTables>;
  /**
   * Splits a live build into `count` partitions (1: one again), each at the build's position, in
   * one transaction; nothing changes when it already has `count`. Only a build whose partitions
   * stand at one position can be split again: otherwise PartitionsDiffer (rebuild it instead).
   */
  split(build: Build, count: number): Awaitable<Build>;
  /**
   * In one transaction: the views point at `next`'s tables, `next` becomes live, and
   * `previous` (if any) loses its checkpoint and tables. Returns `next` as live.
   */
  promote(next: Build, previous: Build | undefined): Awaitable<Build>;
  /**
   * Optional: brings the query planner's statistics up to date with the tables' rows, where the
   * database keeps them only when asked (SQLite); the daily job calls it now and then.
   */
  refreshStatistics?(): Awaitable<void>;
}

/** A build's partitions stand at different positions: it can't be split into another count. */
export class PartitionsDiffer extends Error {
  override readonly name = 'PartitionsDiffer';
  constructor(
    readonly projection: string,
    readonly count: number,
  ) {
    super(
      `The partitions of ${projection} stand at different positions: it can't be split into ${count} before a rebuild`,
    );
  }
}

/** Another writer moved a checkpoint under this one: two projectors on one read-model database. */
export class CheckpointMoved extends Error {
  override readonly name = 'CheckpointMoved';
  constructor(
    readonly projection: string,
    readonly expected: bigint,
  ) {
    super(`The checkpoint of ${projection} is no longer at ${expected}: is another projector running?`);
  }
}

// ---------------------------------------------------------------------------------------
// Checkpoints of the consumers that keep no read model (reactors, webhook senders): where
// each has got to in the global log. The projector keeps its own with its rows.
// ---------------------------------------------------------------------------------------

/** Where a consumer has got to in the global log, by consumer name. */
export interface CheckpointStore {
  load(name: string): Promise<bigint | undefined>;
  /** `store`: the id of the event store that issued the position, recorded beside it. */
  save(name: string, position: bigint, store?: string): Promise<void>;
  /** Optional: the id of the event store that issued the saved position (undefined: not recorded). */
  issuer?(name: string): Promise<string | undefined>;
}

// ---------------------------------------------------------------------------------------
// Webhooks: the registry of targets the log is pushed to (src/consumers/webhooks), and the
// recent delivery attempts to each, kept bounded. Each webhook's position in the log is an
// ordinary consumer checkpoint (`webhook:<id>`) in the CheckpointStore.
// ---------------------------------------------------------------------------------------

/** `active`: delivering; `paused`: by an admin; `disabled`: deliveries failed for too long. */
export type WebhookState = 'active' | 'paused' | 'disabled';

export interface Webhook {
  readonly id: string;
  /** Where the events are POSTed (http or https). */
  readonly url: string;
  /** The events sent: the same vocabulary as the SSE subscription (categories, types). */
  readonly filter: EventFilter;
  /** `whsec_` and the base64 key deliveries are signed with (Standard Webhooks). */
  readonly secret: string;
  readonly state: WebhookState;
  /** Why it was disabled (the last failure), while it is. */
  readonly disabledReason?: string;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * A replay asked for and not yet done: the process delivering the webhook moves its checkpoint
   * here (only it writes that checkpoint, so no other process's save overwrites the move).
   */
  readonly replayFrom?: bigint;
}

/** What may change of a webhook; an absent field stays as it is. */
export interface WebhookChange {
  readonly url?: string;
  readonly filter?: EventFilter;
  readonly state?: WebhookState;
  /** The secret as stored (sealing one kept in plain text by an earlier version). */
  readonly secret?: string;
  /** Set with state `disabled`; any other state clears it. */
  readonly disabledReason?: string;
  /** Asks for a replay from this position (clearReplay clears it once done). */
  readonly replayFrom?: bigint;
  readonly updatedAt: string;
}

/** One attempt to deliver one event to one webhook. */
export interface DeliveryAttempt {
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventType: string;
  /** The event's global position. */
  readonly position: bigint;
  /** 1 for the first try of this event, counting up with each retry. */
  readonly attempt: number;
  /** When the attempt started (ISO 8601 UTC). */
  readonly at: string;
  /** The target's 2xx. */
  readonly ok: boolean;
  /** The HTTP status, when the target answered. */
  readonly status?: number;
  /** Why it failed: the status, a timeout, a refused address … */
  readonly error?: string;
  readonly durationMs: number;
}

/** An attempt as stored: numbered in the order stored, the newest highest. */
export interface StoredDeliveryAttempt extends DeliveryAttempt {
  readonly seq: bigint;
}

export interface DeliveryPage {
  /** Newest first. */
  readonly items: readonly StoredDeliveryAttempt[];
  /** Pass as `before` for older attempts; absent on the last page. */
  readonly next?: bigint;
}

/** The delivery attempts a store keeps per webhook unless told otherwise. */
export const DEFAULT_KEPT_ATTEMPTS = 1000;

export interface WebhookStore {
  /** Stores a new webhook (its id is new). */
  create(webhook: Webhook): Promise<void>;
  get(id: string): Promise<Webhook | undefined>;
  /** Every webhook, oldest first. */
  list(): Promise<readonly Webhook[]>;
  /** The webhook after the change, or undefined when there is none. */
  update(id: string, change: WebhookChange): Promise<Webhook | undefined>;
  /**
   * Clears the replay request if it is still `from` (updatedAt stays); false when it is not (none,
   * or another asked for since), so a request made meanwhile is not lost.
   */
  clearReplay(id: string, from: bigint): Promise<boolean>;
  /** Removes the webhook and its attempts; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** Keeps an attempt; only the most recent `keep` (the store's bound) of a webhook are kept. */
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** A webhook's attempts, newest first, `limit` at most, older than `before` when given. */
  attempts(
    webhookId: string,
    page: { readonly limit: number; readonly before?: bigint },
  ): Promise<DeliveryPage>;
}

// ---------------------------------------------------------------------------------------
// Personal data keys: one data key per data subject (a contact), kept outside the events so
// that deleting it erases the subject's personal data without rewriting history
// (crypto-shredding, src/personal-data). An erased subject is remembered, never given a key again.
// ---------------------------------------------------------------------------------------

/** A data key: 32 random bytes (AES-256). */
export type DataKey = Uint8Array;

/** What adopting a key brought from elsewhere (`kare import`) found. */
export type KeyAdoption = 'adopted' | 'present' | 'erased' | 'conflict';

export interface KeyStore {
  /** The subject's key, created (and kept) now when it has none; undefined when it was erased. */
  keyFor(subject: string): Promise<DataKey | undefined>;
  /** The subject's key; undefined when it has none or was erased. */
  get(subject: string): Promise<DataKey | undefined>;
  /**
   * Keeps a key made elsewhere for a subject that has none here: 'present' when it has this one
   * already, 'conflict' when another, 'erased' when the subject was erased here (it stays so).
   */
  adopt(subject: string, key: DataKey): Promise<KeyAdoption>;
  /**
   * Deletes the subject's key for good and remembers the erasure (with its time): 'erased' now,
   * 'already' when it was before, 'unknown' when the subject never had a key here.
   */
  erase(subject: string, at: string): Promise<'erased' | 'already' | 'unknown'>;
  /** The erased subjects, with when, in the order erased. */
  erased(): Promise<readonly { readonly subject: string; readonly at: string }[]>;
  close(): Promise<void>;
}

/** The key store can't be used (a file that can't be opened, a disk full …): a 503 like the event store's. */
export class KeyStoreUnavailable extends StoreUnavailable {}
