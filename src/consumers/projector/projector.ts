// The projector: runs every projection from its checkpoint against any EventStore, into the
// read-model database behind ProjectionStorage, each on the consumer consumer. Status with lag,
// read-your-writes waits, blue/green rebuilds (`kare rebuild NAME|all`).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Projection } from '../../../projections/projection.js';
import type { EventStore, ProjectionStatus, ProjectionStorage } from '../../ports.js';
import { RUNNER_DEFAULTS } from '../consumer-runner.js';
import { LAG_CAP, lagBehind, type Lag } from '../lag.js';
import type { BackoffOptions } from '../restart-backoff.js';
import type { TurnGate } from '../turn-gate.js';
import { HeldBudget } from './held-budget.js';
import { PositionWatch } from './position-watch.js';
import { ProjectionConsumer, type Partitioning } from './projection-consumer.js';
import { UnknownProjection } from './unknown-projection.js';

export interface ProjectorFaults {
  /**
   * Called inside each batch's transaction after its rows are written, before COMMIT. A throw
   * rolls the batch back (and fails the projection); tests use it to crash at the worst moment.
   */
  readonly beforeCommit?: (projection: string, position: bigint) => void;
}

export interface ProjectorOptions {
  readonly store: EventStore;
  readonly storage: ProjectionStorage;
  readonly projections: readonly Projection[];
  /** Events per transaction while catching up or rebuilding (default 2000). */
  readonly batchSize?: number;
  /**
   * In a serving process, the turn budget every projection catching up shares with the others
   * (and whatever else of the process holds the gate): see RunnerOptions.turnGate. Default: a
   * page is one batch.
   */
  readonly turnGate?: TurnGate;
  /** Most events per transaction while live (default 500); a full batch switches to paging. */
  readonly liveBatchSize?: number;
  /**
   * How long a live projection waits for an event before it compares its position with the
   * head (default 1000 ms): a subscription that missed events is replaced, never waited on.
   */
  readonly idleCheckMs?: number;
  /** Committed documents kept in memory between batches, in bytes per build (default 16 MiB). */
  readonly documentCacheBytes?: number;
  /**
   * Catching up with no turn gate (`kare rebuild`, `kare project`, the demo's load), batches hold
   * pages while the documents they hold together are reckoned to take at most this many bytes
   * (default 512 MiB), a document many pages change being serialised and written once for them;
   * past it, the batch holding the most commits. 0: a commit per page. A HeldBudget: one shared
   * with other projectors (a worker's, one per lease).
   */
  readonly heldBatchBytes?: number | HeldBudget;
  /** The wait before a failed projection restarts (default 100 ms doubling to 30 s). */
  readonly restartBackoff?: BackoffOptions;
  readonly faults?: ProjectorFaults;
  /** The most events a status counts for a lag (default LAG_CAP); a lag at it is shown as capped. */
  readonly lagCap?: bigint;
  /**
   * While not started here (another process projects: `kare serve --no-projector`), waitFor
   * reads the stored positions every this many ms (default 50), since no local commit wakes it.
   */
  readonly pollStoredMs?: number;
  /** Told of each failed batch of a projection, before it restarts after the backoff. */
  readonly onFailure?: (projection: string, error: unknown) => void;
  /**
   * The partitions of each projection split by account, and which of them this projector
   * applies (default: whole). The other projections run whole whatever it says.
   */
  readonly partitions?: Partitioning;
}

export interface ProjectorStatus extends ProjectionStatus {
  /** The build growing beside the live one while a rebuild runs, and how far it has got. */
  readonly rebuild?: { readonly version: number; readonly position: bigint };
  /** A live build split into partitions: where each stands (`position` is the lowest). */
  readonly partitions?: readonly bigint[];
}

export interface Projector {
  readonly names: readonly string[];
  /** Runs every projection in the background: catch up, then live. */
  start(): void;
  /** Ends cleanly: each projection finishes its current batch and closes its subscription. */
  stop(): Promise<void>;
  /** For a stopped projector (CLI, tests): brings every projection to the head, then returns. */
  catchUp(): Promise<void>;
  /**
   * Rebuilds a projection (or `all`, or the projections named) from position 0 beside the live
   * tables and swaps it in; resolves once swapped. On a stopped projector it runs the rebuild
   * itself, the projections named together.
   */
  rebuild(name: string | readonly string[]): Promise<void>;
  /** Per projection: the live version and position, the head, the lag and the state. */
  status(): Promise<readonly ProjectorStatus[]>;
  /**
   * Read-your-writes: true once every projection (or the named one) has applied `position`,
   * false after `timeoutMs`.
   */
  waitFor(position: bigint, timeoutMs: number, name?: string): Promise<boolean>;
}

const DEFAULT_DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
/** The memory the held batches of a projector (or of projectors sharing a budget) take at most, by default. */
export const DEFAULT_HELD_BATCH_BYTES = 512 * 1024 * 1024;
const POLL_STORED_MS = 50;

/** Read-your-writes on positions another process moves: the stored builds, looked at again and again. */
const pollStored = async (
  selected: readonly ProjectionConsumer[],
  position: bigint,
  timeoutMs: number,
  everyMs: number,
): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const builds = await Promise.all(selected.map((consumer) => consumer.builds()));
    if (builds.every(({ live }) => (live?.position ?? 0n) >= position)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(everyMs, Math.max(0, deadline - Date.now())));
  }
};

/** Names and logical tables must be unique: two projections can't share a view. */
const checkProjections = (projections: readonly Projection[]): void => {
  const names = new Set<string>();
  const tables = new Map<string, string>();
  for (const projection of projections) {
    if (names.has(projection.name)) throw new Error(`Two projections are named ${projection.name}`);
    names.add(projection.name);
    if (!Number.isSafeInteger(projection.version) || projection.version < 1)
      throw new Error(`${projection.name}: version must be a positive integer, not ${projection.version}`);
    for (const collection of Object.values(projection.collections)) {
      const owner = tables.get(collection.table);
      if (owner !== undefined)
        throw new Error(`Table ${collection.table} is declared by both ${owner} and ${projection.name}`);
      tables.set(collection.table, projection.name);
    }
  }
};

export const createProjector = (options: ProjectorOptions): Projector => {
  checkProjections(options.projections);
  const watch = new PositionWatch();
  const beforeCommit = options.faults?.beforeCommit;
  const { onFailure } = options;
  const runnerOptions = {
    batchSize: options.batchSize ?? RUNNER_DEFAULTS.batchSize,
    liveBatchSize: options.liveBatchSize ?? RUNNER_DEFAULTS.liveBatchSize,
    idleCheckMs: options.idleCheckMs ?? RUNNER_DEFAULTS.idleCheckMs,
    // A burst of live events is one transaction.
    gatherBursts: true,
    backoff: options.restartBackoff ?? RUNNER_DEFAULTS.backoff,
    ...(options.turnGate === undefined ? {} : { turnGate: options.turnGate }),
  };
  const held = options.heldBatchBytes ?? DEFAULT_HELD_BATCH_BYTES;
  const heldBudget = held instanceof HeldBudget ? held : new HeldBudget(held);
  const consumers = options.projections.map(
    (projection) =>
      new ProjectionConsumer({
        store: options.store,
        storage: options.storage,
        projection,
        runner: {
          ...runnerOptions,
          ...(onFailure === undefined
            ? {}
            : { onFailure: (error: unknown) => onFailure(projection.name, error) }),
        },
        documentCacheBytes: options.documentCacheBytes ?? DEFAULT_DOCUMENT_CACHE_BYTES,
        heldBudget,
        ...(beforeCommit === undefined ? {} : { beforeCommit }),
        onMoved: () => watch.moved(),
        ...(options.partitions === undefined || projection.partitionedBy !== 'account'
          ? {}
          : { partitions: options.partitions }),
      }),
  );
  const names = consumers.map((consumer) => consumer.name);
  let started = false;

  const select = (name: string | readonly string[]): ProjectionConsumer[] => {
    if (name === 'all') return consumers;
    return (typeof name === 'string' ? [name] : name).map((one) => {
      const consumer = consumers.find((c) => c.name === one);
      if (consumer === undefined) throw new UnknownProjection(one, names);
      return consumer;
    });
  };

  // Work on a stopped projector runs one call at a time, so two rebuilds never share a catch-up.
  let exclusive: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const result = exclusive.then(work, work);
    exclusive = result.catch(() => undefined);
    return result;
  };

  const catchUp = async (selected: readonly ProjectionConsumer[]): Promise<void> => {
    // Each goes on to the head, or to its own failure: none is left running when this settles.
    const results = await Promise.allSettled(selected.map((consumer) => consumer.catchUp()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };

  return {
    names,
    start: () => {
      started = true;
      for (const consumer of consumers) consumer.start();
    },
    stop: async () => {
      started = false;
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    },
    catchUp: () => serially(() => catchUp(consumers)),
    rebuild: async (name) => {
      const selected = select(name);
      if (started) {
        await Promise.all(selected.map((consumer) => consumer.rebuild()));
        return;
      }
      await serially(async () => {
        const swapped = Promise.all(selected.map((consumer) => consumer.rebuild()));
        swapped.catch(() => undefined); // a failed catch-up is the error to report
        await catchUp(selected);
        await swapped;
      });
    },
    status: async () => {
      const head = await options.store.headPosition();
      // Projections at one position (the usual case) share one count of their lag.
      const lags = new Map<bigint, Promise<Lag>>();
      const lagAt = (position: bigint): Promise<Lag> => {
        let lag = lags.get(position);
        if (lag === undefined) {
          lag = lagBehind(options.store, position, head, options.lagCap ?? LAG_CAP);
          lags.set(position, lag);
        }
        return lag;
      };
      const builds = await Promise.all(consumers.map((consumer) => consumer.builds()));
      const counted = await Promise.all(builds.map(({ live }) => lagAt(live?.position ?? 0n)));
      return consumers.map((consumer, i): ProjectorStatus => {
        const { live, building } = builds[i]!;
        const position = live?.position ?? 0n;
        const error = consumer.error;
        const connection = consumer.connection();
        return {
          name: consumer.name,
          version: live?.version ?? consumer.version,
          position,
          head,
          ...counted[i]!,
          state: consumer.state,
          ...(error === undefined ? {} : { error }),
          ...(connection === undefined ? {} : { connection }),
          ...(live?.partitions === undefined ? {} : { partitions: live.partitions }),
          ...(building === undefined
            ? {}
            : { rebuild: { version: building.version, position: building.position } }),
        };
      });
    },
    waitFor: (position, timeoutMs, name) => {
      const selected = name === undefined ? consumers : select(name);
      const reached = () => selected.every((consumer) => consumer.position() >= position);
      if (!started) return pollStored(selected, position, timeoutMs, options.pollStoredMs ?? POLL_STORED_MS);
      return watch.wait(reached, timeoutMs);
    },
  };
};
