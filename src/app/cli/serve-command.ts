// `kare serve [--data dir] [--no-projector]`: the HTTP server (what `npm start` runs), configured
// from the environment with `--data` overriding KARE_DATA_DIR; --no-projector serves the API
// only, beside `kare project` workers. It runs until SIGTERM or SIGINT, then stops in order and
// exits 0; a second signal while stopping exits 1 at once.
import { ConfigError } from '../config.js';
import { CannotStart, serve, type ServeOptions, type Serving } from '../serve.js';
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { CliError } from './cli-errors.js';
import { configFor } from './cli-engine.js';
import type { CliIo } from './cli-io.js';

const start = async (io: CliIo, data: string | undefined, options: ServeOptions): Promise<Serving> => {
  try {
    return await serve(configFor(io, data), options);
  } catch (error) {
    const known = error instanceof CannotStart || error instanceof ConfigError || error instanceof CliError;
    if (!known) throw error;
    throw new CliError(`cannot start: ${error.message.replace(/^configuration: /, '')}`, 1);
  }
};

/** Resolves with the exit code once a signal has stopped the server (or the workers). */
export const untilStopped = (serving: Pick<Serving, 'logger' | 'close'>): Promise<number> =>
  new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      // A second signal while shutting down: the operator won't wait.
      if (stopping) process.exit(1);
      stopping = true;
      serving.logger.info(`${signal}: shutting down`);
      serving.close().then(
        () => {
          serving.logger.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          serving.logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });

export const serveCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('serve', args, {
    ...DATA_OPTION,
    'no-projector': { type: 'boolean' },
  });
  noMorePositionals('serve', positionals, 0);
  return untilStopped(await start(io, values.data, { projector: values['no-projector'] !== true }));
};
