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
    ],
    'process_checkpoint_migrations',
  );
  const load = db.prepare<[string], { position: bigint }>(
    'SELECT position FROM process_checkpoints WHERE name = ?',
  );
  const save = db.prepare(
    `INSERT INTO process_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
  );
  return {
    load: async (name) => {
      const row = load.get(name);
      return row === undefined ? undefined : BigInt(row.position);
    },
    save: async (name, position) => {
      save.run(name, position, new Date().toISOString());
    },
  };
};
