// The SQLite event store against raw better-sqlite3 doing the same durable inserts (same
// pragmas, same table, same rows), at synchronous=FULL and NORMAL.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteSync } from '../adapters/sqlite/connection.js';
import { createSqliteEventStore } from '../adapters/sqlite/event-store.js';
import { migrate } from '../adapters/sqlite/migrations.js';
import type { EventStore, NewEvent } from '../src/ports.js';
import {
  opsPerSecond,
  row,
  sideBySide,
  type Benchmark,
  type BenchOptions,
  type BenchRow,
} from './harness.js';

const DATA = {
  accountId: 'acc-000123',
  period: '2026-03',
  amount: { amount: 12_345_600, currency: 'CNY' },
  sourceRef: 'ERP-99812',
};
const METADATA = { schemaVersion: 1, commandId: 'cmd-1', correlationId: 'corr-1', actor: 'bench' };
const HASH = 'f'.repeat(64);

const newEvent = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'RevenueRecorded',
  data: DATA,
  metadata: METADATA,
});

interface Files {
  readonly dir: string;
  next(): string;
}

const files = (): Files => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-'));
  let n = 0;
  return { dir, next: () => join(dir, `db-${(n += 1)}.sqlite`) };
};

/** The raw baseline: the same table and row shape, plain prepared INSERTs. */
const rawInserter = (path: string, sync: SqliteSync) => {
  const db = openDatabase(path, sync);
  migrate(db);
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Map<string, bigint>();
  const one = (streamId: string): void => {
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    insert.run(
      randomUUID(),
      streamId,
      revision,
      'RevenueRecorded',
      JSON.stringify(DATA),
      JSON.stringify(METADATA),
      new Date().toISOString(),
      HASH,
    );
  };
  const transaction = db.transaction((streamId: string, rows: number) => {
    for (let i = 0; i < rows; i += 1) one(streamId);
  });
  return { db, transaction };
};

/** The raw baseline of reading: every row of the events table in order, data and metadata parsed. */
export const rawReadAll = (path: string, expected: number): void => {
  const db = new Database(path, { readonly: true });
  db.defaultSafeIntegers(true);
  let n = 0;
  const rows = db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{
    data: string;
    metadata: string;
  }>;
  for (const r of rows) {
    JSON.parse(r.data);
    JSON.parse(r.metadata);
    n += 1;
  }
  db.close();
  if (n !== expected) throw new Error(`read ${n} of ${expected}`);
};

/** The raw baseline of one durable single-row transaction per append, `count` times. */
export const rawSingleRowInserts = (path: string, sync: SqliteSync, count: number): void => {
  const raw = rawInserter(path, sync);
  for (let i = 0; i < count; i += 1) raw.transaction('account-seq', 1);
  raw.db.close();
};

const withStore = async (
  path: string,
  sync: SqliteSync,
  run: (store: EventStore) => Promise<void>,
): Promise<void> => {
  const store = createSqliteEventStore({ path, sync });
  try {
    await run(store);
  } finally {
    await store.close();
  }
};

const sequential = (store: EventStore) => async (ops: number) => {
  for (let i = 0; i < ops; i += 1) {
    await store.append('account-seq', [newEvent()], {
      expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
    });
  }
};

const concurrent = (store: EventStore, appenders: number) => async (ops: number) => {
  const per = Math.ceil(ops / appenders);
  await Promise.all(
    Array.from({ length: appenders }, async (_, a) => {
      for (let i = 0; i < per; i += 1) {
        await store.append(`account-c${a}`, [newEvent()], {
          expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
        });
      }
    }),
  );
};

const batches = (store: EventStore, size: number) => async (events: number) => {
  for (let i = 0; i < events / size; i += 1) {
    await store.append('account-batch', Array.from({ length: size }, newEvent), { expectedRevision: 'any' });
  }
};

export const runEventStoreBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const f = files();
  const rows: BenchRow[] = [];
  const repeats = quick ? 1 : 3;
  try {
    for (const sync of ['full', 'normal'] as const) {
      const singleOps = quick ? (sync === 'full' ? 600 : 2000) : sync === 'full' ? 3000 : 10_000;
      const rawSingle = () => opsPerSecond(singleOps, (ops) => rawSingleRowInserts(f.next(), sync, ops));

      const seq = await sideBySide(
        repeats,
        () => opsPerSecond(singleOps, (ops) => withStore(f.next(), sync, (s) => sequential(s)(ops))),
        rawSingle,
      );
      rows.push(row(`sequential-${sync}`, 'appends/s', seq.ours, seq.baseline, '≥ 0.7'));

      const conc = await sideBySide(
        repeats,
        () => opsPerSecond(singleOps * 4, (ops) => withStore(f.next(), sync, (s) => concurrent(s, 50)(ops))),
        rawSingle,
      );
      rows.push(
        row(`concurrent-${sync}`, 'appends/s', conc.ours, conc.baseline, sync === 'full' ? '≥ 3' : '≥ 1.5'),
      );

      const batchEvents = quick ? 20_000 : 100_000;
      const batch = await sideBySide(
        repeats,
        () =>
          opsPerSecond(batchEvents, (events) => withStore(f.next(), sync, (s) => batches(s, 100)(events))),
        () =>
          opsPerSecond(batchEvents, (events) => {
            const raw = rawInserter(f.next(), sync);
            for (let i = 0; i < events / 100; i += 1) raw.transaction('account-batch', 100);
            raw.db.close();
          }),
      );
      rows.push(row(`batch-${sync}`, 'events/s', batch.ours, batch.baseline, '≥ 0.8'));

      // readAll over a file filled once.
      const filled = f.next();
      const total = quick ? 20_000 : 100_000;
      await withStore(filled, sync, (s) => batches(s, 500)(total));
      const read = await sideBySide(
        repeats,
        () =>
          opsPerSecond(total, () =>
            withStore(filled, sync, async (s) => {
              let n = 0;
              for await (const event of s.readAll()) n += event.data === null ? 0 : 1;
              if (n !== total) throw new Error(`read ${n} of ${total}`);
            }),
          ),
        () => opsPerSecond(total, () => rawReadAll(filled, total)),
      );
      rows.push(row(`readall-${sync}`, 'events/s', read.ours, read.baseline, '≥ 0.5'));
    }
  } finally {
    rmSync(f.dir, { recursive: true, force: true });
  }
  return rows;
};

export const benchmark: Benchmark = {
  title: 'Event store (SQLite) vs raw better-sqlite3',
  run: runEventStoreBench,
};
