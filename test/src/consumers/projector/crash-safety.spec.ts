// Exactly-once effect through crashes: a batch that dies between its row writes and its
// COMMIT leaves nothing behind, and the restarted projector ends with the read model a
// rebuild from scratch gives, row for row, in every collection.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Projection } from '../../../../projections/projection.js';
import type { StoredEvent } from '../../../../src/ports.js';
import { runProjection } from '../../../support/projection-harness.js';
import { collect } from '../../../contracts/event-store.contract.js';
import {
  allRows,
  appendCounted,
  appendOrders,
  checkpoints,
  counterProjection,
  ordersProjection,
} from './fixtures.js';
import { setUp, STORE_KINDS, type ProjectorSetup } from './projector-setup.js';

const sqliteKind = STORE_KINDS[1]!;

/** What the in-memory harness gives for the events up to `position`, in the shape allRows reads. */
const expectedRows = (projection: Projection, events: readonly StoredEvent[], position: bigint) => {
  const run = runProjection(
    projection,
    events.filter((e) => e.globalPosition <= position),
  );
  return Object.fromEntries(
    Object.keys(projection.collections).map((name) => [
      `${projection.name}/${name}`,
      run.rows(name).map((row) => {
        const key = Object.values(row)[0] as string;
        return { ...row, doc: JSON.stringify(run.doc(name, key)) };
      }),
    ]),
  );
};

describe('crash safety (SQLite event store and read models in one file)', () => {
  let setup: ProjectorSetup;
  beforeEach(() => {
    setup = setUp(sqliteKind);
  });
  afterEach(async () => {
    await setup.close();
  });

  it('rolls back a batch that fails between its row writes and its commit; a restart equals a rebuild', async () => {
    await appendOrders(setup.store, 300);
    await appendCounted(setup.store, 100);
    const projections = [ordersProjection(), counterProjection()];
    let commits = 0;
    const crashing = setup.projector(projections, {
      batchSize: 30,
      heldBatchBytes: 0,
      faults: {
        beforeCommit: (projection) => {
          if (projection === 'orders' && (commits += 1) === 4) throw new Error('power cut');
        },
      },
    });
    await expect(crashing.projector.catchUp()).rejects.toThrow('power cut');

    // Three batches of 30 committed; the fourth wrote its rows and was rolled back.
    const events = await collect(setup.store.readAll());
    const orders = checkpoints(setup.readPath).find((c) => c.projection === 'orders')!;
    expect(orders.position).toBe(events[89]!.globalPosition);
    const afterCrash = allRows(setup.readPath);
    const expected = expectedRows(ordersProjection(), events, orders.position);
    for (const [name, rows] of Object.entries(expected)) expect(afterCrash[name]).toEqual(rows);

    const restarted = setup.projector(projections, { batchSize: 30 });
    await restarted.projector.catchUp();
    const fromScratch = setup.projector(projections, {}, { readPath: setup.dir.path('scratch.sqlite') });
    await fromScratch.projector.catchUp();
    const rows = allRows(setup.readPath);
    expect(rows).toEqual(allRows(setup.dir.path('scratch.sqlite')));
    expect(Object.keys(rows).sort()).toEqual([
      'orders/customers',
      'orders/lookup',
      'orders/orders',
      'stream-counter/counters',
    ]);
    expect(rows['orders/orders']!.length).toBeGreaterThan(100);
  });

  it('restarts a killed process (SIGKILL inside the commit) to the read model of a rebuild', async () => {
    await appendOrders(setup.store, 400);
    await appendCounted(setup.store, 200);
    const head = await setup.store.headPosition();

    const worker = new URL('./crash-worker.mjs', import.meta.url).pathname;
    const killed = await promisify(execFile)(process.execPath, [worker, setup.readPath, '9']).then(
      () => undefined,
      (error: { signal?: string; stderr?: string }) => error,
    );
    expect(killed?.signal, killed?.stderr).toBe('SIGKILL');
    const partial = checkpoints(setup.readPath);
    expect(partial.some((c) => c.position > 0n && c.position < head)).toBe(true);

    const projections = [counterProjection(), ordersProjection()];
    const restarted = setup.projector(projections);
    await restarted.projector.catchUp();
    const fromScratch = setup.projector(projections, {}, { readPath: setup.dir.path('scratch.sqlite') });
    await fromScratch.projector.catchUp();
    expect(allRows(setup.readPath)).toEqual(allRows(setup.dir.path('scratch.sqlite')));
    expect(checkpoints(setup.readPath).map((c) => c.position)).toEqual([head, head]);
  });

  it('recovers in the background: a failed commit marks the projection failed, the restart completes it', async () => {
    await appendOrders(setup.store, 120);
    let failures = 2;
    const running = setup.projector([ordersProjection()], {
      batchSize: 25,
      faults: {
        beforeCommit: () => {
          if (failures === 0) return;
          failures -= 1;
          throw new Error('disk hiccup');
        },
      },
    });
    running.projector.start();
    const head = await setup.store.headPosition();
    expect(await running.projector.waitFor(head, 5000)).toBe(true);
    expect(failures).toBe(0);
    const fromScratch = setup.projector(
      [ordersProjection()],
      {},
      { readPath: setup.dir.path('scratch.sqlite') },
    );
    await fromScratch.projector.catchUp();
    expect(allRows(setup.readPath)).toEqual(allRows(setup.dir.path('scratch.sqlite')));
  });
});
