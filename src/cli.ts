// `kare`: the operator's command line for the jobs that don't belong in HTTP — serve, load the
// demo book, rebuild read models, status, verify hash chains, export and import a book. runCli
// takes its streams and environment and returns the exit code, so tests run it in-process;
// bin/kare.js (after `npm run build`) and `npx tsx src/cli.ts` run it for real.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CliError, UsageError } from './cli/cli-errors.js';
import { processIo, say, type CliIo } from './cli/cli-io.js';
import { demoCommand } from './cli/demo-command.js';
import { exportCommand } from './cli/export-command.js';
import { importCommand } from './cli/import-command.js';
import { rebuildCommand } from './cli/rebuild-command.js';
import { serveCommand } from './cli/serve-command.js';
import { statusCommand } from './cli/status-command.js';
import { USAGE } from './cli/usage.js';
import { verifyCommand } from './cli/verify-command.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: serveCommand,
  demo: demoCommand,
  rebuild: rebuildCommand,
  status: statusCommand,
  verify: verifyCommand,
  export: exportCommand,
  import: importCommand,
};

export const runCli = async (argv: readonly string[], io: CliIo = processIo()): Promise<number> => {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    if (name === undefined) throw new UsageError('a command is missing');
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) throw new UsageError(`unknown command "${name}"`);
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(USAGE);
      return 0;
    }
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      say(io.stderr, `kare: ${error.message.replace(/^kare /, '')}`);
      say(io.stderr, 'Run `kare help` for the commands and their options.');
      return 2;
    }
    if (error instanceof CliError) {
      say(io.stderr, error.message.startsWith('kare') ? error.message : `kare: ${error.message}`);
      return error.exitCode;
    }
    say(io.stderr, `kare: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
};

/** Runs the CLI on the process: its arguments, streams and environment; sets the exit code. */
export const main = async (): Promise<void> => {
  // `kare export | head`: the reader has what it wanted; stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = await runCli(process.argv.slice(2));
};

/** True when this module is the process's entry (`npx tsx src/cli.ts …`), not imported. */
const isEntry = (): boolean => {
  const invoked = process.argv[1];
  try {
    return invoked !== undefined && import.meta.url === pathToFileURL(realpathSync(invoked)).href;
  } catch {
    return false;
  }
};

// bin/kare.js imports the compiled module and calls main itself.
if (isEntry()) await main();
