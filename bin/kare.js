#!/usr/bin/env node
// The `kare` command of the package: runs the compiled CLI (build it with `npm run build`).
// During development `npx tsx src/cli.ts …` runs the same CLI from the sources.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write(
    'kare: the CLI is not built (dist/src/cli.js is missing): run `npm run build` first\n',
  );
  process.exit(1);
}
const { main } = await import(compiled.href);
await main();
