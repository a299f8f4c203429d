// `npm run bench [-- --quick] [-- --only=NAME]`: every bench/*.bench.ts, a table each, results in
// bench/results/<name>.json. A bench file exports `benchmark: Benchmark` (see harness.ts).
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printTable, writeResults, type Benchmark } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
for (const file of files) {
  const name = file.slice(0, -'.bench.ts'.length);
  if (only !== undefined && name !== only) continue;
  const { benchmark } = (await import(pathToFileURL(`${here}/${file}`).href)) as { benchmark: Benchmark };
  const rows = await benchmark.run({ quick });
  printTable(benchmark.title, rows);
  console.log(`→ ${writeResults(`${name}.json`, rows)}`);
}
