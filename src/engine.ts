// The composition root: the configured event store (embedded SQLite, or EventStoreDB), the
// read-model database beside it, and everything built on them. The server, the CLI and the
// demo all open the engine here, so they run the same pipeline.
import { systemClock } from './system-clock.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import type Database from 'better-sqlite3';
import { POLICY_V1, type Policy } from '../domain/kernel/index.js';
import { PROJECTIONS } from '../projections/index.js';
import { projection as streamIndexProjection } from '../projections/stream-index/index.js';
import { createEventStoreDbStore } from '../adapters/eventstoredb/event-store.js';
import { createSqliteCheckpointStore } from '../adapters/sqlite/checkpoint-store.js';
import type { SqliteSync } from '../adapters/sqlite/connection.js';
import { createSqliteEventStore } from '../adapters/sqlite/event-store.js';
import { createSqliteProjectionStorage } from '../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../adapters/sqlite/read-model-store.js';
import { createSqliteSnapshotStore } from '../adapters/sqlite/snapshot-store.js';
import { createAuditTrail, type AuditTrail } from './audit/index.js';
import { createCommandHandler, type CommandHandler } from './commands/command-handler.js';
import type { Clock, EventStore, Ids, ReadModelStore, SnapshotStore, StreamIndex } from './ports.js';
import { createProcessManagers, type ProcessManagers } from './consumers/process-managers.js';
import { createProjector, type Projector } from './consumers/projector/projector.js';
import { streamIndexOn } from './stream-index.js';

export interface EngineOptions {
  readonly dataDir: string;
  readonly eventStoreUrl?: string;
  readonly readDbPath?: string;
  readonly sqliteSync?: SqliteSync;
  /** The store's clock (recordedAt); the demo runs a simulated one. */
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly policy?: Policy;
}

export interface Engine {
  readonly store: EventStore;
  /** Where the events live: `sqlite:<file>` or the EventStoreDB connection string without credentials. */
  readonly storeDescription: string;
  readonly readDb: Database.Database;
  readonly readDbPath: string;
  readonly readModels: ReadModelStore;
  readonly snapshots: SnapshotStore;
  readonly handler: CommandHandler;
  readonly projector: Projector;
  readonly processes: ProcessManagers;
  readonly audit: AuditTrail;
  readonly streamIndex: StreamIndex;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly policy: Policy;
  /** Stops the projector and the process managers, then closes the stores. */
  close(): Promise<void>;
}

/** The embedded store's file in the data directory. */
export const embeddedStorePath = (dataDir: string): string => join(dataDir, 'kare.sqlite');

const withoutCredentials = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

export const openEngine = (options: EngineOptions): Engine => {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? { uuid };
  const policy = options.policy ?? POLICY_V1;
  mkdirSync(options.dataDir, { recursive: true });

  const embedded = options.eventStoreUrl === undefined;
  const storePath = embeddedStorePath(options.dataDir);
  const store = embedded
    ? createSqliteEventStore({ path: storePath, sync: options.sqliteSync ?? 'full', clock })
    : createEventStoreDbStore({ connectionString: options.eventStoreUrl!, clock });
  // With the embedded store the read models live in its file; beside EventStoreDB, in their own.
  const readDbPath =
    options.readDbPath ?? (embedded ? storePath : join(options.dataDir, 'read-models.sqlite'));
  let readDb: Database.Database;
  try {
    readDb = openReadModelDatabase(readDbPath);
  } catch (error) {
    void store.close();
    throw error;
  }
  const readModels = createSqliteReadModelStore(readDb);
  const snapshots = createSqliteSnapshotStore(readDb);
  const handler = createCommandHandler({ store, snapshots, ids, policy });
  const projector = createProjector({
    store,
    storage: createSqliteProjectionStorage(readDb),
    projections: PROJECTIONS,
  });
  const streamIndex = streamIndexOn(readModels);
  const processes = createProcessManagers({
    store,
    snapshots,
    handler,
    index: streamIndex,
    checkpoints: createSqliteCheckpointStore(readDb),
    waitForIndex: (position) => projector.waitFor(position, 5000, streamIndexProjection.name),
  });
  const audit = createAuditTrail({ store, snapshots, streams: streamIndex });

  let closed = false;
  return {
    store,
    storeDescription: embedded ? `sqlite:${storePath}` : withoutCredentials(options.eventStoreUrl!),
    readDb,
    readDbPath,
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
    close: async () => {
      if (closed) return;
      closed = true;
      await processes.stop();
      await projector.stop();
      await store.close();
      readDb.close();
    },
  };
};
