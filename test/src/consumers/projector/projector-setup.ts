// The projector under test on a given event store: a read-model database (the store's own
// file for SQLite, a separate file beside the memory store), projectors on it, and cleanup.
import type Database from 'better-sqlite3';
import { createMemoryEventStore } from '../../../../adapters/memory/event-store.js';
import { createSqliteEventStore } from '../../../../adapters/sqlite/event-store.js';
import { createSqliteProjectionStorage } from '../../../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../../../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../../../../adapters/sqlite/read-model-store.js';
import type { Projection } from '../../../../projections/projection.js';
import type { EventStore, ReadModelStore } from '../../../../src/ports.js';
import {
  createProjector,
  type Projector,
  type ProjectorOptions,
} from '../../../../src/consumers/projector/projector.js';
import { tempDir, type TempDir } from './fixtures.js';

/** Positions start above 2^53, so a stray Number() on a position shows. */
export const FIRST_POSITION_AFTER = 2n ** 53n + 1001n;

export interface StoreKind {
  readonly name: string;
  /** The event store and the path of the read-model database that goes with it. */
  open(dir: TempDir): { store: EventStore; readPath: string };
}

export const STORE_KINDS: readonly StoreKind[] = [
  {
    name: 'memory event store',
    open: (dir) => ({
      store: createMemoryEventStore({ initialPosition: FIRST_POSITION_AFTER }),
      readPath: dir.path('read.sqlite'),
    }),
  },
  {
    name: 'SQLite event store (read models in the same file)',
    open: (dir) => {
      const path = dir.path('kare.sqlite');
      // NORMAL: the tests append thousands of events one by one; durability is not under test.
      const store = createSqliteEventStore({ path, sync: 'normal', initialPosition: FIRST_POSITION_AFTER });
      return { store, readPath: path };
    },
  },
];

export interface Running {
  readonly projector: Projector;
  readonly reads: ReadModelStore;
  readonly db: Database.Database;
}

export interface ProjectorSetup {
  readonly store: EventStore;
  readonly readPath: string;
  readonly dir: TempDir;
  /**
   * A projector (and a read-model store) on its own connection to the read-model database,
   * or to another file, or reading through a wrapper of the store.
   */
  projector(
    projections: readonly Projection[],
    options?: Omit<ProjectorOptions, 'store' | 'storage' | 'projections'>,
    where?: { readonly readPath?: string; readonly store?: EventStore },
  ): Running;
  close(): Promise<void>;
}

export const setUp = (kind: StoreKind): ProjectorSetup => {
  const dir = tempDir();
  const { store, readPath } = kind.open(dir);
  const running: Running[] = [];
  return {
    store,
    readPath,
    dir,
    projector: (projections, options = {}, where = {}) => {
      const db = openReadModelDatabase(where.readPath ?? readPath);
      const projector = createProjector({
        store: where.store ?? store,
        storage: createSqliteProjectionStorage(db),
        projections,
        restartBackoff: { initialMs: 5, maxMs: 20 },
        ...options,
      });
      const run = { projector, reads: createSqliteReadModelStore(db), db };
      running.push(run);
      return run;
    },
    close: async () => {
      for (const run of running) {
        await run.projector.stop();
        run.db.close();
      }
      await store.close();
      dir.remove();
    },
  };
};
