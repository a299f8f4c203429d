// A small benchmark harness: ours and a baseline measured side by side in one process,
// alternated and repeated, reported as a ratio (the only number that travels between machines).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  readonly name: string;
  readonly unit: string;
  readonly ours: number;
  readonly baseline: number;
  readonly ratio: number;
  /** The acceptance bound on the ratio (ours ÷ baseline), where there is one. */
  readonly target?: string;
}

export interface BenchOptions {
  readonly quick: boolean;
}

/** What a bench/*.bench.ts file exports as `benchmark`; bench/run.ts finds and runs it. */
export interface Benchmark {
  readonly title: string;
  run(options: BenchOptions): Promise<BenchRow[]>;
}

/** Operations per second of `run(ops)`, best of `repeats` (least disturbed by the machine). */
export const opsPerSecond = async (
  ops: number,
  run: (ops: number) => Promise<void> | void,
): Promise<number> => {
  const started = process.hrtime.bigint();
  await run(ops);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return ops / seconds;
};

/** Alternates ours and baseline `repeats` times and keeps the median of each. */
export const sideBySide = async (
  repeats: number,
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ ours: number; baseline: number }> => {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    b.push(await baseline());
    a.push(await ours());
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { ours: median(a), baseline: median(b) };
};

export const row = (
  name: string,
  unit: string,
  ours: number,
  baseline: number,
  target?: string,
): BenchRow => ({
  name,
  unit,
  ours: Math.round(ours),
  baseline: Math.round(baseline),
  ratio: Math.round((ours / baseline) * 100) / 100,
  ...(target === undefined ? {} : { target }),
});

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

export const writeResults = (file: string, rows: readonly BenchRow[]): string => {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, file);
  writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
  return path;
};

export const printTable = (title: string, rows: readonly BenchRow[]): void => {
  console.log(`\n${title}`);
  console.table(
    rows.map((r) => ({
      name: r.name,
      unit: r.unit,
      ours: r.ours,
      baseline: r.baseline,
      ratio: r.ratio,
      target: r.target ?? '',
    })),
  );
};
