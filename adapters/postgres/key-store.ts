// The personal-data keys in the PostgreSQL read-model database, so every API server and worker
// on it opens the same contacts, and an erasure through one is an erasure for all of them (the
// SQLite file's twin: adapters/sqlite/key-store.ts). Never in the event store: erasing a key
// writes nothing where the events are. The tables are made on first use, under an advisory lock
// so servers starting together agree; each subject's key is made, adopted and erased under a
// lock of its own, so two servers never make it two keys, nor one after its erasure.
//
// What an erasure leaves behind, as far as PostgreSQL goes: the row's key is overwritten with
// zeros, then the row deleted, then the table vacuumed. The overwrite is only a best effort: an
// UPDATE writes a new row version (MVCC), and the version with the key stays in its page as a
// dead tuple until VACUUM reclaims it; even then its bytes remain in the page's free space
// until new rows reuse it. The WAL holds the key's INSERT until the segment is recycled (after
// checkpoints, past wal_keep_size), and WAL archives, base backups and physical replicas keep it
// for their own retention. The erasure is complete once those have expired: see
// docs/scale-out.md ("Personal-data keys").
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { KeyStoreUnavailable, type DataKey, type KeyAdoption, type KeyStore } from '../../src/ports.js';
import { inTransaction, type PostgresReadModelDatabase } from './read-model-database.js';

/** Another key than the migrations' (0x4b415245_0001) and the webhooks' (…_0057). */
const KEY_TABLES_LOCK = 0x4b415245_004bn;
/** The first half of a subject's lock (the second is a hash of the subject): 'KK'. */
const SUBJECT_LOCK_CLASS = 0x4b4b;

const TABLES = `
  CREATE TABLE IF NOT EXISTS subject_keys (
    subject    TEXT COLLATE "C" PRIMARY KEY,
    key        BYTEA NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS erased_subjects (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject   TEXT COLLATE "C" NOT NULL UNIQUE,
    erased_at TEXT NOT NULL
  );`;

const KEY_BYTES = 32;

const checkedKey = (key: DataKey): DataKey => {
  if (key.length !== KEY_BYTES) throw new Error(`A data key is ${KEY_BYTES} bytes, not ${key.length}`);
  return key;
};

const randomKey = (): DataKey => new Uint8Array(randomBytes(KEY_BYTES));

export interface PostgresKeyStoreOptions {
  /** Makes a subject's new key (default: 32 random bytes); the demo derives them from its seed. */
  readonly newKey?: (subject: string) => DataKey;
}

/**
 * The key store on the read-model database's pool. Closing it leaves the pool open: the
 * database's owner (the engine's read side) closes that.
 */
export const createPostgresKeyStore = (
  db: PostgresReadModelDatabase,
  options: PostgresKeyStoreOptions = {},
): KeyStore => {
  const newKey = options.newKey ?? randomKey;

  /** Any failure of the database is the key store's being unavailable: a 503, as for the event store. */
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (cause) {
      if (cause instanceof KeyStoreUnavailable) throw cause;
      throw new KeyStoreUnavailable(
        `The key store in ${db.description} cannot be used: ${(cause as Error).message}`,
        { cause },
      );
    }
  };

  let made: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    made ??= inTransaction(db, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [KEY_TABLES_LOCK.toString()]);
      await client.query(TABLES);
    }).catch((error: unknown) => {
      made = undefined; // the next call tries again: the server may be back
      throw error;
    });
    return made;
  };

  const keyOf = async (client: pg.ClientBase | pg.Pool, subject: string): Promise<DataKey | undefined> => {
    const result = await client.query<{ key: Buffer }>('SELECT key FROM subject_keys WHERE subject = $1', [
      subject,
    ]);
    const row = result.rows[0];
    return row === undefined ? undefined : new Uint8Array(row.key);
  };
  const isErased = async (client: pg.ClientBase, subject: string): Promise<boolean> =>
    ((await client.query('SELECT 1 FROM erased_subjects WHERE subject = $1', [subject])).rowCount ?? 0) > 0;
  const insert = (client: pg.ClientBase, subject: string, key: DataKey) =>
    client.query('INSERT INTO subject_keys (subject, key, created_at) VALUES ($1, $2, $3)', [
      subject,
      Buffer.from(key),
      new Date().toISOString(),
    ]);

  /** `work` in one transaction holding the subject's lock, on every server sharing the database. */
  const forSubject = async <T>(subject: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    await ready();
    return inTransaction(db, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SUBJECT_LOCK_CLASS, subject]);
      return work(client);
    });
  };

  return {
    keyFor: (subject) =>
      guarded(async () => {
        await ready();
        // A subject with a key is not erased (an erasure deletes it in the same transaction).
        const known = await keyOf(db.pool, subject);
        if (known !== undefined) return known;
        return forSubject(subject, async (client) => {
          if (await isErased(client, subject)) return undefined;
          const made = await keyOf(client, subject); // another server may have made it meanwhile
          if (made !== undefined) return made;
          const key = checkedKey(newKey(subject));
          await insert(client, subject, key);
          return key;
        });
      }),
    get: (subject) =>
      guarded(async () => {
        await ready();
        return keyOf(db.pool, subject);
      }),
    adopt: async (subject, key) => {
      checkedKey(key);
      return guarded(() =>
        forSubject(subject, async (client): Promise<KeyAdoption> => {
          if (await isErased(client, subject)) return 'erased';
          const known = await keyOf(client, subject);
          if (known !== undefined) return Buffer.from(known).equals(key) ? 'present' : 'conflict';
          await insert(client, subject, key);
          return 'adopted';
        }),
      );
    },
    erase: (subject, at) =>
      guarded(async () => {
        const outcome = await forSubject(subject, async (client) => {
          if (await isErased(client, subject)) return 'already' as const;
          // Zeros first: the row's last version carries no key (see the head of this file).
          const overwritten = await client.query('UPDATE subject_keys SET key = $2 WHERE subject = $1', [
            subject,
            Buffer.alloc(KEY_BYTES),
          ]);
          if ((overwritten.rowCount ?? 0) === 0) return 'unknown' as const;
          await client.query('DELETE FROM subject_keys WHERE subject = $1', [subject]);
          await client.query('INSERT INTO erased_subjects (subject, erased_at) VALUES ($1, $2)', [
            subject,
            at,
          ]);
          return 'erased' as const;
        });
        // Reclaims the dead versions that held the key. Best effort: the erasure is done (and
        // committed) whether or not this runs, e.g. for a role that does not own the table.
        if (outcome === 'erased') await db.pool.query('VACUUM subject_keys').catch(() => undefined);
        return outcome;
      }),
    erased: () =>
      guarded(async () => {
        await ready();
        const result = await db.pool.query<{ subject: string; erased_at: string }>(
          'SELECT subject, erased_at FROM erased_subjects ORDER BY seq',
        );
        return result.rows.map((row) => ({ subject: row.subject, at: row.erased_at }));
      }),
    close: async () => undefined,
  };
};
