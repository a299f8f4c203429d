// The projection worker (`kare project`): the projections, the daily current-rows job, the
// reactors, the anchors and the webhook deliveries, without the HTTP server, shared with the other workers on one
// PostgreSQL read-model database. Each projection (and each of the other jobs) runs in the one
// worker holding its lease (adapters/postgres/advisory-leases.ts); with KARE_PROJECTION_PARTITIONS
// above 1, each partition of a projection split by account has a lease of its own. A batch
// commits only while its worker still holds the lease (the fence in the batch's transaction).
import type { Logger } from 'pino';
import { createLogger } from '../../adapters/http/logger.js';
import { openAdvisoryLeases } from '../../adapters/postgres/advisory-leases.js';
import { createPostgresProjectionStorage } from '../../adapters/postgres/projection-storage.js';
import { openPostgresReadModelDatabase } from '../../adapters/postgres/read-model-database.js';
import { PROJECTIONS } from '../../projections/index.js';
import { runLeasedJobs, type LeasedJob } from '../consumers/leased-jobs.js';
import { OFFLINE_BATCH_SIZE } from '../consumers/consumer-runner.js';
import type { Partitioning } from '../consumers/projector/projection-consumer.js';
import { HeldBudget } from '../consumers/projector/held-budget.js';
import {
  createProjector,
  DEFAULT_HELD_BATCH_BYTES,
  type Projector,
} from '../consumers/projector/projector.js';
import type { Projection } from '../../projections/projection.js';
import type { Config } from './config.js';
import { EngineUnavailable, openConfiguredEngine, type OpenedEngine } from './open-engine.js';
import { CannotStart } from './serve.js';

export const PROJECT_NEEDS_POSTGRES =
  'kare project needs the read models in PostgreSQL (KARE_READ_DB=postgres://…): the workers share ' +
  'them and their leases there';

export interface Projecting {
  readonly logger: Logger;
  /** The leases this worker holds now (projection:<name>, current-rows, reactors, anchors, webhooks). */
  running(): readonly string[];
  /** Stops its jobs, gives their leases up, closes the engine. */
  close(): Promise<void>;
}

export interface ProjectOptions {
  /** How often the worker looks at the leases (default 500 ms). */
  readonly tickMs?: number;
}

/** The name of a projection's lease. */
export const projectionLease = (projection: string): string => `projection:${projection}`;

/** The name of the lease on one partition of a projection split into `count`. */
export const partitionLease = (projection: string, partition: number, count: number): string =>
  `${projectionLease(projection)}#${partition}/${count}`;

/** The work of a lease of the projections: a projection, whole or one partition of it. */
export interface ProjectionLease {
  readonly name: string;
  readonly projection: Projection;
  readonly partitions?: Partitioning;
}

/**
 * The leases of the projections: one per projection, or one per partition of a projection split
 * by account when KARE_PROJECTION_PARTITIONS (`count`) is above 1.
 */
export const projectionLeases = (count: number): ProjectionLease[] =>
  PROJECTIONS.flatMap((projection) =>
    count === 1 || projection.partitionedBy !== 'account'
      ? [{ name: projectionLease(projection.name), projection }]
      : Array.from({ length: count }, (_, partition) => ({
          name: partitionLease(projection.name, partition, count),
          projection,
          partitions: { count, owned: [partition] },
        })),
  );

/** A job per lease of the projections, each with a projector of its own. */
const projectionJobs = (
  count: number,
  open: (projection: Projection, partitions?: Partitioning) => Projector,
): LeasedJob[] =>
  projectionLeases(count).map(({ name, projection, partitions }): LeasedJob => {
    const projector = open(projection, partitions);
    return {
      name,
      group: 'projections',
      // The partitions of a projection are spread over the workers: that is what they are for.
      ...(partitions === undefined ? {} : { spread: projection.name }),
      start: () => projector.start(),
      stop: () => projector.stop(),
    };
  });

/** The leases besides the projections': the daily job, the reactors, the anchors, the webhook deliveries. */
export const OTHER_LEASES = ['current-rows', 'reactors', 'anchors', 'webhooks'] as const;

const WEBHOOK_START_RETRY_MS = 1000;

/**
 * Every webhook delivered by this one worker, following what the API servers change. Starting
 * (its first look at the store) is retried until it succeeds; a stop waits for a start in flight,
 * so no deliveries begin after the lease is given up.
 */
const webhookDeliveries = (engine: OpenedEngine, logger: Logger): Omit<LeasedJob, 'name'> => {
  let stopped = true;
  let starting: Promise<void> = Promise.resolve();
  const begin = async (): Promise<void> => {
    while (!stopped) {
      try {
        await engine.webhooks.start();
        return;
      } catch (error) {
        logger.warn({ err: error }, 'starting the webhook deliveries failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, WEBHOOK_START_RETRY_MS));
      }
    }
  };
  return {
    start: () => {
      stopped = false;
      starting = begin();
    },
    stop: async () => {
      stopped = true;
      await starting;
      await engine.webhooks.stop();
    },
  };
};

const otherJobs = (engine: OpenedEngine, config: Config, logger: Logger): LeasedJob[] => {
  const jobs: Record<(typeof OTHER_LEASES)[number], Omit<LeasedJob, 'name'>> = {
    'current-rows': {
      start: () =>
        engine.currentRows.start((error) =>
          logger.warn({ err: error }, 'keeping the read models current as of today failed; retrying'),
        ),
      stop: () => engine.currentRows.stop(),
    },
    reactors: { start: () => engine.processes.start(), stop: () => engine.processes.stop() },
    anchors: {
      start: () =>
        engine.anchors.start(config.anchors, (error) =>
          logger.warn({ err: error }, 'anchoring failed; retrying'),
        ),
      stop: () => engine.anchors.stop(),
    },
    webhooks: webhookDeliveries(engine, logger),
  };
  return OTHER_LEASES.map((name) => ({ name, ...jobs[name] }));
};

export const project = async (config: Config, options: ProjectOptions = {}): Promise<Projecting> => {
  const url = config.readDbUrl;
  if (url === undefined) throw new CannotStart(PROJECT_NEEDS_POSTGRES);
  const logger = createLogger(config.logLevel);
  const engine = await openConfiguredEngine(config, {
    onWebhookError: (error, webhookId) =>
      logger.warn({ err: error, webhookId }, 'a webhook failed; retrying'),
  }).catch((error: unknown) => {
    throw error instanceof EngineUnavailable ? new CannotStart(error.message) : error;
  });
  // Its own pool for the batches, and a connection of its own for the leases.
  const db = openPostgresReadModelDatabase({ connectionString: url });
  const leases = openAdvisoryLeases({ connectionString: url });
  const count = config.projectionPartitions;
  const storage = createPostgresProjectionStorage(db, {
    fence: (client, projection, partition) =>
      leases.fence(
        client,
        partition === undefined ? projectionLease(projection) : partitionLease(projection, partition, count),
      ),
  });
  // The worker's projections hold pages within one budget, as those of one process do.
  const heldBudget = new HeldBudget(DEFAULT_HELD_BATCH_BYTES);
  const projectors = projectionJobs(count, (projection, partitions) =>
    createProjector({
      store: engine.projectionStore,
      storage,
      projections: [projection],
      batchSize: OFFLINE_BATCH_SIZE,
      heldBatchBytes: heldBudget,
      ...(partitions === undefined ? {} : { partitions }),
      onFailure: (name, error) => logger.warn({ err: error, projection: name }, `${name} failed; restarting`),
    }),
  );
  leases.onLost((error) => logger.warn({ err: error }, 'the lease connection was lost: every job stops'));
  const jobs = runLeasedJobs({
    leases,
    jobs: [...projectors, ...otherJobs(engine, config, logger)],
    ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
    onChange: (lease, change) => logger.info({ lease, change }, `lease ${change}: ${lease}`),
    onError: (error) => logger.warn({ err: error }, 'looking at the leases failed; retrying'),
  });
  jobs.start();
  logger.info({ store: engine.storeDescription, readDb: engine.readDbPath }, 'projecting');
  return {
    logger,
    running: () => jobs.running(),
    close: async () => {
      await jobs.stop();
      await leases.close();
      await db.close();
      await engine.close();
    },
  };
};
