// `kare import book.ndjson`: appends an exported book (see book-import.ts for the passes). The
// file is checked whole before the first append: a malformed line names its number and nothing
// is imported. A second import of the same file writes nothing.
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { ImportRejected, importBook, type ImportPhase } from './book-import.js';
import { CliError, UsageError } from './cli-errors.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo } from './cli-io.js';
import { progress, type Progress } from './progress.js';

/** The embedded store commits appends in arrival order; a server is sent one at a time. */
const IN_FLIGHT_EMBEDDED = 64;

export const importCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('import', args, DATA_OPTION);
  const file = positionals[0];
  if (file === undefined)
    throw new UsageError('kare import: name the file to import (an export: CloudEvents, one a line)');
  noMorePositionals('import', positionals, 1);
  const config = configFor(io, values.data);
  return withEngine(io, config, {}, async (engine) => {
    const bars = new Map<ImportPhase, Progress>();
    const bar = (phase: ImportPhase): Progress => {
      let shown = bars.get(phase);
      if (shown === undefined) {
        for (const other of bars.values()) other.finish();
        bars.clear();
        shown = progress(io.stderr, `import: ${phase}`, phase === 'verify' ? 'streams' : 'events', io.now);
        bars.set(phase, shown);
      }
      return shown;
    };
    let summary;
    try {
      summary = await importBook(engine.store, file, {
        inFlight: config.eventStoreUrl === undefined ? IN_FLIGHT_EMBEDDED : 1,
        keys: engine.personalData.keys,
        onProgress: (phase, done, total) => bar(phase).update(done, total),
      });
    } catch (error) {
      if (error instanceof ImportRejected) {
        for (const shown of bars.values()) shown.finish();
        throw new CliError(`kare import: ${file}: ${error.message}`);
      }
      throw error;
    }
    for (const shown of bars.values()) shown.finish();
    if (summary.appended === 0) {
      say(
        io.stdout,
        `Nothing to import: the ${summary.events} events of ${file} are in ${engine.storeDescription} already.`,
      );
    } else {
      say(
        io.stdout,
        `Imported ${summary.appended} events into ${engine.storeDescription} (${summary.present} were there already); ` +
          `${summary.verified} streams grew and every one verifies.`,
      );
    }
    return 0;
  });
};
