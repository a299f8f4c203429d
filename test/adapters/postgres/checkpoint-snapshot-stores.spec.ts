// The checkpoint and snapshot store contracts against PostgreSQL, and what it adds: both
// survive a reopen, in tables an analyst can read.
import { describe, expect, it } from 'vitest';
import { createPostgresCheckpointStore } from '../../../adapters/postgres/checkpoint-store.js';
import { createPostgresSnapshotStore } from '../../../adapters/postgres/snapshot-store.js';
import { checkpointStoreContract } from '../../contracts/checkpoint-store.contract.js';
import { snapshotStoreContract } from '../../contracts/snapshot-store.contract.js';
import { scratchDatabase, withPostgres } from './postgres-fixture.js';

withPostgres((url) => {
  checkpointStoreContract({
    name: 'postgres',
    create: async () => {
      const scratch = await scratchDatabase(url);
      return { store: createPostgresCheckpointStore(scratch.db), cleanup: scratch.drop };
    },
  });

  snapshotStoreContract({
    name: 'postgres',
    create: async () => {
      const scratch = await scratchDatabase(url);
      return { store: createPostgresSnapshotStore(scratch.db), cleanup: scratch.drop };
    },
  });

  describe('PostgreSQL checkpoint and snapshot stores', () => {
    it('keeps checkpoints and snapshots across a reopen, one plain row each', async () => {
      const scratch = await scratchDatabase(url);
      try {
        await createPostgresCheckpointStore(scratch.db).save('process:account-lost', 2n ** 60n, 'store-1');
        await createPostgresSnapshotStore(scratch.db).save({
          streamId: 'agreement-9',
          revision: 199n,
          recordedAt: '2026-03-01T00:00:00.000Z',
          stateVersion: 3,
          state: { status: 'ACTIVE' },
        });
        const again = scratch.open();
        const checkpoints = createPostgresCheckpointStore(again);
        expect(await checkpoints.load('process:account-lost')).toBe(2n ** 60n);
        expect(await checkpoints.issuer?.('process:account-lost')).toBe('store-1');
        expect(
          await createPostgresSnapshotStore(again).latest('agreement-9', { stateVersion: 3 }),
        ).toMatchObject({
          revision: 199n,
          state: { status: 'ACTIVE' },
        });
        const rows = await again.pool.query(
          'SELECT stream_id, revision::text AS revision, state_version, recorded_at, state FROM snapshots',
        );
        expect(rows.rows).toEqual([
          {
            stream_id: 'agreement-9',
            revision: '199',
            state_version: 3,
            recorded_at: '2026-03-01T00:00:00.000Z',
            state: '{"status":"ACTIVE"}',
          },
        ]);
      } finally {
        await scratch.drop();
      }
    });
  });
});
