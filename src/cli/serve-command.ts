// `kare serve [--data dir]`: the HTTP server of src/main.ts (what `npm start` runs), with the
// server's configuration from the process environment; `--data` overrides KARE_DATA_DIR.
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import type { CliIo } from './cli-io.js';

export const serveCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('serve', args, DATA_OPTION);
  noMorePositionals('serve', positionals, 0);
  // src/main.ts reads process.env and starts on import; it exits the process on a fatal error.
  for (const [name, value] of Object.entries(io.env))
    if (process.env[name] === undefined) process.env[name] = value;
  if (values.data !== undefined) process.env['KARE_DATA_DIR'] = values.data;
  await import('../main.js');
  return 0;
};
