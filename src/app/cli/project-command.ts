// `kare project [--data dir]`: a projection worker, without the HTTP server, beside API servers
// started with `kare serve --no-projector`. Configured like the server; it runs until SIGTERM or
// SIGINT, then stops its jobs, gives their leases up and exits 0.
import { ConfigError } from '../config.js';
import { project, type Projecting } from '../project.js';
import { CannotStart } from '../serve.js';
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { CliError } from './cli-errors.js';
import { configFor } from './cli-engine.js';
import type { CliIo } from './cli-io.js';
import { untilStopped } from './serve-command.js';

const start = async (io: CliIo, data: string | undefined): Promise<Projecting> => {
  try {
    return await project(configFor(io, data));
  } catch (error) {
    const known = error instanceof CannotStart || error instanceof ConfigError || error instanceof CliError;
    if (!known) throw error;
    throw new CliError(`cannot start: ${error.message.replace(/^configuration: /, '')}`, 1);
  }
};

export const projectCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('project', args, DATA_OPTION);
  noMorePositionals('project', positionals, 0);
  return untilStopped(await start(io, values.data));
};
