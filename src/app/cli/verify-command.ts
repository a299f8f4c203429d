// `kare verify [streamId]`: walks hash chains. One stream, or every stream of the store. Exit
// code 1 when any chain is broken (or the stream does not exist), naming stream and revision.
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo } from './cli-io.js';
import { progress } from './progress.js';

export const verifyCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('verify', args, DATA_OPTION);
  noMorePositionals('verify', positionals, 1);
  const streamId = positionals[0];
  const config = configFor(io, values.data);
  return withEngine(io, config, {}, async (engine) => {
    if (streamId !== undefined) {
      const verification = await engine.audit.verify(streamId);
      if (verification.kind === 'stream_not_found') {
        say(io.stderr, `kare verify: no stream ${streamId} in ${engine.storeDescription}`);
        return 1;
      }
      const { result } = verification;
      if (result.ok) {
        say(io.stdout, `${streamId}: ok — ${result.events.toString()} events, head hash ${result.headHash}`);
        return 0;
      }
      say(io.stdout, `${streamId}: BROKEN at revision ${result.brokenAt.toString()} — ${result.reason}`);
      return 1;
    }
    const shown = progress(io.stderr, 'verify', 'streams', io.now);
    const summary = await engine.audit.verifyAll({ onProgress: (done, total) => shown.update(done, total) });
    shown.finish();
    if (summary.ok) {
      say(
        io.stdout,
        `Verified ${summary.streams} streams in ${engine.storeDescription}: every hash chain holds.`,
      );
      return 0;
    }
    say(io.stdout, `${summary.broken.length} of ${summary.streams} streams are BROKEN:`);
    for (const broken of summary.broken) {
      say(io.stdout, `  ${broken.streamId} at revision ${broken.brokenAt.toString()} — ${broken.reason}`);
    }
    return 1;
  });
};
