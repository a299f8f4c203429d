// Versioned schema migrations of the embedded store: each runs once, in order, in a
// transaction, and is recorded in schema_migrations.
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events',
    sql: `
      CREATE TABLE events (
        position    INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id    TEXT    NOT NULL UNIQUE,
        stream_id   TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        type        TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL,
        hash        TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      );
    `,
  },
  {
    version: 2,
    name: 'command ids',
    sql: `
      CREATE TABLE command_ids (
        command_id TEXT NOT NULL PRIMARY KEY,
        stream_id  TEXT NOT NULL
      );
      -- Keys used before this table existed stay bound to the stream they first wrote.
      INSERT OR IGNORE INTO command_ids (command_id, stream_id)
        SELECT json_extract(metadata, '$.commandId'), stream_id FROM events
        WHERE json_extract(metadata, '$.commandId') IS NOT NULL
        ORDER BY position;
    `,
  },
  {
    version: 3,
    name: 'store identity',
    // A random id made once, with the file: checkpoints record it, so a position this file did
    // not issue (a read-model database or a checkpoint carried over from another store) is
    // recognised instead of being resumed from.
    sql: `
      CREATE TABLE store_identity (
        one      INTEGER PRIMARY KEY CHECK (one = 1),
        store_id TEXT    NOT NULL
      );
      INSERT INTO store_identity (one, store_id) VALUES (1, 'sqlite:' || lower(hex(randomblob(16))));
    `,
  },
  {
    version: 4,
    name: 'command fingerprints',
    // What request a key came with, so a key reused for another request is told from a retry.
    // Keys claimed before stay without one (NULL): their retries are answered as before.
    sql: `ALTER TABLE command_ids ADD COLUMN fingerprint TEXT;`,
  },
];

export const migrate = (
  db: Database.Database,
  migrations: readonly Migration[] = EVENT_STORE_MIGRATIONS,
  table = 'schema_migrations',
): void => {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  db.transaction(() => {
    const applied = new Set(
      db
        .prepare<[], { version: bigint }>(`SELECT version FROM ${table}`)
        .all()
        .map((row) => Number(row.version)),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare(`INSERT INTO ${table} (version, name, applied_at) VALUES (?, ?, ?)`).run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }
  }).immediate();
};
