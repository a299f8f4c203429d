#!/usr/bin/env node
// The `kare` command of the package: runs the compiled CLI (build it with `npm run build`),
// with the demo book's command. During development `npx tsx bin/kare-dev.ts …` runs the same
// CLI from the sources.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/app/cli.js', import.meta.url);
const demo = new URL('../dist/demo/demo-command.js', import.meta.url);
if (!existsSync(compiled) || !existsSync(demo)) {
  process.stderr.write(
    'kare: the CLI is not built (dist/src/app/cli.js is missing): run `npm run build` first\n',
  );
  process.exit(1);
}
const { main } = await import(compiled.href);
const { demoCommand } = await import(demo.href);
await main({ demo: demoCommand });
