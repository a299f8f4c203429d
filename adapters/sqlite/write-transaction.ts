// A write transaction on the SQLite file: BEGIN IMMEDIATE takes the write lock up front (so a
// read at its start can't meet a busy snapshot), and SQLite waits for the lock up to the busy
// timeout. Not always: while another connection swapped its rebuilt tables in (a thread of
// `kare rebuild`), BEGIN failed busy after about 120 ms, without waiting out the 10 s. A
// transaction that could not begin has done nothing, so it is begun again after a pause, a few
// times, before the file counts as locked.
import type Database from 'better-sqlite3';

export interface BeginRetry {
  /** How many times it tries to begin (default 20). */
  readonly attempts: number;
  /** The pause between two attempts (default 100 ms): the thread waits, as SQLite's own wait does. */
  readonly pauseMs: number;
}

export const BEGIN_RETRY: BeginRetry = { attempts: 20, pauseMs: 100 };

const isBusy = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** `fn` as an IMMEDIATE transaction that begins again while the file is busy. */
export const writeTransaction = <A extends unknown[], T>(
  db: Database.Database,
  fn: (...args: A) => T,
  retry: BeginRetry = BEGIN_RETRY,
): ((...args: A) => T) => {
  let begun = false;
  const transaction = db.transaction((...args: A): T => {
    begun = true;
    return fn(...args);
  });
  return (...args: A): T => {
    for (let attempt = 1; ; attempt += 1) {
      begun = false;
      try {
        return transaction.immediate(...args);
      } catch (error) {
        if (begun || attempt >= retry.attempts || !isBusy(error)) throw error;
        pause(retry.pauseMs);
      }
    }
  };
};
