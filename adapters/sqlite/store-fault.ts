// When the SQLite file can't be written (read-only, disk full, gone, failing): the store says
// which, in a word fit for /health, fails fast for a while, then reopens its connection and
// tries again, doubling the wait while the fault lasts. A restart is never needed.
import Database from 'better-sqlite3';

/** SQLite result codes (and their extended forms) that say the file, not the request, is at fault. */
const FAULTS: readonly (readonly [prefix: string, fault: string])[] = [
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_FULL', 'disk full'],
  ['SQLITE_CANTOPEN', 'cannot open'],
  // A write the file system refused: no space left, or the file grew past its size limit.
  ['SQLITE_IOERR_WRITE', 'write failed'],
  ['SQLITE_IOERR', 'I/O error'],
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'not a database'],
];

/** The fault an error of SQLite names ('read-only', 'disk full' …), or undefined for any other error. */
export const storeFaultOf = (error: unknown): string | undefined => {
  if (!(error instanceof Database.SqliteError)) return undefined;
  return FAULTS.find(([prefix]) => error.code.startsWith(prefix))?.[1];
};

export const FIRST_RETRY_MS = 100;
export const MAX_RETRY_MS = 5000;

/** The fault a connection is in, and when it may be reopened and tried again. */
export class FaultState {
  private current: { readonly fault: string; readonly since: string } | undefined;
  private retryAt = 0;
  private waitMs = FIRST_RETRY_MS;

  constructor(private readonly now: () => number = Date.now) {}

  get fault(): string | undefined {
    return this.current?.fault;
  }

  get since(): string | undefined {
    return this.current?.since;
  }

  /** Whether a faulty connection may be reopened and tried again now. */
  due(): boolean {
    return this.current !== undefined && this.now() >= this.retryAt;
  }

  failed(fault: string): void {
    if (this.current === undefined) {
      this.current = { fault, since: new Date(this.now()).toISOString() };
      this.waitMs = FIRST_RETRY_MS;
    } else {
      this.current = { fault, since: this.current.since };
      this.waitMs = Math.min(this.waitMs * 2, MAX_RETRY_MS);
    }
    this.retryAt = this.now() + this.waitMs;
  }

  recovered(): void {
    this.current = undefined;
    this.waitMs = FIRST_RETRY_MS;
  }
}
