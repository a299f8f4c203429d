// A write transaction on a busy SQLite file begins again after a pause, a few times, rather than
// failing at the first busy; what failed after it began is never run twice.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../adapters/sqlite/write-transaction.js';
import { removeDir, tempDir } from '../demo/demo-fixture.js';

/** Another connection holds the write lock for `holdMs`: resolves once it holds it. */
const holdLock = async (path: string, holdMs: number): Promise<Worker> => {
  const worker = new Worker(new URL('./sqlite-lock-holder.mjs', import.meta.url), {
    workerData: { path, holdMs },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return worker;
};

const exited = (worker: Worker): Promise<number> => new Promise((resolve) => worker.once('exit', resolve));

describe('writeTransaction', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = tempDir('write-transaction');
    db = new Database(join(dir, 'file.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (n INTEGER)');
    // Each attempt waits 20 ms for the lock.
    db.pragma('busy_timeout = 20');
  });
  afterEach(() => {
    db.close();
    removeDir(dir);
  });

  const insert = (n: number): number => Number(db.prepare('INSERT INTO t VALUES (?)').run(n).changes);
  const rows = (): number => Number((db.prepare('SELECT count(*) AS n FROM t').get() as { n: bigint }).n);

  it('begins again while another connection holds the lock, and commits once it is free', async () => {
    const holder = await holdLock(join(dir, 'file.sqlite'), 300);
    const write = writeTransaction(db, insert, { attempts: 100, pauseMs: 5 });
    expect(write(1)).toBe(1);
    expect(rows()).toBe(1);
    await exited(holder);
  });

  it('fails busy once its attempts are spent, having written nothing', async () => {
    const holder = await holdLock(join(dir, 'file.sqlite'), 300);
    const write = writeTransaction(db, insert, { attempts: 2, pauseMs: 5 });
    expect(() => write(1)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }) as Error);
    await exited(holder);
    expect(rows()).toBe(0);
  });

  it('never runs again what failed after it began, busy or not', () => {
    let runs = 0;
    const failing = writeTransaction(
      db,
      () => {
        runs += 1;
        insert(1);
        throw Object.assign(new Error('busy inside'), { code: 'SQLITE_BUSY' });
      },
      { attempts: 5, pauseMs: 5 },
    );
    expect(() => failing()).toThrow('busy inside');
    expect(runs).toBe(1);
    expect(rows()).toBe(0);
  });
});
