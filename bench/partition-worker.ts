// One partition of one projection caught up on PostgreSQL, in a process of its own: what a
// `kare project` worker holding that partition's lease runs, without the other jobs. Spawned by
// the workers bench (bench/workers.bench.ts) with KARE_DATA_DIR, KARE_READ_DB, and
// BENCH_PROJECTION, BENCH_PARTITIONS (the count), BENCH_PARTITION (the one applied here).
// Prints one JSON line: when its work began and ended (ms since the epoch) and its CPU time.
import { createPostgresProjectionStorage } from '../adapters/postgres/projection-storage.js';
import { openPostgresReadModelDatabase } from '../adapters/postgres/read-model-database.js';
import { PROJECTIONS } from '../projections/index.js';
import { loadConfig } from '../src/app/config.js';
import { openConfiguredEngine } from '../src/app/open-engine.js';
import { OFFLINE_BATCH_SIZE } from '../src/consumers/consumer-runner.js';
import { createProjector } from '../src/consumers/projector/projector.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const name = process.env['BENCH_PROJECTION'];
const projection = PROJECTIONS.find((p) => p.name === name);
if (projection === undefined || config.readDbUrl === undefined)
  throw new Error(`BENCH_PROJECTION (${name}) and KARE_READ_DB=postgres://… are needed`);
const count = Number(process.env['BENCH_PARTITIONS'] ?? 1);
const partition = Number(process.env['BENCH_PARTITION'] ?? 0);

const engine = await openConfiguredEngine(config);
const db = openPostgresReadModelDatabase({ connectionString: config.readDbUrl });
try {
  const cpu = process.cpuUsage();
  const began = Date.now();
  await createProjector({
    store: engine.projectionStore,
    storage: createPostgresProjectionStorage(db),
    projections: [projection],
    batchSize: OFFLINE_BATCH_SIZE,
    ...(count === 1 ? {} : { partitions: { count, owned: [partition] } }),
  }).catchUp();
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ began, ended: Date.now(), cpuSeconds: (used.user + used.system) / 1e6 }));
} finally {
  await db.close();
  await engine.close();
}
