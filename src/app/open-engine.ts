// Wiring the engine from configuration: the configured event store (embedded SQLite, or
// EventStoreDB), the read-model database beside it, and everything built on them. The server,
// the CLI and the demo all open the engine here, so they run the same pipeline.
import { systemClock } from '../system-clock.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import type Database from 'better-sqlite3';
import { POLICY_V2, type Policy } from '../../domain/kernel/index.js';
import { PROJECTIONS } from '../../projections/index.js';
import { projection as streamIndexProjection } from '../../projections/stream-index/index.js';
import { createEventStoreDbStore } from '../../adapters/eventstoredb/event-store.js';
import { createSqliteCheckpointStore } from '../../adapters/sqlite/checkpoint-store.js';
import type { SqliteSync } from '../../adapters/sqlite/connection.js';
import { createSqliteEventStore } from '../../adapters/sqlite/event-store.js';
import { createSqliteProjectionStorage } from '../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../../adapters/sqlite/read-model-store.js';
import { createSqliteSnapshotStore } from '../../adapters/sqlite/snapshot-store.js';
import { createSqliteWebhookStore } from '../../adapters/sqlite/webhook-store.js';
import { createPostgresCheckpointStore } from '../../adapters/postgres/checkpoint-store.js';
import { createPostgresProjectionStorage } from '../../adapters/postgres/projection-storage.js';
import {
  openPostgresReadModelDatabase,
  type PostgresReadModelDatabase,
} from '../../adapters/postgres/read-model-database.js';
import { createPostgresReadModelStore } from '../../adapters/postgres/read-model-store.js';
import { createPostgresSnapshotStore } from '../../adapters/postgres/snapshot-store.js';
import { createPostgresWebhookStore } from '../../adapters/postgres/webhook-store.js';
import { createPostgresKeyStore } from '../../adapters/postgres/key-store.js';
import { createAnchors, createAuditTrail, createChainGuard, type Anchors } from '../audit/index.js';
import { createCommandHandler } from '../commands/command-handler.js';
import type { Engine } from '../engine.js';
import {
  StoreMisconfigured,
  type CheckpointStore,
  type Clock,
  type EventStore,
  type Ids,
  type ProjectionStorage,
  type ReadModelStore,
  type SnapshotStore,
  type WebhookStore,
} from '../ports.js';
import { createProcessManagers } from '../consumers/process-managers.js';
import { createCurrentRows, type CurrentRows } from '../consumers/projector/current-rows.js';
import { everyPartition } from '../consumers/projector/projection-consumer.js';
import { createProjector } from '../consumers/projector/projector.js';
import { sharedPages } from '../consumers/shared-pages.js';
import { TurnGate } from '../consumers/turn-gate.js';
import { streamIndexOn } from '../stream-index.js';
import type { Config } from './config.js';
import { openWebhooks, type WebhookConfig } from './webhooks.js';
import { createSqliteKeyStore } from '../../adapters/sqlite/key-store.js';
import { createPersonalData } from '../personal-data/personal-data.js';
import { createSealingStore } from '../personal-data/sealing-store.js';
import { fingerprintsKeyedBy } from '../personal-data/fingerprints.js';
import type { DataKey, KeyStore } from '../ports.js';

export interface EngineOptions {
  readonly dataDir: string;
  readonly eventStoreUrl?: string;
  readonly readDbPath?: string;
  /** The read models in PostgreSQL (a postgres:// connection string) instead of a SQLite file. */
  readonly readDbUrl?: string;
  readonly sqliteSync?: SqliteSync;
  /** The store's clock (recordedAt); the demo runs a simulated one. */
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly policy?: Policy;
  /** How far a command's `at` may be after the clock (default DEFAULT_MAX_FUTURE_SKEW_MS). */
  readonly maxFutureSkewMs?: number;
  /**
   * The embedded store, opened by the caller on `embeddedStorePath(dataDir)` (tests open it with
   * faults injected); closed with the engine. Default: opened here.
   */
  readonly embeddedStore?: EventStore;
  /** Webhook deliveries: private targets allowed, the timeout, the retry window (defaults: none, 10 s, 24 h). */
  readonly webhooks?: Partial<WebhookConfig>;
  /** Events per projector batch while catching up (default RUNNER_DEFAULTS.batchSize). */
  readonly projectorBatchSize?: number;
  /** The memory the projector's held batches take at most (ProjectorOptions.heldBatchBytes). */
  readonly projectorHeldBytes?: number;
  /**
   * The partitions each projection split by account is kept in (default 1): this engine's
   * projector applies every one of them (the workers of `kare project` share them instead).
   */
  readonly projectionPartitions?: number;
  /**
   * A serving process's turn budget, shared by all the projections catching up: together they
   * take about this long between two turns of the event loop (default: none, whole pages).
   */
  readonly projectorTurnBudgetMs?: number;
  /** Told of webhook failures (a delivery, the registry): the server logs them. */
  readonly onWebhookError?: (error: unknown, webhookId?: string) => void;
  /**
   * The personal-data keys; default: in the PostgreSQL read-model database with `readDbUrl`,
   * else `keysPath(dataDir)` (tests pass one with faults). Closed with the engine.
   */
  readonly keyStore?: KeyStore;
  /** How the key store makes a subject's new data key (default: random; the demo derives them from its seed). */
  readonly newDataKey?: (subject: string) => DataKey;
}

/** The personal-data keys' file: beside the events, never in their file, so erasing a key leaves them untouched. */
export const keysPath = (dataDir: string): string => join(dataDir, 'keys.sqlite');

/** The embedded store's file in the data directory. */
export const embeddedStorePath = (dataDir: string): string => join(dataDir, 'kare.sqlite');

const withoutCredentials = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

/** The engine with the read-model database it was wired on (the CLI and tests reach into it). */
export interface OpenedEngine extends Engine {
  /**
   * The events as projections read them: `store`, with the pages of the log shared by the
   * projections catching up together (a worker's projectors share it too).
   */
  readonly projectionStore: EventStore;
  /**
   * The SQLite read-model database. With the read models in PostgreSQL there is none: reading
   * it throws (see `readDbKind`).
   */
  readonly readDb: Database.Database;
  /** The SQLite file, or the PostgreSQL connection string without its password. */
  readonly readDbPath: string;
  readonly readDbKind: 'sqlite' | 'postgres';
  /** Resolves once the read-model database answers (PostgreSQL: its tables are ready). */
  readModelsReady(): Promise<void>;
  /** Hash-chained checkpoints of every stream's head: `kare anchor`, and a job of the server. */
  readonly anchors: Anchors;
  /** Keeps the read models' time-dependent columns current as of today: a job of the server. */
  readonly currentRows: CurrentRows;
}

/** The pages of the log the projections catching up share, at most (about 4 of 10,000 events). */
const SHARED_PAGES_BYTES = 64 * 1024 * 1024;

export const openEngine = (options: EngineOptions): OpenedEngine => {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? { uuid };
  const policy = options.policy ?? POLICY_V2;
  mkdirSync(options.dataDir, { recursive: true });

  const embedded = options.eventStoreUrl === undefined;
  const storePath = embeddedStorePath(options.dataDir);
  const sealedStore = embedded
    ? (options.embeddedStore ??
      createSqliteEventStore({ path: storePath, sync: options.sqliteSync ?? 'full', clock }))
    : createEventStoreDbStore({ connectionString: options.eventStoreUrl!, clock });
  let postgres: PostgresReadModelDatabase | undefined;
  let keys: KeyStore;
  try {
    postgres =
      options.readDbUrl === undefined
        ? undefined
        : openPostgresReadModelDatabase({ connectionString: options.readDbUrl });
    const newKey = options.newDataKey === undefined ? {} : { newKey: options.newDataKey };
    // Beside PostgreSQL read models the keys are in that database too: servers and workers on
    // several hosts then open each other's contacts, and an erasure on one is one for all.
    keys =
      options.keyStore ??
      (postgres !== undefined
        ? createPostgresKeyStore(postgres, newKey)
        : createSqliteKeyStore(keysPath(options.dataDir), newKey));
  } catch (error) {
    void sealedStore.close();
    void postgres?.close();
    throw error;
  }
  // Every path to the events goes through here: personal data sealed on append, opened on read.
  const store = createSealingStore(sealedStore, keys);
  const personalData = createPersonalData({ keys, sealedStore, clock });
  let side: ReadSide;
  try {
    side =
      postgres !== undefined
        ? postgresReadSide(postgres)
        : // With the embedded store the read models live in its file; beside EventStoreDB, in their own.
          sqliteReadSide(
            options.readDbPath ?? (embedded ? storePath : join(options.dataDir, 'read-models.sqlite')),
          );
  } catch (error) {
    void store.close();
    void keys.close();
    throw error;
  }
  const { readModels, snapshots } = side;
  // Anchors and the chain guard look at hashes only, over what is stored: they need no key.
  const anchors = createAnchors({ store: sealedStore });
  const guard = createChainGuard({ store: sealedStore, anchors });
  const streamIndex = streamIndexOn(readModels);
  const handler = createCommandHandler({
    store,
    snapshots,
    ids,
    policy,
    chains: guard,
    clock,
    groups: streamIndex,
    // Keyed requests' fingerprints of personal data under the subject's key: erasure reaches them.
    fingerprints: fingerprintsKeyedBy(keys),
    ...(options.maxFutureSkewMs === undefined ? {} : { maxFutureSkewMs: options.maxFutureSkewMs }),
  });
  const storage = side.storage;
  // The projections catching up together read each page of the log once (see shared-pages.ts);
  // the pages are kept sealed, so an erasure reaches a page already read.
  const projectionStore = createSealingStore(sharedPages(sealedStore, SHARED_PAGES_BYTES), keys);
  const projector = createProjector({
    store: projectionStore,
    storage,
    projections: PROJECTIONS,
    ...(options.projectorBatchSize === undefined ? {} : { batchSize: options.projectorBatchSize }),
    ...(options.projectorHeldBytes === undefined ? {} : { heldBatchBytes: options.projectorHeldBytes }),
    ...(options.projectionPartitions === undefined
      ? {}
      : { partitions: everyPartition(options.projectionPartitions) }),
    // One gate for every build of every projection: five rebuilding at start, each with its own
    // budget, kept a request waiting five slices.
    ...(options.projectorTurnBudgetMs === undefined
      ? {}
      : { turnGate: new TurnGate(options.projectorTurnBudgetMs) }),
  });
  const currentRows = createCurrentRows({ storage, projections: PROJECTIONS, clock, policy });
  const processes = createProcessManagers({
    store,
    snapshots,
    handler,
    policy,
    index: streamIndex,
    checkpoints: side.checkpoints,
    waitForIndex: (position) => projector.waitFor(position, 5000, streamIndexProjection.name),
  });
  const audit = createAuditTrail({ store, snapshots, streams: streamIndex, anchors, guard });
  // Webhooks live in the read-model database, SQLite or PostgreSQL: servers sharing one share them.
  const webhooks = openWebhooks({
    store,
    webhooks: side.webhooks,
    checkpoints: side.checkpoints,
    dataDir: options.dataDir,
    clock,
    ids,
    config: options.webhooks,
    onError: options.onWebhookError,
  });

  let closed = false;
  return {
    store,
    projectionStore,
    storeDescription: embedded ? `sqlite:${storePath}` : withoutCredentials(options.eventStoreUrl!),
    readDb: side.db ?? noSqliteFile(side.description),
    readDbPath: side.description,
    readDbKind: side.db === undefined ? 'postgres' : 'sqlite',
    readModelsReady: side.ready,
    anchors,
    currentRows,
    readModels,
    snapshots,
    handler,
    projector,
    processes,
    audit,
    streamIndex,
    clock,
    ids,
    policy,
    webhooks,
    personalData,
    close: async () => {
      if (closed) return;
      closed = true;
      await webhooks.stop();
      await anchors.stop();
      await currentRows.stop();
      await processes.stop();
      await projector.stop();
      await store.close();
      await keys.close();
      await side.close();
    },
  };
};

/**
 * Stands for the SQLite read-model file when the read models are in PostgreSQL: any use of it
 * says so (passing it along, or spreading the engine, is harmless).
 */
const noSqliteFile = (where: string): Database.Database =>
  new Proxy({} as Database.Database, {
    // Symbols and `then` are asked by inspectors and promises, not by a user of the file.
    get: (_, property) => {
      if (typeof property === 'symbol' || property === 'then') return undefined;
      throw new Error(`The read models are in PostgreSQL (${where}): there is no SQLite read-model file`);
    },
  });

/** The read-model database and the adapters on it: SQLite (a file) or PostgreSQL (a pool). */
interface ReadSide {
  readonly db?: Database.Database;
  readonly description: string;
  readonly readModels: ReadModelStore;
  readonly snapshots: SnapshotStore;
  readonly storage: ProjectionStorage;
  readonly checkpoints: CheckpointStore;
  readonly webhooks: WebhookStore;
  ready(): Promise<void>;
  close(): Promise<void>;
}

const sqliteReadSide = (path: string): ReadSide => {
  const db = openReadModelDatabase(path);
  return {
    db,
    description: path,
    readModels: createSqliteReadModelStore(db),
    snapshots: createSqliteSnapshotStore(db),
    storage: createSqliteProjectionStorage(db),
    checkpoints: createSqliteCheckpointStore(db),
    webhooks: createSqliteWebhookStore(db),
    ready: async () => undefined,
    close: async () => {
      db.close();
    },
  };
};

const postgresReadSide = (db: PostgresReadModelDatabase): ReadSide => ({
  description: db.description,
  readModels: createPostgresReadModelStore(db),
  snapshots: createPostgresSnapshotStore(db),
  storage: createPostgresProjectionStorage(db),
  checkpoints: createPostgresCheckpointStore(db),
  webhooks: createPostgresWebhookStore(db),
  ready: () => db.ready(),
  close: () => db.close(),
});

/** Why the engine could not be opened, or its store did not answer: one line for a person. */
export class EngineUnavailable extends Error {
  override readonly name = 'EngineUnavailable';
  constructor(
    message: string,
    /** 'open': the files or the connection string; 'unreachable': the store did not answer. */
    readonly stage: 'open' | 'unreachable',
  ) {
    super(message);
  }
}

/** How long to wait for the event store to answer at start (an unreachable EventStoreDB hangs). */
export const STORE_CHECK_MS = 10_000;

const answerWithin = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/** What a caller may change of the configured engine (the demo's clock and durability). */
export interface EngineRequest {
  readonly sqliteSync?: SqliteSync;
  readonly clock?: Clock;
  /** How long the store may take to answer its first call (default STORE_CHECK_MS). */
  readonly storeTimeoutMs?: number;
  readonly projectorBatchSize?: number;
  readonly projectorHeldBytes?: number;
  readonly projectorTurnBudgetMs?: number;
  readonly onWebhookError?: (error: unknown, webhookId?: string) => void;
  /** How new personal-data keys are made (the demo derives them from its seed). */
  readonly newDataKey?: (subject: string) => DataKey;
}

/**
 * The engine of a configuration, once its store has answered: the server and every CLI
 * command open it here. Fails with EngineUnavailable, having closed what it opened.
 */
export const openConfiguredEngine = async (
  config: Config,
  request: EngineRequest = {},
): Promise<OpenedEngine> => {
  let engine: OpenedEngine;
  try {
    engine = openEngine({
      dataDir: config.dataDir,
      sqliteSync: request.sqliteSync ?? config.sqliteSync,
      maxFutureSkewMs: config.maxFutureSkewMs,
      projectionPartitions: config.projectionPartitions,
      ...(config.eventStoreUrl === undefined ? {} : { eventStoreUrl: config.eventStoreUrl }),
      ...(config.readDbPath === undefined ? {} : { readDbPath: config.readDbPath }),
      ...(config.readDbUrl === undefined ? {} : { readDbUrl: config.readDbUrl }),
      ...(request.clock === undefined ? {} : { clock: request.clock }),
      ...(request.projectorBatchSize === undefined ? {} : { projectorBatchSize: request.projectorBatchSize }),
      ...(request.projectorHeldBytes === undefined ? {} : { projectorHeldBytes: request.projectorHeldBytes }),
      ...(request.projectorTurnBudgetMs === undefined
        ? {}
        : { projectorTurnBudgetMs: request.projectorTurnBudgetMs }),
      ...(request.onWebhookError === undefined ? {} : { onWebhookError: request.onWebhookError }),
      ...(request.newDataKey === undefined ? {} : { newDataKey: request.newDataKey }),
      webhooks: config.webhooks,
    });
  } catch (error) {
    throw new EngineUnavailable((error as Error).message, 'open');
  }
  try {
    await answerWithin(engine.store.headPosition(), request.storeTimeoutMs ?? STORE_CHECK_MS);
  } catch (error) {
    await engine.close().catch(() => undefined);
    // Reachable but set up so KARE can't run (a missing permission): say so, not "unreachable".
    const what = error instanceof StoreMisconfigured ? 'cannot be used' : 'is unreachable';
    throw new EngineUnavailable(
      `the event store ${engine.storeDescription} ${what}: ${(error as Error).message}`,
      'unreachable',
    );
  }
  try {
    await answerWithin(engine.readModelsReady(), request.storeTimeoutMs ?? STORE_CHECK_MS);
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw new EngineUnavailable(
      `the read-model database ${engine.readDbPath} is unreachable: ${(error as Error).message}`,
      'unreachable',
    );
  }
  return engine;
};
