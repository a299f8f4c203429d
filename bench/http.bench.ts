// The HTTP API under load (issue 5): `http-read` (a read model through express vs a plain
// node:http server, same rows) and `sse-fanout` (commit-to-delivery latency to 100 SSE
// subscribers at ~500 events/s vs a plain node:http SSE writer). Loopback only, bounded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine, type OpenedEngine } from '../src/app/open-engine.js';
import type { Benchmark, BenchOptions, BenchRow } from './harness.js';
import { httpRead, seedAccounts, startOurs, type LoadResult } from './http-read.js';
import { baselineTarget, oursTarget, runFanout, type FanoutResult } from './sse-fanout.js';

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rowOf = (name: string, unit: string, ours: number, baseline: number, target: string): BenchRow => ({
  name,
  unit,
  ours: Math.round(ours * 100) / 100,
  baseline: Math.round(baseline * 100) / 100,
  ratio: Math.round((ours / baseline) * 100) / 100,
  target,
});

/** Alternates baseline and ours `repeats` times; the median of each measure. */
const alternate = async <R extends object>(
  repeats: number,
  ours: () => Promise<R>,
  baseline: () => Promise<R>,
): Promise<{ ours: R[]; baseline: R[] }> => {
  const results = { ours: [] as R[], baseline: [] as R[] };
  for (let i = 0; i < repeats; i += 1) {
    results.baseline.push(await baseline());
    results.ours.push(await ours());
  }
  return results;
};

const withEngine = async <T>(work: (engine: OpenedEngine) => Promise<T>): Promise<T> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kare-bench-http-'));
  const engine = openEngine({ dataDir, sqliteSync: 'normal' });
  try {
    return await work(engine);
  } finally {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const readRows = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withEngine(async (engine) => {
    await seedAccounts(engine);
    const run = await httpRead(engine, quick ? 2 : 8);
    try {
      // A short warm-up of each, so the JIT is not measured.
      await run.baseline();
      await run.ours();
      await run.expressStack();
      const repeats = quick ? 1 : 3;
      const results = await alternate<LoadResult>(repeats, run.ours, run.baseline);
      const stack = await alternate<LoadResult>(repeats, run.expressStack, run.baseline);
      const of = (side: LoadResult[], key: keyof LoadResult) => median(side.map((r) => r[key]));
      return [
        rowOf(
          'http-read',
          'req/s',
          of(results.ours, 'requestsPerSecond'),
          of(results.baseline, 'requestsPerSecond'),
          '≥ 0.3',
        ),
        rowOf(
          'http-read-p99',
          'ms',
          of(results.ours, 'p99Ms'),
          of(results.baseline, 'p99Ms'),
          'ours ≤ 25 ms',
        ),
        rowOf(
          'http-express-stack',
          'req/s',
          of(stack.ours, 'requestsPerSecond'),
          of(stack.baseline, 'requestsPerSecond'),
          '≥ 0.3 (the framework alone)',
        ),
        rowOf('http-express-stack-p99', 'ms', of(stack.ours, 'p99Ms'), of(stack.baseline, 'p99Ms'), ''),
      ];
    } finally {
      await run.stop();
    }
  });

const fanout = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const events = quick ? 1000 : 4000;
  const ours = () => withEngine(async (engine) => runFanout(await oursTarget(engine, startOurs), events));
  const baseline = async () => runFanout(await baselineTarget(), events);
  await ours();
  const results = await alternate<FanoutResult>(quick ? 1 : 3, ours, baseline);
  const of = (side: FanoutResult[], key: keyof FanoutResult) => median(side.map((r) => r[key]));
  return [
    rowOf('sse-fanout-p50', 'ms', of(results.ours, 'p50Ms'), of(results.baseline, 'p50Ms'), ''),
    rowOf('sse-fanout-p99', 'ms', of(results.ours, 'p99Ms'), of(results.baseline, 'p99Ms'), 'ours ≤ 10 ms'),
    rowOf(
      'sse-fanout-rate',
      'events/s',
      of(results.ours, 'eventsPerSecond'),
      of(results.baseline, 'eventsPerSecond'),
      '≈ 500',
    ),
  ];
};

export const benchmark: Benchmark = {
  title: 'HTTP: a read model under load, SSE fan-out latency (ours vs plain node:http)',
  run: async (options) => [...(await readRows(options)), ...(await fanout(options))],
};
