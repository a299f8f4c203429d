// `kare anchor`: anchors every stream's head now (the server also does so by its schedule) and
// prints the store-wide root, to be kept elsewhere and given to `kare verify --anchor <root>`.
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo } from './cli-io.js';

export const anchorCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('anchor', args, DATA_OPTION);
  noMorePositionals('anchor', positionals, 0);
  const config = configFor(io, values.data);
  return withEngine(io, config, {}, async (engine) => {
    const { written, latest } = await engine.anchors.take();
    if (latest === undefined) {
      say(io.stdout, `Nothing to anchor: ${engine.storeDescription} has no events.`);
      return 0;
    }
    const what = `anchor #${latest.sequence.toString()} covers ${latest.streams} streams through position ${latest.position.toString()}`;
    say(
      io.stdout,
      written === 0
        ? `Nothing changed since the latest anchor: ${what}. Root ${latest.root}`
        : `Anchored ${engine.storeDescription}: ${what}. Root ${latest.root}`,
    );
    return 0;
  });
};
