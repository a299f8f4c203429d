// The daily job of the read models: rows whose plain columns move with the day (T12M, flags,
// estimated stock) are kept current as of today, so an analyst's query for today sorts and
// filters them in SQL and pays for its page. The projector writes a changed row as of its own
// day (deterministic, never reading a clock); this job rewrites it as of today soon after, and
// every row once the day turns. Chunk by chunk, with a turn of the event loop between chunks.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { dateOf, type Policy } from '../../../domain/kernel/index.js';
import type { Projection } from '../../../projections/projection.js';
import type { BuildTables, Clock, ProjectionStorage } from '../../ports.js';

export interface CurrentRowsOptions {
  readonly storage: ProjectionStorage;
  readonly projections: readonly Projection[];
  readonly clock: Clock;
  readonly policy: Policy;
  /** Rows rewritten per transaction (default 500). */
  readonly chunk?: number;
  /** How often a pass runs while started (default 1 s): rows the projector wrote since are few. */
  readonly intervalMs?: number;
  /**
   * How often a pass also brings the planner's statistics up to date (default 1 h; storage that
   * keeps them itself has no refreshStatistics): a book that grew since the server started
   * would otherwise be planned as it was then.
   */
  readonly statisticsEveryMs?: number;
}

export interface CurrentRows {
  /** Brings every row current as of today; resolves with how many rows it rewrote. */
  refresh(): Promise<number>;
  /** Runs a pass every interval; `onError` is told of a failed pass (the next one tries again). */
  start(onError?: (error: unknown) => void): void;
  stop(): Promise<void>;
}

const DEFAULT_CHUNK = 500;
const DEFAULT_INTERVAL_MS = 1000;
const DEFAULT_STATISTICS_EVERY_MS = 60 * 60 * 1000;

/** The collections of a projection that keep current rows. */
const currentCollections = (projection: Projection): string[] =>
  Object.entries(projection.collections)
    .filter(([, collection]) => (collection as { current?: unknown }).current !== undefined)
    .map(([name]) => name);

export const createCurrentRows = (options: CurrentRowsOptions): CurrentRows => {
  const { storage, clock, policy } = options;
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  const kept = options.projections
    .map((projection) => ({ projection, collections: currentCollections(projection) }))
    .filter(({ collections }) => collections.length > 0);
  // The statements of a build, kept while it is the live one.
  const tablesByBuild = new Map<string, BuildTables>();

  /** The live build's tables, when it is of the version the code defines (mid-upgrade it is not). */
  const liveTables = async (projection: Projection): Promise<BuildTables | undefined> => {
    const live = (await storage.builds(projection.name)).live;
    if (live === undefined || live.version !== projection.version) return undefined;
    const id = `${projection.name}:${live.version}:${live.build}`;
    let tables = tablesByBuild.get(id);
    if (tables === undefined) {
      for (const key of tablesByBuild.keys())
        if (key.startsWith(`${projection.name}:`)) tablesByBuild.delete(key);
      tablesByBuild.set(id, (tables = await storage.tables(projection, live)));
    }
    return tables;
  };

  // Opening the database brought them up to date.
  let statisticsAt = Date.parse(clock.now());
  const refreshStatistics = async (): Promise<void> => {
    const now = Date.parse(clock.now());
    if (now - statisticsAt < (options.statisticsEveryMs ?? DEFAULT_STATISTICS_EVERY_MS)) return;
    statisticsAt = now;
    await storage.refreshStatistics?.();
  };

  let running: Promise<number> | undefined;
  const pass = async (): Promise<number> => {
    let rewritten = 0;
    for (const { projection, collections } of kept) {
      for (const collection of collections) {
        for (;;) {
          const tables = await liveTables(projection);
          if (tables?.refreshCurrent === undefined) break;
          // Read the day per chunk: a pass that runs over midnight goes on with the new day.
          const done = await tables.refreshCurrent(collection, dateOf(clock.now()), policy, chunk);
          rewritten += done;
          if (done < chunk) break;
          await nextTurn();
        }
      }
    }
    await refreshStatistics();
    return rewritten;
  };
  // One pass at a time: a second caller waits for the running one, then runs its own.
  const refresh = async (): Promise<number> => {
    while (running !== undefined) await running.catch(() => undefined);
    running = pass();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let onError: ((error: unknown) => void) | undefined;
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      refresh()
        .catch((error: unknown) => onError?.(error))
        .finally(schedule);
    }, options.intervalMs ?? DEFAULT_INTERVAL_MS);
    timer.unref();
  };

  return {
    refresh,
    start: (told) => {
      if (!stopped) return;
      stopped = false;
      onError = told;
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
};
