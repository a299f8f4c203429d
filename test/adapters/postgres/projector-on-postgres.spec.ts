// The projector running on PostgreSQL, where every answer of its storage comes later: it
// follows the store live with read-your-writes, rebuilds beside the live build while it keeps
// following, restarts a failed projection, and two projectors on one database (two processes)
// take turns on each build, so no event is applied twice or skipped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createPostgresProjectionStorage } from '../../../adapters/postgres/projection-storage.js';
import { createPostgresReadModelStore } from '../../../adapters/postgres/read-model-store.js';
import type { ProjectedEvent, Projection } from '../../../projections/projection.js';
import { collect } from '../../contracts/event-store.contract.js';
import { runProjection } from '../../support/projection-harness.js';
import {
  createProjector,
  type Projector,
  type ProjectorOptions,
} from '../../../src/consumers/projector/projector.js';
import type { EventStore, ReadModelStore } from '../../../src/ports.js';
import {
  appendCounted,
  appendOrders,
  counterProjection,
  event,
  eventually,
  ordersProjection,
} from '../../src/consumers/projector/fixtures.js';
import { scratchDatabase, withPostgres, type ScratchDatabase } from './postgres-fixture.js';

const total = (rows: readonly { row: Readonly<Record<string, unknown>> }[]): number =>
  rows.reduce((sum, r) => sum + Number(r.row['count']), 0);

withPostgres((url) => {
  describe('the projector on PostgreSQL', () => {
    let store: EventStore;
    let scratch: ScratchDatabase;
    const running: Projector[] = [];

    /** A projector on its own pool, as another process would run it. */
    const projectorOn = (
      projections: readonly Projection[],
      options: Omit<ProjectorOptions, 'store' | 'storage' | 'projections'> = {},
    ): { projector: Projector; reads: ReadModelStore } => {
      const db = scratch.open();
      const projector = createProjector({
        store,
        storage: createPostgresProjectionStorage(db),
        projections,
        restartBackoff: { initialMs: 5, maxMs: 20 },
        ...options,
      });
      running.push(projector);
      return { projector, reads: createPostgresReadModelStore(db) };
    };

    beforeEach(async () => {
      store = createMemoryEventStore({ initialPosition: 2n ** 53n + 1001n });
      scratch = await scratchDatabase(url);
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((projector) => projector.stop()));
      await scratch.drop();
      await store.close();
    });

    it('follows the store live after catching up, and waitFor gives read-your-writes', async () => {
      await appendCounted(store, 30, 4);
      const { projector, reads } = projectorOn([counterProjection(), ordersProjection()]);
      projector.start();
      const { position } = await store.append('account-9', [event('Counted')], { expectedRevision: 'any' });
      expect(await projector.waitFor(position, 5000)).toBe(true);
      expect((await reads.get('stream_counts', 'account-9'))?.row['count']).toBe(1);
      expect(total(await reads.find('stream_counts'))).toBe(31);
      await eventually(async () =>
        (await projector.status()).every((s) => s.state === 'live' && s.lag === 0n),
      );
    });

    it('rebuilds beside the live build while following, then serves the rebuilt one', async () => {
      await appendOrders(store, 60);
      const { projector, reads } = projectorOn([ordersProjection()], { batchSize: 7 });
      projector.start();
      expect(await projector.waitFor(await store.headPosition(), 5000)).toBe(true);
      const rebuilt = projector.rebuild('orders');
      await appendOrders(store, 10);
      await rebuilt;
      expect(await projector.waitFor(await store.headPosition(), 5000)).toBe(true);
      const builds = await createPostgresProjectionStorage(scratch.db).builds('orders');
      expect(builds).toEqual({ live: expect.objectContaining({ build: 1, state: 'live' }) });
      // What the reducer gives over every event, in memory.
      const expected = runProjection(
        ordersProjection(),
        (await collect(store.readAll())) as unknown as ProjectedEvent[],
      );
      expect((await reads.find('customer_totals')).map((r) => r.row)).toEqual(expected.rows('customers'));
      expect((await reads.find('orders')).map((r) => r.row)).toEqual(expected.rows('orders'));
    });

    it('restarts a failing projection with backoff, committing nothing of the failed batch, and recovers', async () => {
      await appendCounted(store, 4);
      await store.append('account-2', [event('Poison')], { expectedRevision: 'any' });
      await appendCounted(store, 4);
      let poisoned = true;
      const base = counterProjection(1, 'fragile-counter');
      const fragile: Projection = {
        ...base,
        handles: [...base.handles, 'Poison'],
        apply: (e, context) => {
          if (e.type === 'Poison' && poisoned) throw new Error('cannot digest Poison');
          base.apply(e, context);
        },
      };
      const { projector, reads } = projectorOn([fragile], { batchSize: 3 });
      projector.start();
      await eventually(async () => (await projector.status())[0]?.state === 'failed');
      expect((await projector.status())[0]?.error).toContain('cannot digest Poison');
      expect(total(await reads.find('fragile_counter'))).toBe(3);
      poisoned = false;
      expect(await projector.waitFor(await store.headPosition(), 5000)).toBe(true);
      expect(total(await reads.find('fragile_counter'))).toBe(9);
    });

    it('lets two projectors on one database take turns: every event counted exactly once', async () => {
      await appendCounted(store, 200, 9);
      const one = projectorOn([counterProjection()], { batchSize: 11, liveBatchSize: 5 });
      const two = projectorOn([counterProjection()], { batchSize: 13, liveBatchSize: 7 });
      one.projector.start();
      two.projector.start();
      const appends = Array.from({ length: 100 }, (_, i) =>
        store.append(`account-${i % 9}`, [event('Counted')], { expectedRevision: 'any' }),
      );
      await Promise.all(appends);
      const head = await store.headPosition();
      await eventually(async () => {
        const [status] = await one.projector.status();
        return status?.position === head;
      });
      expect(total(await one.reads.find('stream_counts'))).toBe(300);
      expect(total(await two.reads.find('stream_counts'))).toBe(300);
    });
  });
});
