// The workers' leases on PostgreSQL advisory locks: one holder at a time, held for as long as
// the lock connection lives (no renewal to miss), freed at once when it ends so another worker
// takes over, and a fence that refuses the batch of a worker that lost its lease.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import {
  LEASE_SPACE,
  LeaseLost,
  leaseKey,
  openAdvisoryLeases,
  type AdvisoryLeases,
} from '../../../adapters/postgres/advisory-leases.js';
import { createPostgresProjectionStorage } from '../../../adapters/postgres/projection-storage.js';
import { createPostgresReadModelStore } from '../../../adapters/postgres/read-model-store.js';
import { createProjector, type Projector } from '../../../src/consumers/projector/projector.js';
import type { EventStore } from '../../../src/ports.js';
import { appendCounted, counterProjection, eventually } from '../../src/consumers/projector/fixtures.js';
import { scratchDatabase, withPostgres, type ScratchDatabase } from './postgres-fixture.js';

withPostgres((url) => {
  describe('leases on PostgreSQL advisory locks', () => {
    // Tests on one database run side by side: each keeps its leases in a namespace of its own.
    let namespace: string;
    const opened: AdvisoryLeases[] = [];
    const worker = (): AdvisoryLeases => {
      const leases = openAdvisoryLeases({ connectionString: url, namespace });
      opened.push(leases);
      return leases;
    };
    let admin: pg.Client;

    /** Ends the lock connection holding `name` from outside, as a crash or a network cut would. */
    const cutHolderOf = async (name: string): Promise<void> => {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND classid::bigint = $1 AND objid::bigint = $2`,
        [LEASE_SPACE, leaseKey(`${namespace}/${name}`)],
      );
      expect(rowCount).toBe(1);
    };

    beforeEach(async () => {
      namespace = `leases_${randomBytes(6).toString('hex')}`;
      admin = new pg.Client({ connectionString: url });
      await admin.connect();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((leases) => leases.close()));
      await admin.end();
    });

    it('is held by one worker at a time; another takes it once it is released', async () => {
      const a = worker();
      const b = worker();
      expect(await a.claim('projection:x')).toBe(true);
      expect(await a.claim('projection:x')).toBe(true);
      expect(await b.claim('projection:x')).toBe(false);
      expect(await b.claim('projection:y')).toBe(true);
      expect([...a.held()]).toEqual(['projection:x']);
      await a.release('projection:x');
      expect(a.held().size).toBe(0);
      expect(await b.claim('projection:x')).toBe(true);
      expect(await a.claim('projection:x')).toBe(false);
    });

    it('stays held without renewal while its connection lives', async () => {
      const a = worker();
      const b = worker();
      expect(await a.claim('reactors')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await b.claim('reactors')).toBe(false);
      expect(a.held().has('reactors')).toBe(true);
    });

    it('counts the workers of its namespace only', async () => {
      const a = worker();
      const b = worker();
      expect(await a.workers()).toBe(1);
      expect(await b.workers()).toBe(2);
      const elsewhere = openAdvisoryLeases({ connectionString: url, namespace: `${namespace}_other` });
      opened.push(elsewhere);
      expect(await elsewhere.workers()).toBe(1);
      expect(await a.workers()).toBe(2);
      await b.close();
      expect(await a.workers()).toBe(1);
    });

    it('is lost when its connection ends: the owner is told and another takes it over', async () => {
      const a = worker();
      const b = worker();
      const told: Error[] = [];
      a.onLost((error) => told.push(error));
      expect(await a.claim('projection:x')).toBe(true);
      expect(await b.claim('projection:x')).toBe(false);
      await cutHolderOf('projection:x');
      await eventually(() => told.length === 1, 5000);
      expect(a.held().size).toBe(0);
      expect(await b.claim('projection:x')).toBe(true);
      // The worker that lost it connects again, and finds it taken.
      expect(await a.claim('projection:x')).toBe(false);
    });

    it('fences: the check passes in a transaction of the holder only', async () => {
      const a = worker();
      const b = worker();
      await a.claim('projection:x');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('BEGIN');
        await a.fence(client, 'projection:x');
        await expect(b.fence(client, 'projection:x')).rejects.toBeInstanceOf(LeaseLost);
        await client.query('ROLLBACK');
        await cutHolderOf('projection:x');
        await eventually(() => a.held().size === 0, 5000);
        await expect(a.fence(client, 'projection:x')).rejects.toBeInstanceOf(LeaseLost);
      } finally {
        await client.end();
      }
    });

    describe('fencing the batches of a projection', () => {
      let scratch: ScratchDatabase;
      let store: EventStore;
      const projectors: Projector[] = [];
      beforeEach(async () => {
        scratch = await scratchDatabase(url);
        store = createMemoryEventStore();
      });
      afterEach(async () => {
        await Promise.all(projectors.splice(0).map((p) => p.stop()));
        await scratch.drop();
      });

      /** A worker's projector: its batches commit only while `leases` hold the projection's lease. */
      const projectorUnder = (leases: AdvisoryLeases): Projector => {
        const projector = createProjector({
          store,
          storage: createPostgresProjectionStorage(scratch.open(), {
            fence: (client, projection) => leases.fence(client, projection),
          }),
          projections: [counterProjection()],
        });
        projectors.push(projector);
        return projector;
      };

      it('refuses a batch once the lease is lost; the new owner goes on from the checkpoint, none twice', async () => {
        const a = worker();
        const b = worker();
        const name = counterProjection().name;
        await a.claim(name);
        const first = projectorUnder(a);
        const second = projectorUnder(b);
        const reads = createPostgresReadModelStore(scratch.db);
        const ten = await appendCounted(store, 10);
        await first.catchUp();
        await cutHolderOf(name);
        await eventually(() => a.held().size === 0, 5000);
        const fifteen = await appendCounted(store, 5, 7, 'late');
        await expect(first.catchUp()).rejects.toBeInstanceOf(LeaseLost);
        expect((await first.status())[0]!.position).toBe(ten);
        // Without the lease, the other worker's batches are refused too.
        await expect(second.catchUp()).rejects.toBeInstanceOf(LeaseLost);
        expect(await b.claim(name)).toBe(true);
        await second.catchUp();
        expect((await second.status())[0]!.position).toBe(fifteen);
        const rows = await reads.find('stream_counts');
        expect(rows.reduce((sum, r) => sum + Number(r.row['count']), 0)).toBe(15);
        // Back to the first worker: it goes on from where the other left it, not from what it cached.
        await b.release(name);
        expect(await a.claim(name)).toBe(true);
        const twenty = await appendCounted(store, 5, 7, 'later');
        await first.catchUp();
        expect((await first.status())[0]!.position).toBe(twenty);
        const again = await reads.find('stream_counts');
        expect(again.reduce((sum, r) => sum + Number(r.row['count']), 0)).toBe(20);
        expect((await reads.get('stream_counts', 'account-0'))?.row['count']).toBe(2);
      });
    });
  });
});
