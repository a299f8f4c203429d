// The embedded event store: one SQLite file (better-sqlite3), WAL, durable commits.
// Appends that arrive while a commit is pending are grouped into one transaction (group
// commit), each with its own expected-revision check (a savepoint) and its own result.
// The heads of streams this connection wrote are kept in memory while no other connection
// commits to the file (SQLite's data_version tells), so an append to one of them inserts
// without reading its head first.
import { systemClock } from '../../src/system-clock.js';
import Database from 'better-sqlite3';
import { checkExpectedRevision, findIdempotentAppend, type StoredLocation } from '../../src/append-rules.js';
import { canonicalJson, GENESIS_HASH, streamHasher, verifyChain } from '../../src/hash-chain.js';
import { ChangeSignal, followLog } from '../../src/log-subscription.js';
import {
  DuplicateEventId,
  StoreUnavailable,
  StreamNotFound,
  UnknownPosition,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type CommandClaim,
  type EventMetadata,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type StoreHealth,
  type Subscription,
  type Upcaster,
  type VerifyResult,
} from '../../src/ports.js';
import { upcast, upcasterRegistry } from '../../src/upcasting.js';
import { migrate } from './migrations.js';
import { openDatabase, type OpenOptions, type SqliteSync } from './connection.js';
import { FaultState, storeFaultOf } from './store-fault.js';

export interface SqliteEventStoreOptions {
  /** The database file. */
  readonly path: string;
  /** FULL (default): an acknowledged append survives a power cut. NORMAL: faster, may lose the last commits. */
  readonly sync?: SqliteSync;
  readonly upcasters?: readonly Upcaster[];
  readonly clock?: Clock;
  /** How often a live subscription looks for commits made by other processes (ms). */
  readonly pollIntervalMs?: number;
  /** Test knob: the position before the first event of a new file. Tests start above 2^53. */
  readonly initialPosition?: bigint;
  /** Test knob: how a connection is opened (fault injection makes it read-only, or full). */
  readonly openConnection?: (path: string, sync: SqliteSync, opts: OpenOptions) => Database.Database;
}

interface Row {
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  hash: string;
}

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: AppendOptions['expectedRevision'];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

const PAGE = 1000;
/** Stream heads kept in memory (the least recently appended go first). */
const HEADS_KEPT = 10_000;

type Head = { readonly revision: bigint; readonly hash: string };

const toStored = (row: Row): StoredEvent => ({
  eventId: row.event_id,
  type: row.type,
  streamId: row.stream_id,
  revision: row.revision,
  globalPosition: row.position,
  recordedAt: row.recorded_at,
  data: JSON.parse(row.data) as JsonObject,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  hash: row.hash,
});

const startPositionsAt = (db: Database.Database, position: bigint): void => {
  const used = db.prepare("SELECT 1 FROM sqlite_sequence WHERE name = 'events'").get();
  if (used === undefined)
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)").run(position);
};

export const createSqliteEventStore = (options: SqliteEventStoreOptions): EventStore => {
  const open = (opts: OpenOptions = {}): Database.Database => {
    const opened = (options.openConnection ?? openDatabase)(options.path, options.sync ?? 'full', opts);
    // A multi-event append in a group is a savepoint, whose undo journal would otherwise spill
    // to a temporary file (a file created, written and deleted per append). This store sorts nothing big.
    try {
      opened.pragma('temp_store = MEMORY');
    } catch (cause) {
      opened.close();
      throw new StoreUnavailable(`Cannot configure the event store in ${options.path}: ${String(cause)}`, {
        cause,
      });
    }
    return opened;
  };
  let db = open();
  try {
    migrate(db);
    if (options.initialPosition !== undefined) startPositionsAt(db, options.initialPosition);
  } catch (cause) {
    db.close();
    throw new StoreUnavailable(`Cannot prepare the event store in ${options.path}: ${String(cause)}`, {
      cause,
    });
  }
  const registry = upcasterRegistry(options.upcasters);
  const clock = options.clock ?? systemClock;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const changed = new ChangeSignal();

  const prepare = (db: Database.Database) => ({
    head: db.prepare<[string], { revision: bigint; hash: string }>(
      'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    ),
    locate: db.prepare<[string], { stream_id: string; revision: bigint; position: bigint }>(
      'SELECT stream_id, revision, position FROM events WHERE event_id = ?',
    ),
    insert: db.prepare(
      `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    forwards: db.prepare<[string, bigint, bigint], Row>(
      'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
    ),
    backwards: db.prepare<[string, bigint, bigint], Row>(
      'SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
    ),
    exists: db.prepare<[string], { one: bigint }>('SELECT 1 AS one FROM events WHERE stream_id = ? LIMIT 1'),
    after: db.prepare<[bigint, bigint], Row>(
      'SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?',
    ),
    headPosition: db.prepare<[], { position: bigint | null }>('SELECT MAX(position) AS position FROM events'),
    count: db.prepare<[bigint, bigint, bigint], { events: bigint }>(
      'SELECT COUNT(*) AS events FROM (SELECT 1 FROM events WHERE position > ? AND position <= ? LIMIT ?)',
    ),
    identity: db.prepare<[], { store_id: string }>('SELECT store_id FROM store_identity'),
    // Changes when another connection has committed to the file since this one last looked.
    dataVersion: db.prepare<[], bigint>('PRAGMA data_version').pluck(),
    claim: db.prepare(
      'INSERT OR IGNORE INTO command_ids (command_id, stream_id, fingerprint) VALUES (?, ?, ?)',
    ),
    owner: db.prepare<[string], { stream_id: string; fingerprint: string | null }>(
      'SELECT stream_id, fingerprint FROM command_ids WHERE command_id = ?',
    ),
  });
  let statements = prepare(db);

  const locate = (eventId: string): StoredLocation | undefined => {
    const row = statements.locate.get(eventId);
    return row && { streamId: row.stream_id, revision: row.revision, globalPosition: row.position };
  };

  type Outcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

  /**
   * The heads of streams as this connection last wrote or read them inside a write transaction.
   * Valid while data_version stays what it was (only another connection's commit changes it:
   * an append, a deletion, any tampering); checked at the start of every write transaction, where
   * the write lock keeps it so until the commit. Emptied when a group's transaction fails.
   */
  const heads = new Map<string, Head>();
  let seenDataVersion: bigint | undefined;

  const forgetHeads = (): void => {
    heads.clear();
    seenDataVersion = undefined;
  };

  /** Called in the write transaction, before any head is used. */
  const checkHeads = (): void => {
    const version = statements.dataVersion.get();
    if (version !== seenDataVersion) heads.clear();
    seenDataVersion = version;
  };

  const rememberHead = (streamId: string, head: Head): void => {
    heads.delete(streamId);
    if (heads.size >= HEADS_KEPT) heads.delete(heads.keys().next().value!);
    heads.set(streamId, head);
  };

  const headOf = (streamId: string): Head | undefined => {
    const known = heads.get(streamId);
    if (known !== undefined) return known;
    const read = statements.head.get(streamId);
    if (read !== undefined) rememberHead(streamId, read);
    return read;
  };

  /** The expected-revision check, answering an idempotent retry with its original result. */
  const checkRevision = (request: PendingAppend): { head: Head | undefined; retry?: AppendResult } => {
    const { streamId, events, expected } = request;
    const head = headOf(streamId);
    try {
      checkExpectedRevision(streamId, head?.revision, expected);
    } catch (error) {
      const retry = findIdempotentAppend(streamId, events, expected, locate);
      if (retry !== undefined) return { head, retry };
      throw error;
    }
    return { head };
  };

  const insertAll = (request: PendingAppend, head: Head | undefined, recordedAt: string): AppendResult => {
    const { streamId, events } = request;
    if (events.length === 0) return { nextRevision: head?.revision ?? -1n, position: 0n };
    let previousHash = head?.hash ?? GENESIS_HASH;
    let revision = head === undefined ? 0n : head.revision + 1n;
    let position = 0n;
    const hashOf = streamHasher(streamId);
    for (const event of events) {
      const at = event.recordedAt ?? recordedAt;
      // Stored in canonical form, so the hash reuses the one serialisation.
      const data = canonicalJson(event.data);
      const metadata = canonicalJson(event.metadata);
      const hash = hashOf(
        previousHash,
        { eventId: event.eventId, type: event.type, revision, recordedAt: at },
        data,
        metadata,
      );
      position = BigInt(
        statements.insert.run(event.eventId, streamId, revision, event.type, data, metadata, at, hash)
          .lastInsertRowid,
      );
      previousHash = hash;
      revision += 1n;
    }
    // Only once every insert went in: a failed one leaves the stream where it was.
    rememberHead(streamId, { revision: revision - 1n, hash: previousHash });
    return { nextRevision: revision - 1n, position };
  };

  // A nested better-sqlite3 transaction is a savepoint: a multi-event append that fails halfway
  // leaves nothing. A single insert that fails leaves nothing anyway, so it needs none; nor does
  // an append alone in its group (the group's transaction is rolled back instead).
  let insertAtomically = db.transaction(insertAll);

  /** The unique event id refused an insert: an idempotent retry, or a duplicate id. */
  const explainConflict = (request: PendingAppend): Outcome => {
    const retry = findIdempotentAppend(request.streamId, request.events, request.expected, locate);
    if (retry !== undefined) return { ok: true, value: retry };
    const seen = new Set<string>();
    for (const event of request.events) {
      const stored =
        locate(event.eventId) ??
        (seen.has(event.eventId) ? { streamId: request.streamId, revision: -1n } : undefined);
      if (stored !== undefined)
        return { ok: false, error: new DuplicateEventId(event.eventId, request.streamId, stored) };
      seen.add(event.eventId);
    }
    return { ok: false, error: new StoreUnavailable(`Append to ${request.streamId} violated a constraint`) };
  };

  /**
   * A multi-event append alone in its group failed halfway without a savepoint: the group's
   * transaction is rolled back to undo it, and the conflict explained after.
   */
  class UndoLoneAppend extends Error {
    constructor(readonly request: PendingAppend) {
      super(`Append to ${request.streamId} undone`);
    }
  }

  /** `alone`: the only append of its group, whose transaction can undo it (no savepoint needed). */
  const appendOne = (request: PendingAppend, recordedAt: string, alone: boolean): Outcome => {
    let checked: ReturnType<typeof checkRevision>;
    try {
      checked = checkRevision(request);
    } catch (error) {
      return { ok: false, error };
    }
    if (checked.retry !== undefined) return { ok: true, value: checked.retry };
    const several = request.events.length > 1;
    try {
      // A savepoint keeps an undo journal of every page the append touches: ~10 % of a batch append.
      const insert = several && !alone ? insertAtomically : insertAll;
      return { ok: true, value: insert(request, checked.head, recordedAt) };
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        if (several && alone) throw new UndoLoneAppend(request);
        return explainConflict(request);
      }
      throw error;
    }
  };

  /** After its group was rolled back: the stored events it collided with are there for good. */
  const explainUndone = (request: PendingAppend): Outcome => {
    try {
      return reading(() => explainConflict(request));
    } catch (error) {
      return { ok: false, error };
    }
  };

  // One transaction for the whole group: each request gets its own outcome; an unexpected
  // error aborts the transaction and fails the whole group.
  const groupOf = (db: Database.Database) =>
    db.transaction((batch: readonly PendingAppend[], recordedAt: string): Outcome[] => {
      checkHeads();
      return batch.map((request) => appendOne(request, recordedAt, batch.length === 1));
    });
  let writeGroup = groupOf(db);

  // A fault of the file (read-only, disk full …): writes fail fast until a retry is due, then the
  // connection is opened afresh and tried; the first write that succeeds ends the fault.
  const faults = new FaultState();
  const unavailable = (fault: string, cause?: unknown): StoreUnavailable =>
    new StoreUnavailable(`The event store in ${options.path} cannot be written: ${fault}`, { cause, fault });

  /** A new connection in place of the faulty one; the old one stays when the new can't be opened. */
  const reopen = (): void => {
    let fresh: Database.Database | undefined;
    try {
      fresh = open({ mustExist: true });
      statements = prepare(fresh);
    } catch (cause) {
      fresh?.close();
      const fault = storeFaultOf(cause) ?? storeFaultOf((cause as Error).cause) ?? 'cannot open';
      faults.failed(fault);
      throw unavailable(fault, cause);
    }
    const old = db;
    db = fresh;
    forgetHeads();
    insertAtomically = db.transaction(insertAll);
    writeGroup = groupOf(db);
    try {
      old.close();
    } catch {
      // A connection that failed may fail to close too; it is dropped either way.
    }
  };

  /** Runs a read; a fault of the file is a StoreUnavailable naming it, and is remembered. */
  const reading = <T>(work: () => T): T => {
    if (faults.due()) {
      try {
        reopen();
      } catch {
        // Reads go on with the old connection: they may still work.
      }
    }
    try {
      return work();
    } catch (error) {
      const fault = storeFaultOf(error);
      if (fault === undefined) throw error;
      faults.failed(fault);
      throw unavailable(fault, error);
    }
  };

  /** Runs a write: fails fast while a fault lasts, reopens when a retry is due, ends the fault when it works. */
  const writing = <T>(work: () => T): T => {
    const fault = faults.fault;
    if (fault !== undefined) {
      if (!faults.due()) throw unavailable(fault);
      reopen();
    }
    try {
      const result = work();
      faults.recovered();
      return result;
    } catch (error) {
      const found = storeFaultOf(error);
      if (found === undefined) throw error;
      faults.failed(found);
      throw unavailable(found, error);
    }
  };

  let queue: PendingAppend[] = [];
  let flushScheduled = false;
  let closed = false;

  const flush = (): void => {
    flushScheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = writing(() => writeGroup.immediate(batch, clock.now()));
    } catch (cause) {
      // The commit itself failed (disk full, lock timeout …): nothing of the group is stored,
      // so the heads it remembered are not the file's.
      forgetHeads();
      if (cause instanceof UndoLoneAppend) {
        settle(batch, [explainUndone(cause.request)]);
        return;
      }
      const error =
        cause instanceof StoreUnavailable
          ? cause
          : new StoreUnavailable(`Append failed: ${String(cause)}`, { cause });
      for (const request of batch) request.reject(error);
      return;
    }
    settle(batch, outcomes);
    changed.notify();
  };

  const settle = (batch: readonly PendingAppend[], outcomes: readonly Outcome[]): void =>
    batch.forEach((request, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) request.resolve(outcome.value);
      else request.reject(outcome.error);
    });

  const append = (streamId: string, events: readonly NewEvent[], { expectedRevision }: AppendOptions) =>
    new Promise<AppendResult>((resolve, reject) => {
      if (closed) {
        reject(new StoreUnavailable('The event store is closed'));
        return;
      }
      queue.push({ streamId, events, expected: expectedRevision, resolve, reject });
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    });

  const readRawStream = (streamId: string, opts: ReadStreamOptions = {}): AsyncIterable<StoredEvent> => ({
    async *[Symbol.asyncIterator]() {
      const backwards = opts.direction === 'backwards';
      let remaining = opts.maxCount === undefined ? undefined : BigInt(opts.maxCount);
      let cursor = opts.from ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) * 1024n : 0n);
      let first = true;
      for (;;) {
        const limit = remaining === undefined || remaining > BigInt(PAGE) ? BigInt(PAGE) : remaining;
        if (limit <= 0n) return;
        const rows = reading(() =>
          (backwards ? statements.backwards : statements.forwards).all(streamId, cursor, limit),
        );
        if (first && rows.length === 0 && reading(() => statements.exists.get(streamId)) === undefined) {
          throw new StreamNotFound(streamId);
        }
        first = false;
        for (const row of rows) yield toStored(row);
        if (rows.length < Number(limit)) return;
        if (remaining !== undefined) remaining -= BigInt(rows.length);
        cursor = backwards ? rows.at(-1)!.revision - 1n : rows.at(-1)!.revision + 1n;
      }
    },
  });

  const readStream = (streamId: string, opts?: ReadStreamOptions): AsyncIterable<StoredEvent> => ({
    async *[Symbol.asyncIterator]() {
      for await (const event of readRawStream(streamId, opts)) yield upcast(registry, event);
    },
  });

  const readAfter = (after: bigint, max: number): StoredEvent[] =>
    reading(() => statements.after.all(after, BigInt(max))).map((row) => upcast(registry, toStored(row)));

  const head = (): bigint => reading(() => statements.headPosition.get()?.position ?? 0n);

  /** A position past the head was never issued here (positions are consecutive up to it). */
  const checkIssued = (position: bigint | undefined): void => {
    if (position === undefined || position <= 0n) return;
    const last = head();
    if (position > last)
      throw new UnknownPosition(position, `it is past the head of ${options.path} (${last.toString()})`);
  };

  const readAll = (opts: ReadAllOptions = {}): AsyncIterable<StoredEvent> => ({
    async *[Symbol.asyncIterator]() {
      checkIssued(opts.fromPosition);
      let remaining = opts.maxCount === undefined ? Infinity : Number(opts.maxCount);
      let cursor = opts.fromPosition ?? 0n;
      while (remaining > 0) {
        const page = readAfter(cursor, Math.min(PAGE, remaining));
        for (const event of page) yield event;
        if (page.length < Math.min(PAGE, remaining)) return;
        remaining -= page.length;
        cursor = page.at(-1)!.globalPosition;
      }
    },
  });

  // Commits by this process wake subscribers at once; commits by another process on the
  // same file are found by the next poll (a cheap indexed query).
  const waitForChange = (signal: AbortSignal, seen: number): Promise<void> =>
    changed.wait(signal, pollIntervalMs, seen);

  const subscriptions = new Set<Subscription>();
  const subscribe = (opts?: SubscribeOptions): Subscription => {
    // The first read checks the position: the subscription ends with UnknownPosition, as on ESDB.
    let checked = false;
    const readChecked = (after: bigint, max: number): StoredEvent[] => {
      if (!checked) checkIssued(opts?.fromPosition);
      checked = true;
      return readAfter(after, max);
    };
    const subscription = followLog(
      { readAfter: readChecked, changeVersion: () => changed.version, waitForChange },
      opts,
    );
    subscriptions.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  };

  const verify = (streamId: string): Promise<VerifyResult> => verifyChain(streamId, readRawStream(streamId));

  /** The first claim of a command id: this one, or the one stored before it. */
  const claim = (commandId: string, first: CommandClaim): CommandClaim => {
    const row = writing(() => {
      statements.claim.run(commandId, first.streamId, first.fingerprint ?? null);
      return statements.owner.get(commandId);
    });
    if (row === undefined) return first;
    return row.fingerprint === null
      ? { streamId: row.stream_id }
      : { streamId: row.stream_id, fingerprint: row.fingerprint };
  };

  /**
   * Whether the file takes writes: a fault found by a write stands until a write works (a full
   * disk shows only when a write needs room); otherwise a write lock is taken and let go at
   * once, without waiting for another process that holds it (it is writable then).
   */
  const health = (): StoreHealth => {
    if (faults.fault === undefined || faults.due()) {
      try {
        if (faults.fault !== undefined) reopen();
        probeWrite();
        if (faults.fault === 'read-only' || faults.fault === 'cannot open') faults.recovered();
      } catch (error) {
        const fault = error instanceof StoreUnavailable ? error.fault : storeFaultOf(error);
        if (fault !== undefined && !(error instanceof StoreUnavailable)) faults.failed(fault);
      }
    }
    const fault = faults.fault;
    return fault === undefined ? { writable: true } : { writable: false, fault, since: faults.since! };
  };

  const probeWrite = (): void => {
    const waitMs = db.pragma('busy_timeout', { simple: true }) as bigint;
    db.pragma('busy_timeout = 0');
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
    } catch (error) {
      if (!(error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY'))) throw error;
    } finally {
      db.pragma(`busy_timeout = ${waitMs.toString()}`);
    }
  };

  return {
    append,
    readStream,
    readAll,
    subscribe,
    verify,
    claimCommandId: async (commandId, streamId) => claim(commandId, { streamId }).streamId,
    claimCommand: async (commandId, first) => claim(commandId, first),
    headPosition: async () => head(),
    storeId: async () => reading(() => statements.identity.get()!.store_id),
    health: async () => health(),
    countEvents: async (after, upTo, cap) => {
      const events = reading(() => statements.count.get(after, upTo, cap + 1n)?.events ?? 0n);
      return events > cap ? { events: cap, capped: true } : { events, capped: false };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      flush();
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      db.close();
    },
  };
};
