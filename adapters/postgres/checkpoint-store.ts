// Consumers' checkpoints (reactors, webhook senders) in the PostgreSQL read-model database.
import type { CheckpointStore } from '../../src/ports.js';
import type { PostgresReadModelDatabase } from './read-model-database.js';

export const createPostgresCheckpointStore = (db: PostgresReadModelDatabase): CheckpointStore => {
  const row = async (name: string) => {
    await db.ready();
    // Positions as text: a BIGINT through a JS number would lose digits past 2^53.
    const result = await db.pool.query<{ position: string; store_id: string | null }>(
      'SELECT position::text AS position, store_id FROM process_checkpoints WHERE name = $1',
      [name],
    );
    return result.rows[0];
  };
  return {
    load: async (name) => {
      const found = await row(name);
      return found === undefined ? undefined : BigInt(found.position);
    },
    save: async (name, position, store) => {
      await db.ready();
      await db.pool.query(
        `INSERT INTO process_checkpoints (name, position, store_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position,
           store_id = coalesce(excluded.store_id, process_checkpoints.store_id), updated_at = excluded.updated_at`,
        [name, position.toString(), store ?? null, new Date().toISOString()],
      );
    },
    issuer: async (name) => (await row(name))?.store_id ?? undefined,
  };
};
