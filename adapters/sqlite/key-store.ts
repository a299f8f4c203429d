// The personal-data keys in a SQLite file of their own (`keys.sqlite` in the data directory),
// beside the events but never in their file: erasing a key writes nothing where the events are.
// Deleted keys are overwritten (secure_delete) and the WAL is folded back and truncated after an
// erasure, so the key's bytes do not linger in the file or its journal.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { KeyStoreUnavailable, type DataKey, type KeyStore } from '../../src/ports.js';
import { openDatabase } from './connection.js';
import { migrate, type Migration } from './migrations.js';

const KEY_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subject keys',
    sql: `
      CREATE TABLE subject_keys (
        subject    TEXT PRIMARY KEY,
        key        BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE erased_subjects (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,
        subject   TEXT NOT NULL UNIQUE,
        erased_at TEXT NOT NULL
      );
    `,
  },
];

const KEY_BYTES = 32;

/** Any failure of the file is the key store's being unavailable: a 503, as for the event store. */
const guarded =
  (path: string) =>
  <T>(work: () => T): T => {
    try {
      return work();
    } catch (cause) {
      if (cause instanceof KeyStoreUnavailable) throw cause;
      throw new KeyStoreUnavailable(`The key store ${path} cannot be used: ${(cause as Error).message}`, {
        cause,
      });
    }
  };

const open = (path: string): Database.Database => {
  let db: Database.Database;
  try {
    db = openDatabase(path, 'full');
  } catch (cause) {
    throw new KeyStoreUnavailable((cause as Error).message, { cause });
  }
  try {
    db.pragma('secure_delete = ON');
    migrate(db, KEY_STORE_MIGRATIONS, 'key_store_migrations');
  } catch (cause) {
    db.close();
    throw new KeyStoreUnavailable(`Cannot prepare the key store in ${path}: ${String(cause)}`, { cause });
  }
  return db;
};

export interface SqliteKeyStoreOptions {
  /** Makes a subject's new key (default: 32 random bytes); the demo derives them from its seed. */
  readonly newKey?: (subject: string) => DataKey;
}

const randomKey = (): DataKey => new Uint8Array(randomBytes(KEY_BYTES));

export const createSqliteKeyStore = (path: string, options: SqliteKeyStoreOptions = {}): KeyStore => {
  const newKey = options.newKey ?? randomKey;
  const db = open(path);
  const guard = guarded(path);
  const statements = {
    key: db.prepare<[string], { key: Buffer }>('SELECT key FROM subject_keys WHERE subject = ?'),
    insert: db.prepare('INSERT INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?)'),
    remove: db.prepare('DELETE FROM subject_keys WHERE subject = ?'),
    erasedAt: db.prepare<[string], { erased_at: string }>(
      'SELECT erased_at FROM erased_subjects WHERE subject = ?',
    ),
    markErased: db.prepare('INSERT INTO erased_subjects (subject, erased_at) VALUES (?, ?)'),
    erased: db.prepare<[], { subject: string; erased_at: string }>(
      'SELECT subject, erased_at FROM erased_subjects ORDER BY seq',
    ),
  };
  const keyOf = (subject: string): DataKey | undefined => {
    const row = statements.key.get(subject);
    return row === undefined ? undefined : new Uint8Array(row.key);
  };
  const isErased = (subject: string): boolean => statements.erasedAt.get(subject) !== undefined;

  const keyFor = db.transaction((subject: string): DataKey | undefined => {
    if (isErased(subject)) return undefined;
    const known = keyOf(subject);
    if (known !== undefined) return known;
    const key = newKey(subject);
    if (key.length !== KEY_BYTES) throw new Error(`A data key is ${KEY_BYTES} bytes, not ${key.length}`);
    statements.insert.run(subject, Buffer.from(key), new Date().toISOString());
    return key;
  });
  const adopt = db.transaction((subject: string, key: DataKey) => {
    if (isErased(subject)) return 'erased' as const;
    const known = keyOf(subject);
    if (known !== undefined)
      return Buffer.from(known).equals(key) ? ('present' as const) : ('conflict' as const);
    statements.insert.run(subject, Buffer.from(key), new Date().toISOString());
    return 'adopted' as const;
  });
  const erase = db.transaction((subject: string, at: string) => {
    if (isErased(subject)) return 'already' as const;
    if (statements.remove.run(subject).changes === 0) return 'unknown' as const;
    statements.markErased.run(subject, at);
    return 'erased' as const;
  });

  return {
    keyFor: async (subject) => guard(() => keyFor.immediate(subject)),
    get: async (subject) => guard(() => keyOf(subject)),
    adopt: async (subject, key) => {
      if (key.length !== KEY_BYTES) throw new Error(`A data key is ${KEY_BYTES} bytes, not ${key.length}`);
      return guard(() => adopt.immediate(subject, key));
    },
    erase: async (subject, at) =>
      guard(() => {
        const outcome = erase.immediate(subject, at);
        // The key's page as it was may still sit in the WAL: fold it back and cut the WAL.
        if (outcome === 'erased') db.pragma('wal_checkpoint(TRUNCATE)');
        return outcome;
      }),
    erased: async () =>
      guard(() => statements.erased.all().map((row) => ({ subject: row.subject, at: row.erased_at }))),
    close: async () => {
      if (db.open) db.close();
    },
  };
};
