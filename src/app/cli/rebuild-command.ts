// `kare rebuild <projection|all>`: rebuilds read models from position 0 beside the live tables
// and swaps them in when caught up (blue/green), e.g. after a projection's code changed. Several
// projections are spread over worker threads, one per core (`--threads`).
import { availableParallelism } from 'node:os';
import { OFFLINE_BATCH_SIZE } from '../../consumers/consumer-runner.js';
import { DEFAULT_HELD_BATCH_BYTES } from '../../consumers/projector/projector.js';
import { UnknownProjection } from '../../consumers/projector/unknown-projection.js';
import { DATA_OPTION, integerOption, noMorePositionals, parseCommand } from './arguments.js';
import { CliError, UsageError } from './cli-errors.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo } from './cli-io.js';
import { PERCENT, progress } from './progress.js';
import { rebuildShares } from './rebuild-shares.js';
import { RebuildFailed, rebuildInThreads } from './rebuild-threads.js';

const OPTIONS = { ...DATA_OPTION, threads: { type: 'string' } } as const;

export const rebuildCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('rebuild', args, OPTIONS);
  const name = positionals[0];
  if (name === undefined) throw new UsageError('kare rebuild: name the projection to rebuild, or all');
  noMorePositionals('rebuild', positionals, 1);
  const threads = integerOption('rebuild', 'threads', values.threads) ?? availableParallelism();
  if (threads < 1) throw new UsageError('kare rebuild: --threads must be at least 1');
  const config = configFor(io, values.data);
  return withEngine(io, config, { projectorBatchSize: OFFLINE_BATCH_SIZE }, async (engine) => {
    const known = engine.projector.names;
    if (name !== 'all' && !known.includes(name)) {
      throw new CliError(`Unknown projection "${name}". Known projections: ${known.join(', ')} (or all)`, 2);
    }
    const selected = name === 'all' ? known : [name];
    const shown = progress(io.stderr, `rebuild ${name}`, PERCENT, io.now);
    // The rebuild runs its own catch-up; its progress is how far the new build is in the log
    // (in per mille, computed on bigints: positions are not counts, and may pass 2^53).
    const poll = setInterval(() => {
      void engine.projector.status().then((statuses) => {
        const building = statuses.filter((s) => selected.includes(s.name));
        const permille = building.map((s) => {
          const at = s.rebuild?.position ?? s.position;
          return s.head === 0n ? 1000n : (at * 1000n) / s.head;
        });
        const sum = permille.reduce((a, b) => a + b, 0n);
        shown.update(Number(sum / BigInt(Math.max(1, permille.length))), 1000);
      });
    }, 200);
    const started = (io.now ?? Date.now)();
    const shares = rebuildShares(selected, threads);
    try {
      if (shares.length === 1) await engine.projector.rebuild(name);
      else
        await rebuildInThreads(shares, {
          config,
          batchSize: OFFLINE_BATCH_SIZE,
          heldBytes: DEFAULT_HELD_BATCH_BYTES,
          ...(io.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: io.storeTimeoutMs }),
        });
    } catch (error) {
      if (error instanceof UnknownProjection) throw new CliError(error.message, 2);
      if (error instanceof RebuildFailed) throw new CliError(error.message);
      throw error;
    } finally {
      clearInterval(poll);
    }
    shown.update(1000, 1000);
    shown.finish();
    const statuses = (await engine.projector.status()).filter((s) => selected.includes(s.name));
    const seconds = (((io.now ?? Date.now)() - started) / 1000).toFixed(1);
    for (const status of statuses) {
      say(
        io.stdout,
        `Rebuilt ${status.name} (version ${status.version}) up to position ${status.position.toString()}.`,
      );
    }
    say(io.stdout, `Done in ${seconds} s.`);
    return 0;
  });
};
