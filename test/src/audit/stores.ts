// The stores the audit is tested on: memory, and SQLite (a temp file, snapshots in the same file). Positions start above 2^53
// so a stray Number() shows; the clock steps one second per reading, so every append has its
// own recordedAt and a test can aim at the moments between them.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventStore, tamperMemoryEvent } from '../../../adapters/memory/event-store.js';
import { createMemorySnapshotStore } from '../../../adapters/memory/snapshot-store.js';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import { openReadModelDatabase } from '../../../adapters/sqlite/read-model-database.js';
import { createSqliteSnapshotStore } from '../../../adapters/sqlite/snapshot-store.js';
import type { Clock, EventStore, JsonObject, SnapshotStore } from '../../../src/ports.js';

export const START = Date.parse('2026-03-02T09:00:00.000Z');
const INITIAL_POSITION = 2n ** 53n + 7n;

/** A clock that moves one second forward each time it is read. */
export const steppingClock = (start = START): Clock => {
  let next = start;
  return {
    now: () => {
      const at = new Date(next).toISOString();
      next += 1000;
      return at;
    },
  };
};

export interface AuditSubject {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
  /** Alters the stored data of an event behind the store's back; its hash stays as stored. */
  tamper(streamId: string, revision: bigint, mutate: (data: JsonObject) => JsonObject): void;
  cleanup(): Promise<void>;
}

export interface AuditStoreFactory {
  readonly name: string;
  create(): AuditSubject;
}

const memory: AuditStoreFactory = {
  name: 'memory',
  create: () => {
    const store = createMemoryEventStore({ clock: steppingClock(), initialPosition: INITIAL_POSITION });
    return {
      store,
      snapshots: createMemorySnapshotStore(),
      tamper: (streamId, revision, mutate) => tamperMemoryEvent(store, streamId, revision, mutate),
      cleanup: () => store.close(),
    };
  },
};

const sqlite: AuditStoreFactory = {
  name: 'sqlite',
  create: () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-audit-'));
    const path = join(dir, 'events.sqlite');
    const store = createSqliteEventStore({
      path,
      sync: 'normal',
      clock: steppingClock(),
      initialPosition: INITIAL_POSITION,
    });
    // Snapshots in the read-model tables of the same file, as the embedded deployment keeps them.
    const readModels = openReadModelDatabase(path);
    return {
      store,
      snapshots: createSqliteSnapshotStore(readModels),
      // Plain SQL on the file, as someone with access to it would do.
      tamper: (streamId, revision, mutate) => {
        const raw = new Database(path);
        try {
          const row = raw
            .prepare('SELECT data FROM events WHERE stream_id = ? AND revision = ?')
            .get(streamId, revision) as { data: string } | undefined;
          if (row === undefined) throw new Error(`no ${streamId}@${revision}`);
          raw
            .prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?')
            .run(JSON.stringify(mutate(JSON.parse(row.data) as JsonObject)), streamId, revision);
        } finally {
          raw.close();
        }
      },
      cleanup: async () => {
        readModels.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const AUDIT_STORES: readonly AuditStoreFactory[] = [memory, sqlite];
