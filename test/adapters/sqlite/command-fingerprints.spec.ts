// Migration 4 adds the request's fingerprint to the command ids of a store already in use: the
// keys claimed before keep their stream and get no fingerprint (their retries replay as before).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

it('adds fingerprints to a store of schema 3, keeping the claims made before without one', async () => {
  // Given a store as schema 3 left it, with a key claimed
  dir = mkdtempSync(join(tmpdir(), 'kare-fingerprints-'));
  const path = join(dir, 'kare.sqlite');
  const before = createSqliteEventStore({ path, sync: 'normal' });
  await before.close();
  const db = new Database(path);
  db.exec(`
    DROP TABLE command_ids;
    CREATE TABLE command_ids (command_id TEXT NOT NULL PRIMARY KEY, stream_id TEXT NOT NULL);
    INSERT INTO command_ids VALUES ('old-key', 'account-a1');
    DELETE FROM schema_migrations WHERE version = 4;
  `);
  db.close();
  // When it is opened by this release
  const store = createSqliteEventStore({ path, sync: 'normal' });
  try {
    // Then the old claim holds, without a fingerprint, and new claims keep theirs
    expect(
      await store.claimCommand!('old-key', { streamId: 'account-a2', fingerprint: 'f'.repeat(64) }),
    ).toEqual({
      streamId: 'account-a1',
    });
    const fresh = { streamId: 'account-a2', fingerprint: 'e'.repeat(64) };
    expect(await store.claimCommand!('new-key', fresh)).toEqual(fresh);
    expect(await store.claimCommandId!('new-key', 'account-a3')).toBe('account-a2');
  } finally {
    await store.close();
  }
});
