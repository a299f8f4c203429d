// The projection storage contract on partitions: one suite, run against every read-model
// database (SQLite, PostgreSQL). A live build split into N partitions over one set of tables:
// each partition's batches move its own checkpoint (the build stands at the lowest), a batch
// of the whole build is refused once it is split, a split build is split again only where its
// partitions stand together, and a discarded or replaced build leaves no partition behind.
// Across a network, the partitions' transactions run side by side.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CheckpointMoved,
  PartitionsDiffer,
  type Build,
  type BuildTables,
  type CommitRequest,
  type ProjectionStorage,
} from '../../src/ports.js';
import { transact } from './read-model-store.contract.js';
import { counterProjection } from '../src/consumers/projector/fixtures.js';

export interface ProjectionStorageSubject {
  readonly storage: ProjectionStorage;
  /** Another connection to the same database, as another worker process would open it. */
  connect(): ProjectionStorage;
  cleanup(): Promise<void>;
}

export interface ProjectionStorageFactory {
  readonly name: string;
  /** Whether two transactions can be open at once (across a network; SQLite has one writer). */
  readonly concurrentTransactions: boolean;
  create(): Promise<ProjectionStorageSubject>;
}

const counter = counterProjection(1, 'tally');

/** A counter's change for a batch: the document and its row. */
const counted = (key: string, count: number) => ({
  json: JSON.stringify({ streamId: key, count, lastType: 'Counted' }),
  row: { count, last_type: 'Counted' },
});

/** A batch writing `keys` (each counted once) and moving a checkpoint `from` → `to`. */
const batch = (keys: readonly string[], from: bigint, to: bigint, store?: string): CommitRequest => ({
  changes: new Map([['counters', new Map(keys.map((key) => [key, counted(key, 1)]))]]),
  from,
  to,
  ...(store === undefined ? {} : { store }),
});

const commit = (tables: BuildTables, request: CommitRequest): Promise<void> =>
  transact(tables, async () => request);

/** A document as committed, read in a transaction that writes nothing. */
const documentOf = async (tables: BuildTables, key: string): Promise<string | undefined> => {
  let found: string | undefined;
  await transact(tables, async (read) => {
    found = await read('counters', key);
    return undefined;
  });
  return found;
};

/** A call's throw and a promise's rejection alike, as a promise (SQLite answers at once). */
const attempt = <T>(call: () => T | Promise<T>): Promise<T> => Promise.resolve().then(call);

export const projectionStorageContract = (factory: ProjectionStorageFactory): void => {
  describe(`projection storage partitions (${factory.name})`, () => {
    let subject: ProjectionStorageSubject;
    let storage: ProjectionStorage;
    beforeEach(async () => {
      subject = await factory.create();
      storage = subject.storage;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    const live = async (): Promise<Build> => (await storage.builds('tally')).live!;
    const tablesOf = (build: Build, partition?: number) => storage.tables(counter, build, partition);

    /** A live build at 5n (from store-1), split into `count`. */
    const splitAt5 = async (count: number): Promise<Build> => {
      const build = await storage.create(counter, 'live', 0);
      await commit(await tablesOf(build), batch(['s-0'], 0n, 5n, 'store-1'));
      return storage.split(await live(), count);
    };

    it('splits a live build into partitions at its position, and says so in builds()', async () => {
      const split = await splitAt5(3);
      expect(split).toEqual({
        projection: 'tally',
        state: 'live',
        version: 1,
        build: 0,
        position: 5n,
        partitions: [5n, 5n, 5n],
        store: 'store-1',
      });
      expect(await live()).toEqual(split);
    });

    it("moves only a partition's checkpoint with its batches; the build stands at the lowest", async () => {
      const split = await splitAt5(3);
      await commit(await tablesOf(split, 1), batch(['s-1'], 5n, 9n, 'store-1'));
      expect(await live()).toMatchObject({ position: 5n, partitions: [5n, 9n, 5n], store: 'store-1' });
      await commit(await tablesOf(split, 0), batch(['s-2'], 5n, 12n));
      await commit(await tablesOf(split, 2), batch(['s-3'], 5n, 11n));
      expect(await live()).toMatchObject({ position: 9n, partitions: [12n, 9n, 11n] });
      const whole = await tablesOf(split);
      for (const key of ['s-1', 's-2', 's-3'])
        expect(JSON.parse((await documentOf(whole, key))!)).toMatchObject({ count: 1 });
    });

    it("refuses a partition's batch from another position than its own, writing nothing of it", async () => {
      const split = await splitAt5(3);
      await commit(await tablesOf(split, 1), batch(['s-1'], 5n, 9n));
      // Partition 2 is still at 5n: 9n is another partition's position.
      await expect(commit(await tablesOf(split, 2), batch(['s-2'], 9n, 10n))).rejects.toBeInstanceOf(
        CheckpointMoved,
      );
      expect(await live()).toMatchObject({ position: 5n, partitions: [5n, 9n, 5n] });
      expect(await documentOf(await tablesOf(split), 's-2')).toBeUndefined();
    });

    it('refuses a batch of the whole build once it is split, writing nothing of it', async () => {
      const split = await splitAt5(3);
      await expect(commit(await tablesOf(split), batch(['s-1'], 5n, 8n))).rejects.toBeInstanceOf(
        CheckpointMoved,
      );
      expect(await live()).toMatchObject({ position: 5n, partitions: [5n, 5n, 5n] });
      expect(await documentOf(await tablesOf(split), 's-1')).toBeUndefined();
    });

    it('refuses a batch of a partition the build does not have', async () => {
      const split = await splitAt5(2);
      await expect(commit(await tablesOf(split, 2), batch(['s-1'], 5n, 8n))).rejects.toThrow();
      expect(await live()).toMatchObject({ position: 5n, partitions: [5n, 5n] });
      expect(await documentOf(await tablesOf(split), 's-1')).toBeUndefined();
    });

    it('refuses to split into another count partitions standing at different positions', async () => {
      const split = await splitAt5(3);
      await commit(await tablesOf(split, 0), batch(['s-1'], 5n, 7n));
      const refused = await attempt(() => storage.split(split, 2)).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(PartitionsDiffer);
      expect(refused).toMatchObject({ projection: 'tally', count: 2 });
      await expect(attempt(() => storage.split(split, 1))).rejects.toBeInstanceOf(PartitionsDiffer);
      expect(await live()).toMatchObject({ position: 5n, partitions: [7n, 5n, 5n] });
    });

    it('leaves a build already split into that many as it is, wherever its partitions stand', async () => {
      const split = await splitAt5(3);
      await commit(await tablesOf(split, 1), batch(['s-1'], 5n, 6n));
      const again = await storage.split(split, 3);
      expect(again).toMatchObject({ position: 5n, partitions: [5n, 6n, 5n] });
      expect(await live()).toEqual(again);
      // Partition 1's checkpoint is where its batch left it, not back at the split.
      await commit(await tablesOf(split, 1), batch(['s-2'], 6n, 7n));
      expect(await live()).toMatchObject({ partitions: [5n, 7n, 5n] });
    });

    it('splits partitions standing together into another count, and makes the build whole again', async () => {
      const split = await splitAt5(3);
      for (const partition of [0, 1, 2])
        await commit(await tablesOf(split, partition), batch([`s-${partition}`], 5n, 8n, 'store-2'));
      const two = await storage.split(split, 2);
      expect(two).toMatchObject({ position: 8n, partitions: [8n, 8n], store: 'store-2' });
      expect(await live()).toEqual(two);
      const whole = await storage.split(two, 1);
      expect(whole).toEqual({
        projection: 'tally',
        state: 'live',
        version: 1,
        build: 0,
        position: 8n,
        store: 'store-2',
      });
      expect(await live()).toEqual(whole);
      // Whole again: its checkpoint moves from the partitions' common position.
      await commit(await tablesOf(whole), batch(['s-9'], 8n, 10n));
      expect(await live()).toEqual({ ...whole, position: 10n });
      await expect(commit(await tablesOf(whole, 0), batch(['s-8'], 8n, 10n))).rejects.toThrow();
    });

    it('leaves a whole build whole when split into 1', async () => {
      const build = await storage.create(counter, 'live', 0);
      await commit(await tablesOf(build), batch(['s-0'], 0n, 4n));
      const same = await storage.split(await live(), 1);
      expect(same).toEqual({ projection: 'tally', state: 'live', version: 1, build: 0, position: 4n });
      expect(await live()).toEqual(same);
    });

    it('splits only a live build, into a whole number of partitions from 1', async () => {
      const live0 = await storage.create(counter, 'live', 0);
      const building = await storage.create(counterProjection(2, 'tally'), 'building', 0);
      await expect(attempt(() => storage.split(building, 2))).rejects.toThrow(/live/);
      expect((await storage.builds('tally')).building).toEqual(building);
      for (const count of [0, -1, 1.5, Number.NaN, 2 ** 53])
        await expect(attempt(() => storage.split(live0, count))).rejects.toThrow(RangeError);
      expect(await live()).toEqual(live0);
    });

    it("drops a discarded build's partitions: a later build of that number starts whole", async () => {
      const split = await splitAt5(3);
      await storage.discard(split);
      const again = await storage.create(counter, 'live', 0);
      expect(await live()).toEqual(again);
      expect((await live()).partitions).toBeUndefined();
      await commit(await tablesOf(again), batch(['s-1'], 0n, 3n));
      expect(await live()).toMatchObject({ position: 3n });
    });

    it("drops the replaced build's partitions on a swap: a later build of that number starts whole", async () => {
      const split = await splitAt5(3);
      const v2 = await storage.create(counterProjection(2, 'tally'), 'building', 0);
      const promoted = await storage.promote(v2, split);
      expect(promoted).toEqual({ ...v2, state: 'live' });
      expect(await live()).toEqual(promoted);
      // Version 1, build 0 again (a rollback): nothing of the old build's partitions is left.
      const v1 = await storage.create(counter, 'building', 0);
      await storage.promote(v1, promoted);
      expect(await live()).toEqual({ ...v1, state: 'live' });
      await commit(await tablesOf(await live()), batch(['s-1'], 0n, 3n));
      expect(await live()).toMatchObject({ position: 3n });
    });

    if (factory.concurrentTransactions)
      it("runs two partitions' batches side by side: neither waits for the other's commit", async () => {
        const split = await splitAt5(2);
        const other = subject.connect();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        // Partition 0's transaction stays open (its batch waits at the gate)…
        const first = transact(await tablesOf(split, 0), async () => {
          entered();
          await gate;
          return batch(['s-0b'], 5n, 20n);
        });
        await inside;
        try {
          // …while partition 1's runs to its commit on another connection.
          const second = transact(await other.tables(counter, split, 1), async () => batch(['s-1'], 5n, 9n));
          const timeout = new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error("partition 1 waited for partition 0's transaction")), 5_000),
          );
          await Promise.race([second, timeout]);
          expect(await live()).toMatchObject({ position: 5n, partitions: [5n, 9n] });
        } finally {
          release();
          await first;
        }
        expect(await live()).toMatchObject({ position: 9n, partitions: [20n, 9n] });
      });
  });
};
