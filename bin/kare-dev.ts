// `npx tsx bin/kare-dev.ts <command>`: the `kare` CLI from the TypeScript sources, with the
// demo book's command, as bin/kare.js runs the compiled one.
import { demoCommand } from '../demo/demo-command.js';
import { main } from '../src/app/cli.js';

await main({ demo: demoCommand });
