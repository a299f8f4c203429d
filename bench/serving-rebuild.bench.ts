// A serving process rebuilding every projection at once (a start after a version change) while it
// answers reads: how long the event loop keeps a request waiting. KARE's projections on a demo
// book in the embedded SQLite store, all rebuilt from position 0 by started projectors (as
// `kare serve` runs them) with the serving turn budget (SERVING_TURN_BUDGET_MS), each run on a
// fresh copy of the book in an engine of its own:
// - ours: the engine as `kare serve` opens it, one TurnGate shared by every projection;
// - baseline: a projector per projection on that engine, a gate each: the budget per runner
//   the shared one replaced.
// Measured during the rebuild: the loop's delay (perf_hooks.monitorEventLoopDelay, p50/p99/max),
// a read of the tier-status page every 20 ms (from when it was due to its rows), and the
// rebuild's events a second (what sharing the budget costs it). Alternated, median of the runs.
// No target on the maxima: a slice the gate admitted can't be cut short, and one costs now and
// then many times what its runner's last one did (a major GC, a write to the database file).
// `KARE_BENCH_ACCOUNTS` sets the book's size (default 320; --quick: 60).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqliteProjectionStorage } from '../adapters/sqlite/projection-storage.js';
import { demoClock, demoEngineRequest, loadDemoBook } from '../demo/demo-book.js';
import { PROJECTIONS } from '../projections/index.js';
import { openEngine, type OpenedEngine } from '../src/app/open-engine.js';
import { SERVING_TURN_BUDGET_MS } from '../src/consumers/consumer-runner.js';
import { createProjector, type Projector } from '../src/consumers/projector/projector.js';
import { TurnGate } from '../src/consumers/turn-gate.js';
import { row, type Benchmark, type BenchOptions, type BenchRow } from './harness.js';

const READ_EVERY_MS = 20;

interface Run {
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly readMeanMs: number;
  readonly readMaxMs: number;
  readonly eventsPerSecond: number;
}

/** Reads a page every READ_EVERY_MS until stopped: how long each waited from when it was due. */
const reader = (engine: OpenedEngine): { stop: () => Promise<number[]> } => {
  const waits: number[] = [];
  let stopped = false;
  const reading = (async () => {
    while (!stopped) {
      const due = performance.now() + READ_EVERY_MS;
      await sleep(READ_EVERY_MS);
      await engine.readModels.find('tier_status', { limit: 50 });
      waits.push(performance.now() - due);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await reading;
      return waits;
    },
  };
};

/**
 * Every projection rebuilt from 0 by started projectors, on a fresh copy of the book in a fresh
 * engine: ours as `kare serve` opens it (its projector, one gate), or the baseline's projector
 * per projection on that engine, a gate each.
 */
const rebuildWhileServing = async (
  book: string,
  events: number,
  gates: 'shared' | 'per-projection',
): Promise<Run> => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-serving-rebuild-run-'));
  cpSync(book, dir, { recursive: true });
  const engine = openEngine({
    dataDir: dir,
    clock: demoClock(),
    sqliteSync: 'normal',
    ...(gates === 'shared' ? { projectorTurnBudgetMs: SERVING_TURN_BUDGET_MS } : {}),
  });
  try {
    const storage = createSqliteProjectionStorage(engine.readDb);
    const projectors: Projector[] =
      gates === 'shared'
        ? [engine.projector]
        : PROJECTIONS.map((projection) =>
            createProjector({
              store: engine.projectionStore,
              storage,
              projections: [projection],
              turnGate: new TurnGate(SERVING_TURN_BUDGET_MS),
            }),
          );
    for (const projector of projectors) projector.start();
    const head = await engine.store.headPosition();
    await Promise.all(projectors.map((projector) => projector.waitFor(head, 60_000)));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    const reads = reader(engine);
    delay.enable();
    const started = performance.now();
    try {
      await Promise.all(projectors.map((projector) => projector.rebuild('all')));
    } finally {
      delay.disable();
      await Promise.all(projectors.map((projector) => projector.stop()));
    }
    const seconds = (performance.now() - started) / 1000;
    const waits = await reads.stop();
    const ms = (ns: number): number => ns / 1e6;
    return {
      lagP50Ms: ms(delay.percentile(50)),
      lagP99Ms: ms(delay.percentile(99)),
      lagMaxMs: ms(delay.max),
      readMeanMs: waits.reduce((sum, wait) => sum + wait, 0) / Math.max(1, waits.length),
      readMaxMs: Math.max(0, ...waits),
      eventsPerSecond: (events * PROJECTIONS.length) / seconds,
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A demo book of `accounts` accounts, projected, in `dir`; its events. */
const writeBook = async (dir: string, accounts: number): Promise<number> => {
  const clock = demoClock();
  const engine = openEngine({ dataDir: dir, ...demoEngineRequest(clock) });
  try {
    await loadDemoBook(engine, clock, { accounts });
    await engine.projector.catchUp();
    let events = 0;
    for await (const _ of engine.store.readAll()) events += 1;
    return events;
  } finally {
    await engine.close();
  }
};

const runServingRebuild = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const book = mkdtempSync(join(tmpdir(), 'kare-bench-serving-rebuild-'));
  const accounts = quick ? 60 : Number(process.env['KARE_BENCH_ACCOUNTS'] ?? 320);
  const repeats = quick ? 1 : 3;
  try {
    const events = await writeBook(book, accounts);
    const ours: Run[] = [];
    const baseline: Run[] = [];
    for (let i = 0; i < repeats; i += 1) {
      baseline.push(await rebuildWhileServing(book, events, 'per-projection'));
      ours.push(await rebuildWhileServing(book, events, 'shared'));
    }
    const both = (key: keyof Run) =>
      [median(ours.map((r) => r[key])), median(baseline.map((r) => r[key]))] as const;
    const name = `serving-rebuild-${accounts}`;
    return [
      row(`${name}-loop-lag-p50`, 'ms', ...both('lagP50Ms'), '≤ 1'),
      row(`${name}-loop-lag-p99`, 'ms', ...both('lagP99Ms'), '≤ 0.5'),
      row(`${name}-loop-lag-max`, 'ms', ...both('lagMaxMs')),
      row(`${name}-read-wait-mean`, 'ms', ...both('readMeanMs'), '≤ 0.5'),
      row(`${name}-read-wait-max`, 'ms', ...both('readMaxMs')),
      row(`${name}-rebuild`, 'projected events/s', ...both('eventsPerSecond'), '≥ 0.8'),
    ];
  } finally {
    rmSync(book, { recursive: true, force: true });
  }
};

export const benchmark: Benchmark = {
  title: 'Serving while every projection rebuilds: one turn budget shared vs one per projection',
  run: runServingRebuild,
};
