// Consumers' checkpoints (reactors, webhook senders) in the read-model database.
import type Database from 'better-sqlite3';
import type { CheckpointStore } from '../../src/ports.js';
import { migrate } from './migrations.js';

export const createSqliteCheckpointStore = (db: Database.Database): CheckpointStore => {
  migrate(
    db,
    [
      {
        version: 1,
        name: 'process_checkpoints',
        sql: `CREATE TABLE process_checkpoints (
                name TEXT PRIMARY KEY,
                position INTEGER NOT NULL,
                updated_at TEXT NOT NULL
              )`,
      },
      {
        version: 2,
        name: 'checkpoint issuers',
        // The event store that issued the position (NULL: saved before this was recorded).
        sql: 'ALTER TABLE process_checkpoints ADD COLUMN store_id TEXT',
      },
    ],
    'process_checkpoint_migrations',
  );
  const load = db.prepare<[string], { position: bigint }>(
    'SELECT position FROM process_checkpoints WHERE name = ?',
  );
  const save = db.prepare(
    `INSERT INTO process_checkpoints (name, position, store_id, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position,
       store_id = coalesce(excluded.store_id, store_id), updated_at = excluded.updated_at`,
  );
  const issuer = db.prepare<[string], { store_id: string | null }>(
    'SELECT store_id FROM process_checkpoints WHERE name = ?',
  );
  return {
    load: async (name) => {
      const row = load.get(name);
      return row === undefined ? undefined : BigInt(row.position);
    },
    save: async (name, position, store) => {
      save.run(name, position, store ?? null, new Date().toISOString());
    },
    issuer: async (name) => issuer.get(name)?.store_id ?? undefined,
  };
};
