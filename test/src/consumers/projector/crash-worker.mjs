// A projector process that kills itself (SIGKILL) inside the transaction of its Nth batch,
// after the rows are written and before COMMIT: a real crash at the worst moment.
import { register } from 'tsx/esm/api';

register();
const { createSqliteEventStore } = await import('../../../../adapters/sqlite/event-store.ts');
const { openReadModelDatabase } = await import('../../../../adapters/sqlite/read-model-database.ts');
const { createSqliteProjectionStorage } = await import('../../../../adapters/sqlite/projection-storage.ts');
const { createProjector } = await import('../../../../src/consumers/projector/projector.ts');
const { counterProjection, ordersProjection } = await import('./fixtures.ts');

const [path, killAtCommit] = process.argv.slice(2);
const store = createSqliteEventStore({ path });
const db = openReadModelDatabase(path);
let commits = 0;
const projector = createProjector({
  store,
  storage: createSqliteProjectionStorage(db),
  projections: [counterProjection(), ordersProjection()],
  batchSize: 40,
  // A commit per page: the Nth lands mid catch-up.
  heldBatchBytes: 0,
  faults: {
    beforeCommit: () => {
      commits += 1;
      if (commits === Number(killAtCommit)) process.kill(process.pid, 'SIGKILL');
    },
  },
});
await projector.catchUp();
console.error(`caught up after ${commits} commits without being killed`);
process.exit(3);
