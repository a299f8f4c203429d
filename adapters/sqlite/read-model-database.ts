// The read-model database: projection tables, their checkpoints and aggregate snapshots. It
// lives in the embedded store's file (its own connection and migrations table) or, beside
// EventStoreDB, in its own file (KARE_READ_DB): either way, just a path.
import type Database from 'better-sqlite3';
import { StoreUnavailable } from '../../src/ports.js';
import { openDatabase } from './connection.js';
import { migrate, type Migration } from './migrations.js';

export const READ_MODEL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projection checkpoints',
    // One live and at most one building build per projection; `tables` records the build's
    // table layouts (JSON), so its tables can be dropped whatever the code says today.
    sql: `
      CREATE TABLE projection_checkpoints (
        projection TEXT    NOT NULL,
        state      TEXT    NOT NULL CHECK (state IN ('live', 'building')),
        version    INTEGER NOT NULL,
        build      INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        tables     TEXT    NOT NULL,
        updated_at TEXT    NOT NULL,
        PRIMARY KEY (projection, state)
      );
    `,
  },
  {
    version: 2,
    name: 'snapshots',
    sql: `
      CREATE TABLE snapshots (
        stream_id     TEXT    NOT NULL,
        state_version INTEGER NOT NULL,
        revision      INTEGER NOT NULL,
        recorded_at   TEXT    NOT NULL,
        state         TEXT    NOT NULL,
        PRIMARY KEY (stream_id, state_version, revision)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'checkpoint issuers',
    // The event store that issued each checkpoint's position (NULL: recorded before this, or
    // nothing applied yet): a build made from another store is rebuilt, never resumed.
    sql: `ALTER TABLE projection_checkpoints ADD COLUMN store_id TEXT;`,
  },
  {
    version: 4,
    name: 'projection partitions',
    // A live build split into partitions (more than one): each one's checkpoint, so as many
    // workers apply its events side by side over the build's one set of tables. A build with
    // no rows here is one partition, at its checkpoint's position.
    sql: `
      CREATE TABLE projection_partitions (
        projection  TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        build       INTEGER NOT NULL,
        "partition" INTEGER NOT NULL,
        position    INTEGER NOT NULL,
        store_id    TEXT,
        updated_at  TEXT    NOT NULL,
        PRIMARY KEY (projection, version, build, "partition")
      ) WITHOUT ROWID;
    `,
  },
];

/**
 * The planner's statistics brought up to date, as SQLite advises on opening a long-lived
 * connection and now and then after: every table checked (0x10000), ANALYZE where it helps (0x2),
 * bounded by a temporary analysis_limit (0x10: without it, SQLite's own advice of 0x10002 analyzes
 * whole tables, the event log too when it shares the file).
 */
export const refreshStatistics = (db: Database.Database): void => {
  db.pragma('optimize = 0x10012');
};

/**
 * Opens (and migrates) the read-model database at `path`. synchronous=NORMAL: rows and
 * checkpoint commit together, so a commit lost to a power cut is simply projected again.
 */
export const openReadModelDatabase = (path: string): Database.Database => {
  const db = openDatabase(path, 'normal');
  try {
    migrate(db, READ_MODEL_MIGRATIONS, 'read_model_migrations');
    // Statistics for the planner, as SQLite advises on opening a long-lived connection (with a
    // bounded analysis: milliseconds, whatever the tables' size). Without them it takes any
    // index that gives a page's order over one that finds a selective filter's few rows: a
    // manager's 25 accounts among 100,000 were found by reading the whole sort index.
    refreshStatistics(db);
  } catch (cause) {
    db.close();
    throw new StoreUnavailable(`Cannot prepare the read-model database in ${path}: ${String(cause)}`, {
      cause,
    });
  }
  return db;
};
