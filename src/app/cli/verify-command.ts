// `kare verify [streamId] [--anchor <root>]`: walks hash chains. One stream, or every stream of
// the store, each anchored head checked against the anchors (a truncated or dropped stream is
// broken). `--anchor` also looks for a root kept elsewhere among the anchors. Exit code 1 when
// any chain is broken, the stream does not exist or the root is not found, naming what failed.
import { UsageError } from './cli-errors.js';
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo } from './cli-io.js';
import { progress } from './progress.js';

export const verifyCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('verify', args, {
    ...DATA_OPTION,
    anchor: { type: 'string' },
  });
  noMorePositionals('verify', positionals, 1);
  const streamId = positionals[0];
  const root = values.anchor;
  if (root !== undefined && streamId !== undefined)
    throw new UsageError('kare verify: --anchor checks the whole store; leave out the stream id');
  if (root !== undefined && !/^[0-9a-f]{64}$/.test(root))
    throw new UsageError(
      `kare verify: --anchor must be a root as kare anchor prints it (64 hex digits), not "${root}"`,
    );
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
    const summary = await engine.audit.verifyAll({
      onProgress: (done, total) => shown.update(done, total),
      ...(root === undefined ? {} : { root }),
    });
    shown.finish();
    const { anchors } = summary;
    if (summary.ok) {
      const anchored =
        anchors?.latest === undefined
          ? ''
          : `, and every head anchor #${anchors.latest.sequence.toString()} recorded is there (root ${anchors.latest.root})`;
      say(
        io.stdout,
        `Verified ${summary.streams} streams in ${engine.storeDescription}: every hash chain holds${anchored}.`,
      );
    } else {
      say(io.stdout, `${summary.broken.length} of ${summary.streams} streams are BROKEN:`);
      for (const broken of summary.broken) {
        say(io.stdout, `  ${broken.streamId} at revision ${broken.brokenAt.toString()} — ${broken.reason}`);
      }
    }
    if (anchors?.root === undefined) return summary.ok ? 0 : 1;
    const { sequence } = anchors.root;
    if (sequence === undefined) {
      const latest =
        anchors.latest === undefined ? 'there is no anchor' : `the latest is ${anchors.latest.root}`;
      say(
        io.stderr,
        `kare verify: anchor root ${root} is not among the ${anchors.anchors} anchors of ${engine.storeDescription} (${latest}): the anchor stream was rewritten or truncated`,
      );
      return 1;
    }
    const latest = anchors.latest!;
    say(
      io.stdout,
      sequence === latest.sequence
        ? `Anchor root ${root} is the latest anchor's (#${sequence.toString()}).`
        : `Anchor root ${root} is anchor #${sequence.toString()}'s; ${(latest.sequence - sequence).toString()} later anchors chain from it.`,
    );
    return summary.ok ? 0 : 1;
  });
};
