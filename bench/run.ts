// `npm run bench [-- --quick]`: every benchmark, a table each, results in bench/results/*.json.
import { printTable, writeResults, type BenchOptions, type BenchRow } from './harness.js';
import { runEventStoreBench } from './event-store.bench.js';

const benches: ReadonlyArray<{ file: string; title: string; run: (o: BenchOptions) => Promise<BenchRow[]> }> =
  [
    {
      file: 'event-store.json',
      title: 'Event store (SQLite) vs raw better-sqlite3',
      run: runEventStoreBench,
    },
  ];

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
for (const bench of benches) {
  if (only !== undefined && !bench.file.startsWith(only)) continue;
  const rows = await bench.run({ quick });
  printTable(bench.title, rows);
  console.log(`→ ${writeResults(bench.file, rows)}`);
}
