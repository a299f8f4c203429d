// Opening the SQLite file the same way everywhere: WAL, a busy timeout so concurrent
// processes wait instead of failing, bigint integers, and the chosen durability.
import Database from 'better-sqlite3';
import { StoreUnavailable } from '../../src/ports.js';

export type SqliteSync = 'full' | 'normal';

export const parseSqliteSync = (value: string | undefined): SqliteSync => {
  if (value === undefined || value === '' || value.toLowerCase() === 'full') return 'full';
  if (value.toLowerCase() === 'normal') return 'normal';
  throw new Error(`KARE_SQLITE_SYNC must be "full" or "normal", not "${value}"`);
};

export interface OpenOptions {
  /** Refuse to create the file: a store reopened after a fault must find its own, never a new empty one. */
  readonly mustExist?: boolean;
}

export const openDatabase = (path: string, sync: SqliteSync, opts: OpenOptions = {}): Database.Database => {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: opts.mustExist ?? false });
  } catch (cause) {
    throw new StoreUnavailable(`Cannot open the SQLite store at ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync.toUpperCase()}`);
    db.pragma('busy_timeout = 10000');
    db.defaultSafeIntegers(true);
  } catch (cause) {
    db.close();
    throw new StoreUnavailable(
      `The file at ${path} is not a usable SQLite database: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  return db;
};
