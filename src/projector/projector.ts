// The projector: runs every projection from its checkpoint against any EventStore, into the
// read-model database behind ProjectionStorage. Status with lag, read-your-writes waits,
// blue/green rebuilds (`kare rebuild NAME|all`).
import type { Projection } from '../../projections/projection.js';
import type { EventStore, ProjectionStatus } from '../ports.js';
import { PositionWatch } from './position-watch.js';
import { ProjectionRunner } from './projection-runner.js';
import type { ProjectionStorage } from './projection-storage.js';
import type { BackoffOptions } from './restart-backoff.js';
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
  /** Most events per transaction while live (default 500); a full batch switches to paging. */
  readonly liveBatchSize?: number;
  /**
   * How long a live projection waits for an event before it compares its position with the
   * head (default 1000 ms): a subscription that missed events is replaced, never waited on.
   */
  readonly idleCheckMs?: number;
  /** Committed documents kept in memory between batches, per collection (default 10 000). */
  readonly documentCacheSize?: number;
  /** The wait before a failed projection restarts (default 100 ms doubling to 30 s). */
  readonly restartBackoff?: BackoffOptions;
  readonly faults?: ProjectorFaults;
}

export interface ProjectorStatus extends ProjectionStatus {
  /** The build growing beside the live one while a rebuild runs, and how far it has got. */
  readonly rebuild?: { readonly version: number; readonly position: bigint };
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
   * Rebuilds a projection (or `all`) from position 0 beside the live tables and swaps it in;
   * resolves once swapped. On a stopped projector it runs the rebuild itself.
   */
  rebuild(name: string): Promise<void>;
  /** Per projection: the live version and position, the head, the lag and the state. */
  status(): Promise<readonly ProjectorStatus[]>;
  /**
   * Read-your-writes: true once every projection (or the named one) has applied `position`,
   * false after `timeoutMs`.
   */
  waitFor(position: bigint, timeoutMs: number, name?: string): Promise<boolean>;
}

const DEFAULTS = {
  batchSize: 2000,
  liveBatchSize: 500,
  idleCheckMs: 1000,
  documentCacheSize: 10_000,
  restartBackoff: { initialMs: 100, maxMs: 30_000 },
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
  const runners = options.projections.map(
    (projection) =>
      new ProjectionRunner({
        store: options.store,
        storage: options.storage,
        projection,
        batchSize: options.batchSize ?? DEFAULTS.batchSize,
        liveBatchSize: options.liveBatchSize ?? DEFAULTS.liveBatchSize,
        idleCheckMs: options.idleCheckMs ?? DEFAULTS.idleCheckMs,
        documentCacheSize: options.documentCacheSize ?? DEFAULTS.documentCacheSize,
        backoff: options.restartBackoff ?? DEFAULTS.restartBackoff,
        ...(beforeCommit === undefined ? {} : { beforeCommit }),
        onMoved: () => watch.moved(),
      }),
  );
  const names = runners.map((runner) => runner.name);
  let started = false;

  const select = (name: string): ProjectionRunner[] => {
    if (name === 'all') return runners;
    const runner = runners.find((r) => r.name === name);
    if (runner === undefined) throw new UnknownProjection(name, names);
    return [runner];
  };

  // Work on a stopped projector runs one call at a time, so two rebuilds never share a catch-up.
  let exclusive: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const result = exclusive.then(work, work);
    exclusive = result.catch(() => undefined);
    return result;
  };

  const catchUp = async (selected: readonly ProjectionRunner[]): Promise<void> => {
    await Promise.all(selected.map((runner) => runner.catchUp()));
  };

  return {
    names,
    start: () => {
      started = true;
      for (const runner of runners) runner.start();
    },
    stop: async () => {
      started = false;
      await Promise.all(runners.map((runner) => runner.stop()));
    },
    catchUp: () => serially(() => catchUp(runners)),
    rebuild: async (name) => {
      const selected = select(name);
      if (started) {
        await Promise.all(selected.map((runner) => runner.rebuild()));
        return;
      }
      await serially(async () => {
        const swapped = Promise.all(selected.map((runner) => runner.rebuild()));
        swapped.catch(() => undefined); // a failed catch-up is the error to report
        await catchUp(selected);
        await swapped;
      });
    },
    status: async () => {
      const head = await options.store.headPosition();
      return runners.map((runner): ProjectorStatus => {
        const { live, building } = runner.builds();
        const position = live?.position ?? 0n;
        const error = runner.error;
        return {
          name: runner.name,
          version: live?.version ?? runner.version,
          position,
          head,
          lag: head > position ? head - position : 0n,
          state: runner.state,
          ...(error === undefined ? {} : { error }),
          ...(building === undefined
            ? {}
            : { rebuild: { version: building.version, position: building.position } }),
        };
      });
    },
    waitFor: (position, timeoutMs, name) => {
      const selected = name === undefined ? runners : select(name);
      return watch.wait(() => selected.every((runner) => runner.position() >= position), timeoutMs);
    },
  };
};
