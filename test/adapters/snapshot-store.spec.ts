// The snapshot store contract against the memory store and the SQLite read-model database,
// and what the SQLite one adds: snapshots survive a reopen, in a table anyone can read.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemorySnapshotStore } from '../../adapters/memory/snapshot-store.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { createSqliteSnapshotStore } from '../../adapters/sqlite/snapshot-store.js';
import { snapshotStoreContract } from '../contracts/snapshot-store.contract.js';

snapshotStoreContract({
  name: 'memory',
  create: async () => ({ store: createMemorySnapshotStore(), cleanup: async () => undefined }),
});

snapshotStoreContract({
  name: 'sqlite',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-snapshots-'));
    const db = openReadModelDatabase(join(dir, 'read.sqlite'));
    return {
      store: createSqliteSnapshotStore(db),
      cleanup: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite snapshot store', () => {
  it('keeps snapshots across a reopen, one row each in the snapshots table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-snapshots-'));
    const path = join(dir, 'read.sqlite');
    try {
      const first = openReadModelDatabase(path);
      await createSqliteSnapshotStore(first).save({
        streamId: 'agreement-9',
        revision: 199n,
        recordedAt: '2026-03-01T00:00:00.000Z',
        stateVersion: 3,
        state: { status: 'ACTIVE' },
      });
      first.close();

      const again = openReadModelDatabase(path);
      expect(await createSqliteSnapshotStore(again).latest('agreement-9', { stateVersion: 3 })).toMatchObject(
        {
          revision: 199n,
          state: { status: 'ACTIVE' },
        },
      );
      again.close();
      const analyst = new Database(path, { readonly: true });
      expect(
        analyst.prepare('SELECT stream_id, revision, state_version, recorded_at, state FROM snapshots').all(),
      ).toEqual([
        {
          stream_id: 'agreement-9',
          revision: 199,
          state_version: 3,
          recorded_at: '2026-03-01T00:00:00.000Z',
          state: '{"status":"ACTIVE"}',
        },
      ]);
      analyst.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
