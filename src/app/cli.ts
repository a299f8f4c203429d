// `kare`: the operator's command line for the jobs that don't belong in HTTP — serve, load the
// demo book, rebuild read models, status, verify and anchor hash chains, export and import a book. runCli
// takes its streams and environment and returns the exit code, so tests run it in-process;
// bin/kare.js (after `npm run build`) and `npx tsx bin/kare-dev.ts` run it for real. The demo
// book is a client of the engine (demo/), so the entries hand its command in.
import { anchorCommand } from './cli/anchor-command.js';
import { CliError, UsageError } from './cli/cli-errors.js';
import { eraseContactCommand } from './cli/erase-contact-command.js';
import { processIo, say, type CliIo } from './cli/cli-io.js';
import { exportCommand } from './cli/export-command.js';
import { importCommand } from './cli/import-command.js';
import { projectCommand } from './cli/project-command.js';
import { rebuildCommand } from './cli/rebuild-command.js';
import { serveCommand } from './cli/serve-command.js';
import { statusCommand } from './cli/status-command.js';
import { USAGE } from './cli/usage.js';
import { verifyCommand } from './cli/verify-command.js';

export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: serveCommand,
  project: projectCommand,
  rebuild: rebuildCommand,
  status: statusCommand,
  verify: verifyCommand,
  anchor: anchorCommand,
  export: exportCommand,
  import: importCommand,
  'erase-contact': eraseContactCommand,
};

export const runCli = async (
  argv: readonly string[],
  io: CliIo = processIo(),
  /** Commands a client of the engine brings (the demo book's `demo`). */
  more: Readonly<Record<string, Command>> = {},
): Promise<number> => {
  const commands = { ...more, ...COMMANDS };
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    if (name === undefined) throw new UsageError('a command is missing');
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
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
export const main = async (more: Readonly<Record<string, Command>> = {}): Promise<void> => {
  // `kare export | head`: the reader has what it wanted; stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = await runCli(process.argv.slice(2), processIo(), more);
};
