// PostgreSQL for tests: the server named by KARE_TEST_POSTGRES_URL (npm test and .ci/run set
// it to the machine's 127.0.0.1:5432/test). Each read-model database a test opens lives in a
// schema of its own with a random name, dropped afterwards. Without the variable the suites
// that need PostgreSQL fail with one test saying so, rather than pass having run nothing.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { it } from 'vitest';
import {
  openPostgresReadModelDatabase,
  type PostgresReadModelDatabase,
} from '../../../adapters/postgres/read-model-database.js';

export const POSTGRES_URL = process.env['KARE_TEST_POSTGRES_URL'] || undefined;

/**
 * Registers `suite` when PostgreSQL is configured; otherwise a failing test that says why, so
 * a run without it is red and loud (in CI and on a laptop alike).
 */
export const withPostgres = (suite: (url: string) => void): void => {
  if (POSTGRES_URL !== undefined) {
    suite(POSTGRES_URL);
    return;
  }
  it('needs PostgreSQL: set KARE_TEST_POSTGRES_URL (npm test sets postgres://postgres@127.0.0.1:5432/test)', () => {
    throw new Error(
      'KARE_TEST_POSTGRES_URL is not set: the PostgreSQL suites did not run. Start PostgreSQL and set it, ' +
        'e.g. KARE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test',
    );
  });
};

export const scratchName = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

export interface ScratchDatabase {
  readonly db: PostgresReadModelDatabase;
  readonly schema: string;
  /** Another pool on the same schema (a second process, or an analyst's client). */
  open(): PostgresReadModelDatabase;
  /** Closes every pool opened here and drops the schema. */
  drop(): Promise<void>;
}

/** A read-model database in a fresh schema of the test server. */
export const scratchDatabase = async (url: string): Promise<ScratchDatabase> => {
  const schema = scratchName('kare_test');
  const opened: PostgresReadModelDatabase[] = [];
  const open = (): PostgresReadModelDatabase => {
    const db = openPostgresReadModelDatabase({ connectionString: url, schema, maxConnections: 4 });
    opened.push(db);
    return db;
  };
  const db = open();
  await db.ready();
  return {
    db,
    schema,
    open,
    drop: async () => {
      await Promise.all(opened.map((each) => each.close()));
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
};

/** A database of its own on the test server, for processes that take a KARE_READ_DB of their own. */
export interface ServerDatabase {
  readonly name: string;
  /** The server's URL, naming this database. */
  readonly url: string;
  create(): Promise<void>;
  /** Drops it, with whatever is still connected. */
  drop(): Promise<void>;
}

export const serverDatabase = (serverUrl: string, prefix: string): ServerDatabase => {
  const name = scratchName(prefix);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url: url.toString(),
    create: () => admin(`CREATE DATABASE "${name}"`),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
};
