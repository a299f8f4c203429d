// What the SQLite store promises beyond the contract: a clear error for a path it can't use,
// versioned migrations, group commit with per-append results, and other processes' commits
// reaching a live subscription.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSqliteSync } from '../../adapters/sqlite/connection.js';
import { createSqliteEventStore } from '../../adapters/sqlite/event-store.js';
import {
  DuplicateEventId,
  StoreUnavailable,
  WrongExpectedRevision,
  type EventStore,
} from '../../src/ports.js';
import { collect, newEvent, take } from '../contracts/event-store.contract.js';

let dir: string;
let path: string;
let store: EventStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kare-sqlite-'));
  path = join(dir, 'events.sqlite');
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('opening the SQLite store', () => {
  it('fails with StoreUnavailable naming the path when the directory does not exist', () => {
    const missing = join(dir, 'no', 'such', 'dir', 'events.sqlite');
    expect(() => createSqliteEventStore({ path: missing })).toThrow(StoreUnavailable);
    expect(() => createSqliteEventStore({ path: missing })).toThrow(missing);
  });

  it('fails with StoreUnavailable when the path is a directory', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(() => createSqliteEventStore({ path: folder })).toThrow(StoreUnavailable);
  });

  it('fails with StoreUnavailable when the file is not a SQLite database', () => {
    writeFileSync(path, 'this is not a database, just some text that is long enough to look like a header');
    expect(() => createSqliteEventStore({ path })).toThrow(StoreUnavailable);
  });

  it('applies each schema migration once and records it', async () => {
    store = createSqliteEventStore({ path });
    await store.append('account-1', [newEvent('A')], { expectedRevision: 'no_stream' });
    await store.close();
    store = createSqliteEventStore({ path });
    expect(await collect(store.readStream('account-1'))).toHaveLength(1);
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'events' },
      { version: 2, name: 'command ids' },
      { version: 3, name: 'store identity' },
      { version: 4, name: 'command fingerprints' },
    ]);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('reads KARE_SQLITE_SYNC as full by default and normal on request', () => {
    expect(parseSqliteSync(undefined)).toBe('full');
    expect(parseSqliteSync('NORMAL')).toBe('normal');
    expect(() => parseSqliteSync('off')).toThrow(/full.*normal/);
  });
});

describe('group commit', () => {
  it('commits concurrent appends together, each with its own check and result', async () => {
    store = createSqliteEventStore({ path });
    await store.append('account-x', [newEvent('A')], { expectedRevision: 'no_stream' });
    const concurrent = Array.from({ length: 50 }, (_, i) =>
      store!.append(`account-${i}`, [newEvent('A', { i })], { expectedRevision: 'no_stream' }),
    );
    const conflicting = store.append('account-x', [newEvent('B')], { expectedRevision: 5n });
    const sameStream = [
      store.append('account-x', [newEvent('C')], { expectedRevision: 0n }),
      store.append('account-x', [newEvent('D')], { expectedRevision: 1n }),
    ];
    const results = await Promise.all(concurrent);
    expect(results.map((r) => r.nextRevision)).toEqual(Array.from({ length: 50 }, () => 0n));
    expect(new Set(results.map((r) => r.position)).size).toBe(50);
    await expect(conflicting).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect((await Promise.all(sameStream)).map((r) => r.nextRevision)).toEqual([1n, 2n]);
    expect((await collect(store.readStream('account-x'))).map((e) => e.type)).toEqual(['A', 'C', 'D']);
  });
});

describe('a multi-event append that fails halfway', () => {
  // Alone in its group it has no savepoint: the group's transaction is rolled back instead.
  // Among others it has one: only it is undone. Either way nothing of it stays, positions stay
  // consecutive, and a retry is still told from a duplicate.
  const failHalfway = async (withOthers: boolean) => {
    store = createSqliteEventStore({ path, sync: 'normal' });
    const first = newEvent('A');
    await store.append('account-x', [first], { expectedRevision: 'no_stream' });
    const others = withOthers
      ? [0, 1].map((i) => store!.append(`account-o${i}`, [newEvent('O')], { expectedRevision: 'no_stream' }))
      : [];
    const halfway = store.append('account-x', [newEvent('B'), { ...first }], { expectedRevision: 0n });
    await expect(halfway).rejects.toBeInstanceOf(DuplicateEventId);
    await Promise.all(others);
    const retry = [newEvent('C'), newEvent('D')];
    const original = await store.append('account-x', retry, { expectedRevision: 'any' });
    expect(await store.append('account-x', retry, { expectedRevision: 'any' })).toEqual(original);
    const stream = await collect(store.readStream('account-x'));
    expect(stream.map((e) => [e.type, e.revision])).toEqual([
      ['A', 0n],
      ['C', 1n],
      ['D', 2n],
    ]);
    const all = await collect(store.readAll());
    const positions = all.map((e) => e.globalPosition);
    expect(positions).toEqual(positions.map((_, i) => positions[0]! + BigInt(i)));
    expect(all).toHaveLength(withOthers ? 5 : 3);
    await expect(store.verify('account-x')).resolves.toMatchObject({ ok: true, events: 3n });
  };

  it('alone in its group, leaves nothing', () => failHalfway(false));
  it('among other appends, leaves nothing and they are stored', () => failHalfway(true));
});

describe('another process on the same file', () => {
  it("reaches this process's live subscription within a second", async () => {
    store = createSqliteEventStore({ path });
    const subscription = store.subscribe({ filter: { types: ['FromOtherProcess'] } });
    // Waiting live before the other process writes: delivery must come from the live path.
    let deliveredAt = 0;
    const delivered = take(subscription, 3, 10_000).then((events) => {
      deliveredAt = Date.now();
      return events;
    });
    await promisify(execFile)(process.execPath, [
      new URL('./sqlite-append-worker.mjs', import.meta.url).pathname,
      path,
      'account-other',
      '3',
    ]);
    const writtenAt = Date.now();
    const events = await delivered;
    expect(deliveredAt - writtenAt).toBeLessThan(1000);
    expect(events.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    await subscription.close();
  });
});
