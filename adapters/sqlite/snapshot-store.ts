// Snapshots in the read-model database: every snapshot saved is kept (the loader saves one
// per interval), so both the latest load and time travel by revision or timestamp find one.
import type Database from 'better-sqlite3';
import type { Json, Snapshot, SnapshotQuery, SnapshotStore } from '../../src/ports.js';

interface SnapshotRow {
  revision: bigint;
  recorded_at: string;
  state: string;
}

export const createSqliteSnapshotStore = (db: Database.Database): SnapshotStore => {
  const save = db.prepare(
    `INSERT INTO snapshots (stream_id, state_version, revision, recorded_at, state) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (stream_id, state_version, revision) DO UPDATE SET recorded_at = excluded.recorded_at, state = excluded.state`,
  );
  // NULL bounds mean "no bound"; the primary key walks revisions downwards.
  const latest = db.prepare<
    [string, number, bigint | null, bigint | null, string | null, string | null],
    SnapshotRow
  >(
    `SELECT revision, recorded_at, state FROM snapshots
     WHERE stream_id = ? AND state_version = ?
       AND (? IS NULL OR revision <= ?)
       AND (? IS NULL OR recorded_at <= ?)
     ORDER BY revision DESC LIMIT 1`,
  );
  return {
    latest: async (streamId: string, query: SnapshotQuery) => {
      const maxRevision = query.maxRevision ?? null;
      const recordedAt = query.recordedAtOrBefore ?? null;
      const row = latest.get(streamId, query.stateVersion, maxRevision, maxRevision, recordedAt, recordedAt);
      if (row === undefined) return undefined;
      return {
        streamId,
        revision: row.revision,
        recordedAt: row.recorded_at,
        stateVersion: query.stateVersion,
        state: JSON.parse(row.state) as Json,
      } satisfies Snapshot;
    },
    save: async (snapshot: Snapshot) => {
      save.run(
        snapshot.streamId,
        snapshot.stateVersion,
        snapshot.revision,
        snapshot.recordedAt,
        JSON.stringify(snapshot.state),
      );
    },
  };
};
