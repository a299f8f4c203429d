// After a fault the SQLite store opens its file afresh; a file that has gone is a fault too
// ('cannot open'), never replaced by a new empty store, and is used again once it is back.
import type Database from 'better-sqlite3';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../adapters/sqlite/connection.js';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import { StoreUnavailable, type EventStore, type NewEvent } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const event = (n: number): NewEvent => ({
  eventId: crypto.randomUUID(),
  type: 'Noted',
  data: { n },
  metadata: { schemaVersion: 1 },
});

const appendOne = (store: EventStore, n: number) =>
  store.append('note-1', [event(n)], { expectedRevision: 'any' });

const faultOf = async (work: Promise<unknown>): Promise<string | undefined> => {
  try {
    await work;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(StoreUnavailable);
    return (error as StoreUnavailable).fault;
  }
};

/** Retries until an append works (the store waits 100 ms, then more, between reopening attempts). */
const eventually = async (store: EventStore, n: number): Promise<void> => {
  const deadline = Date.now() + 5000;
  for (;;) {
    if ((await faultOf(appendOne(store, n))) === undefined) return;
    if (Date.now() > deadline) throw new Error('the store did not recover');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

it('does not create an empty file in place of one that went away, and takes it back when it returns', async () => {
  dir = mkdtempSync(join(tmpdir(), 'kare-reopen-'));
  const path = join(dir, 'kare.sqlite');
  const opened: Database.Database[] = [];
  const store = createSqliteEventStore({
    path,
    sync: 'normal',
    openConnection: (file, sync, opts) => {
      const db = openDatabase(file, sync, opts);
      opened.push(db);
      return db;
    },
  });
  try {
    await appendOne(store, 1);
    // Given a connection that faults (read-only) and a file moved away meanwhile
    opened.at(-1)!.pragma('query_only = 1');
    expect(await faultOf(appendOne(store, 2))).toBe('read-only');
    const moved = (from: string, to: string) => {
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
    };
    moved(path, `${path}.away`);
    // When the store reopens it
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await faultOf(appendOne(store, 3))).toBe('cannot open');
    // Then no new, empty store took its place
    expect(existsSync(path)).toBe(false);
    expect(await store.health!()).toMatchObject({ writable: false });
    // And once the file is back, the store uses it again, with everything acknowledged
    moved(`${path}.away`, path);
    await eventually(store, 4);
    expect((await collect(store.readStream('note-1'))).map((e) => e.data['n'])).toEqual([1, 4]);
    expect(await store.health!()).toEqual({ writable: true });
  } finally {
    await store.close();
  }
});
