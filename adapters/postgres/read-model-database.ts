// The read-model database in PostgreSQL (KARE_READ_DB=postgres://…): projection tables, their
// checkpoints, the consumers' checkpoints and aggregate snapshots, behind one pool. Opening is
// synchronous (the engine is wired synchronously); the migrations run on first use, once,
// under an advisory lock so several processes opening one database at once agree.
import pg from 'pg';
import { StoreUnavailable } from '../../src/ports.js';

export interface PostgresReadModelOptions {
  /** postgres://user@host:port/database */
  readonly connectionString: string;
  /** The schema KARE's tables live in (created if missing). Default: the connection's (public). */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
}

export interface PostgresReadModelDatabase {
  readonly pool: pg.Pool;
  /** Resolves once the tables exist; every adapter awaits it before its first statement. */
  ready(): Promise<void>;
  /** The connection string without its password, for messages. */
  readonly description: string;
  close(): Promise<void>;
}

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// The same tables as the SQLite read-model database (adapters/sqlite/read-model-database.ts),
// typed for PostgreSQL: positions and revisions BIGINT, text in byte order (COLLATE "C"), as
// SQLite compares it.
export const POSTGRES_READ_MODEL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projection checkpoints',
    sql: `
      CREATE TABLE projection_checkpoints (
        projection TEXT COLLATE "C" NOT NULL,
        state      TEXT    NOT NULL CHECK (state IN ('live', 'building')),
        version    INTEGER NOT NULL,
        build      INTEGER NOT NULL,
        position   BIGINT  NOT NULL,
        tables     TEXT    NOT NULL,
        updated_at TEXT    NOT NULL,
        store_id   TEXT,
        PRIMARY KEY (projection, state)
      );`,
  },
  {
    version: 2,
    name: 'snapshots',
    sql: `
      CREATE TABLE snapshots (
        stream_id     TEXT COLLATE "C" NOT NULL,
        state_version INTEGER NOT NULL,
        revision      BIGINT  NOT NULL,
        recorded_at   TEXT COLLATE "C" NOT NULL,
        state         TEXT    NOT NULL,
        PRIMARY KEY (stream_id, state_version, revision)
      );`,
  },
  {
    version: 3,
    name: 'process checkpoints',
    sql: `
      CREATE TABLE process_checkpoints (
        name       TEXT COLLATE "C" PRIMARY KEY,
        position   BIGINT NOT NULL,
        store_id   TEXT,
        updated_at TEXT NOT NULL
      );`,
  },
  {
    version: 4,
    name: 'projection partitions',
    // A live build split into partitions (more than one): each one's checkpoint, so as many
    // workers apply its events side by side, each locking its own row, not the build's.
    sql: `
      CREATE TABLE projection_partitions (
        projection  TEXT COLLATE "C" NOT NULL,
        version     INTEGER NOT NULL,
        build       INTEGER NOT NULL,
        "partition" INTEGER NOT NULL,
        position    BIGINT  NOT NULL,
        store_id    TEXT,
        updated_at  TEXT    NOT NULL,
        PRIMARY KEY (projection, version, build, "partition")
      );`,
  },
];

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
/** One key for every KARE process migrating a read-model database (any 64-bit number would do). */
const MIGRATION_LOCK = 0x4b415245_0001n;

export const withoutPassword = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

export const openPostgresReadModelDatabase = (
  options: PostgresReadModelOptions,
): PostgresReadModelDatabase => {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA.test(schema))
    throw new Error(`The schema name ${JSON.stringify(schema)} is not a plain lower-case SQL name`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client's error (the server restarted) must not crash the process: the pool drops it.
  pool.on('error', () => undefined);
  const description = withoutPassword(options.connectionString);

  const migrate = async (): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS read_model_migrations (
           version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
      const applied = await client.query<{ version: number }>('SELECT version FROM read_model_migrations');
      const done = new Set(applied.rows.map((row) => row.version));
      for (const migration of POSTGRES_READ_MODEL_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO read_model_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [migration.version, migration.name, new Date().toISOString()],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  let migrated: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    migrated ??= migrate().catch((cause: unknown) => {
      migrated = undefined; // the next call tries again: the server may be back
      throw new StoreUnavailable(
        `Cannot prepare the read-model database ${description}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    });
    return migrated;
  };

  return { pool, ready, description, close: () => pool.end() };
};

/** Runs `work` in one transaction on one client of the pool. */
export const inTransaction = async <T>(
  db: PostgresReadModelDatabase,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> => {
  await db.ready();
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
