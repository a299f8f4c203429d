// Positions are only meaningful on the store that issued them: checkpoints record the store's
// identity, so a read-model database (or a reactor's checkpoint) carried to another event store
// is rebuilt, or refused with a clear error, and never resumed at a position of the other store.
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteCheckpointStore } from '../../../adapters/sqlite/checkpoint-store.js';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import { createSqliteProjectionStorage } from '../../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../../adapters/sqlite/read-model-database.js';
import { createSqliteReadModelStore } from '../../../adapters/sqlite/read-model-store.js';
import { storedCheckpoint } from '../../../src/consumers/consumer-checkpoint.js';
import { ConsumerRunner, RUNNER_DEFAULTS } from '../../../src/consumers/consumer-runner.js';
import { createProjector } from '../../../src/consumers/projector/projector.js';
import { ForeignCheckpoint, type EventStore } from '../../../src/ports.js';
import { appendCounted, counterProjection, eventually, tempDir, type TempDir } from './projector/fixtures.js';

let dir: TempDir;
const closing: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
  dir?.remove();
});

const sqliteStore = (name: string): EventStore => {
  const store = createSqliteEventStore({ path: dir.path(name), sync: 'normal' });
  closing.push(() => store.close());
  return store;
};

const readDb = () => {
  const db = openReadModelDatabase(dir.path('read-models.sqlite'));
  closing.push(() => void db.close());
  return db;
};

const counted = async (db: ReturnType<typeof readDb>): Promise<number> => {
  const rows = await createSqliteReadModelStore(db).find<{ count: number }>('stream_counts');
  return rows.reduce((sum, row) => sum + row.doc.count, 0);
};

describe('the identity of a SQLite store', () => {
  it('is made with the file and kept across opens; another file has another', async () => {
    dir = tempDir();
    const first = createSqliteEventStore({ path: dir.path('a.sqlite') });
    const id = await first.storeId!();
    await first.close();
    const again = sqliteStore('a.sqlite');
    expect(await again.storeId!()).toBe(id);
    expect(await sqliteStore('b.sqlite').storeId!()).not.toBe(id);
  });
});

describe('a projection whose checkpoint another store issued', () => {
  it('is rebuilt from the new store’s first event, not resumed at the old position', async () => {
    dir = tempDir();
    const before = sqliteStore('before.sqlite');
    const after = sqliteStore('after.sqlite');
    await appendCounted(before, 9, 3);
    const db = readDb();
    const projection = counterProjection();
    const onBefore = createProjector({
      store: before,
      storage: createSqliteProjectionStorage(db),
      projections: [projection],
    });
    await onBefore.catchUp();
    // Counted and Touched are handled: all 9 events counted.
    expect(await counted(db)).toBe(9);

    // The new store has more events than the old position: resuming there would skip 9 of them.
    const head = await appendCounted(after, 15, 5, 'supply');
    const onAfter = createProjector({
      store: after,
      storage: createSqliteProjectionStorage(db),
      projections: [projection],
    });
    await onAfter.catchUp();
    expect(await counted(db)).toBe(15);
    expect((await onAfter.status())[0]).toMatchObject({ position: head, lag: 0n });
    const recorded = db
      .prepare<[], { store_id: string }>("SELECT store_id FROM projection_checkpoints WHERE state = 'live'")
      .get();
    expect(recorded?.store_id).toBe(await after.storeId!());
  });

  it('is rebuilt by a running projector too', async () => {
    dir = tempDir();
    const before = sqliteStore('before.sqlite');
    const after = sqliteStore('after.sqlite');
    await appendCounted(before, 6, 2);
    const db = readDb();
    await createProjector({
      store: before,
      storage: createSqliteProjectionStorage(db),
      projections: [counterProjection()],
    }).catchUp();
    await appendCounted(after, 10, 2, 'supply');
    const projector = createProjector({
      store: after,
      storage: createSqliteProjectionStorage(db),
      projections: [counterProjection()],
    });
    projector.start();
    closing.push(() => projector.stop());
    await eventually(async () => (await counted(db)) === 10);
    const rows = await createSqliteReadModelStore(db).find<{ streamId: string }>('stream_counts');
    expect(rows.every((row) => row.doc.streamId.startsWith('supply-'))).toBe(true);
  });
});

describe('a projection checkpoint saved before checkpoints named their store', () => {
  it('is resumed on its store, and rebuilt when it stands past the head (another store issued it)', async () => {
    dir = tempDir();
    const before = sqliteStore('before.sqlite');
    const after = sqliteStore('after.sqlite');
    await appendCounted(before, 9, 3);
    const db = readDb();
    const projector = (store: EventStore) =>
      createProjector({
        store,
        storage: createSqliteProjectionStorage(db),
        projections: [counterProjection()],
      });
    await projector(before).catchUp();
    const unnamed = () => db.prepare('UPDATE projection_checkpoints SET store_id = NULL').run();
    unnamed();
    // On its own store it resumes (nothing to redo) and records the store from the next commit.
    await appendCounted(before, 1, 3);
    await projector(before).catchUp();
    expect(await counted(db)).toBe(10);
    unnamed();
    // A new store with fewer events: position 10 is past its head of 4.
    await appendCounted(after, 4, 2, 'supply');
    const moved = projector(after);
    await moved.catchUp();
    expect(await counted(db)).toBe(4);
    expect((await moved.status())[0]).toMatchObject({ position: await after.headPosition(), lag: 0n });
  });
});

describe('a reactor whose checkpoint another store issued', () => {
  const reactor = (store: EventStore, db: ReturnType<typeof readDb>, seen: bigint[] = []) =>
    new ConsumerRunner(
      store,
      {
        name: 'process:test',
        checkpoint: storedCheckpoint(createSqliteCheckpointStore(db), 'process:test'),
        handle: (events) => {
          seen.push(...events.map((e) => e.globalPosition));
        },
      },
      { ...RUNNER_DEFAULTS, backoff: { initialMs: 5, maxMs: 20 } },
    );

  it('refuses to resume, with a clear error, instead of acting from a foreign position', async () => {
    dir = tempDir();
    const before = sqliteStore('before.sqlite');
    const after = sqliteStore('after.sqlite');
    const db = readDb();
    await appendCounted(before, 4);
    await reactor(before, db).catchUp();
    await appendCounted(after, 8);

    const seen: bigint[] = [];
    const moved = reactor(after, db, seen);
    const refused = await moved.catchUp().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ForeignCheckpoint);
    expect((refused as Error).message).toContain('another event store');
    expect(seen).toEqual([]);

    moved.start();
    closing.push(() => moved.stop());
    await eventually(async () => (await moved.status()).state === 'failed');
    expect((await moved.status()).error).toContain(await before.storeId!());
    expect(seen).toEqual([]);
  });

  it('resumes on its own store, and takes over a checkpoint saved before stores had ids', async () => {
    dir = tempDir();
    const store = sqliteStore('kare.sqlite');
    const db = readDb();
    const checkpoints = createSqliteCheckpointStore(db);
    const first = await appendCounted(store, 3);
    // A checkpoint as saved before this change: no store recorded beside it.
    await checkpoints.save('process:test', first);
    await appendCounted(store, 2);
    const seen: bigint[] = [];
    await reactor(store, db, seen).catchUp();
    expect(seen).toHaveLength(2);
    expect(await checkpoints.issuer!('process:test')).toBe(await store.storeId!());
  });
});
