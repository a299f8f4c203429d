// Snapshots in the PostgreSQL read-model database: every snapshot saved is kept, so both the
// latest load and time travel by revision or timestamp find one.
import type { Json, Snapshot, SnapshotQuery, SnapshotStore } from '../../src/ports.js';
import type { PostgresReadModelDatabase } from './read-model-database.js';

export const createPostgresSnapshotStore = (db: PostgresReadModelDatabase): SnapshotStore => ({
  latest: async (streamId: string, query: SnapshotQuery) => {
    await db.ready();
    // NULL bounds mean "no bound"; the primary key walks revisions downwards (the table's
    // revision: the alias is text, and would sort 99 after 299).
    const result = await db.pool.query<{ revision: string; recorded_at: string; state: string }>(
      `SELECT revision::text AS revision, recorded_at, state FROM snapshots
       WHERE stream_id = $1 AND state_version = $2
         AND ($3::bigint IS NULL OR revision <= $3::bigint)
         AND ($4::text IS NULL OR recorded_at <= $4::text)
       ORDER BY snapshots.revision DESC LIMIT 1`,
      [streamId, query.stateVersion, query.maxRevision?.toString() ?? null, query.recordedAtOrBefore ?? null],
    );
    const row = result.rows[0];
    if (row === undefined) return undefined;
    return {
      streamId,
      revision: BigInt(row.revision),
      recordedAt: row.recorded_at,
      stateVersion: query.stateVersion,
      state: JSON.parse(row.state) as Json,
    } satisfies Snapshot;
  },
  save: async (snapshot: Snapshot) => {
    await db.ready();
    await db.pool.query(
      `INSERT INTO snapshots (stream_id, state_version, revision, recorded_at, state) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (stream_id, state_version, revision)
         DO UPDATE SET recorded_at = excluded.recorded_at, state = excluded.state`,
      [
        snapshot.streamId,
        snapshot.stateVersion,
        snapshot.revision.toString(),
        snapshot.recordedAt,
        JSON.stringify(snapshot.state),
      ],
    );
  },
});
