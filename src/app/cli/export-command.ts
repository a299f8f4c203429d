// `kare export [--category c]… [--from position] > book.ndjson`: the events as CloudEvents 1.0
// JSON, one a line, in global order, each with every extension `kare import` needs to rebuild
// the exact event (id, revision, time, metadata, hash). `--from P` exports the events after P.
// Anchors stay behind: they vouch for this store's heads, and the importing store takes its own.
// Personal data shows opened (or erased), with its envelope and key beside it for the import
// (src/personal-data/transfer.ts).
import { ANCHOR_STREAM } from '../../audit/index.js';
import { toCloudEvent } from '../../cloud-events.js';
import { matchesFilter } from '../../ports.js';
import { exportedForm } from '../../personal-data/transfer.js';
import { DATA_OPTION, noMorePositionals, parseCommand, positionOption } from './arguments.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo, type CliStream } from './cli-io.js';
import { progress, QUIET } from './progress.js';

interface Drainable extends CliStream {
  once(event: 'drain', listener: () => void): unknown;
}

const canDrain = (stream: CliStream): stream is Drainable =>
  typeof (stream as Partial<Drainable>).once === 'function';

/** Writes and, when the pipe is full, waits for it to drain: a large book never piles up in memory. */
const writeLine = async (stream: CliStream, line: string): Promise<void> => {
  if (stream.write(`${line}\n`) === false && canDrain(stream)) {
    await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
};

export const exportCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('export', args, {
    ...DATA_OPTION,
    category: { type: 'string', multiple: true },
    from: { type: 'string' },
  });
  noMorePositionals('export', positionals, 0);
  const from = positionOption('export', 'from', values.from);
  const categories = values.category ?? [];
  const config = configFor(io, values.data);
  return withEngine(io, config, {}, async (engine) => {
    // Progress only when the data goes to a file or a pipe, not to the same terminal.
    const shown = io.stdout.isTTY === true ? QUIET : progress(io.stderr, 'export', 'events', io.now);
    let exported = 0;
    let first: bigint | undefined;
    let last: bigint | undefined;
    const { sealedStore, fields, keys } = engine.personalData;
    for await (const stored of sealedStore.readAll(from === undefined ? {} : { fromPosition: from })) {
      if (stored.streamId === ANCHOR_STREAM || !matchesFilter(stored, { categories })) continue;
      const { event, extensions } = await exportedForm(stored, fields, keys);
      await writeLine(io.stdout, JSON.stringify({ ...toCloudEvent(event), ...extensions }));
      exported += 1;
      first ??= event.globalPosition;
      last = event.globalPosition;
      shown.update(exported);
    }
    shown.finish();
    if (io.stderr.isTTY === true) {
      const range = first === undefined ? '' : ` (positions ${first.toString()} to ${last!.toString()})`;
      say(io.stderr, `Exported ${exported} events${range} from ${engine.storeDescription}.`);
    }
    return 0;
  });
};
