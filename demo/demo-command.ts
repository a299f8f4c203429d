// `kare demo [--seed N] [--accounts N] [--as-of YYYY-MM-DD] [--force | --if-empty] [--data dir]`:
// loads the demo book into the configured store, current as of --as-of (default: today by the
// clock, UTC), so it ends on the day it is loaded. An empty store only: --if-empty makes a
// non-empty one a quiet success (what `npm run demo` uses to load once), --force empties the
// embedded store first.
import { rmSync } from 'node:fs';
import type { Config } from '../src/app/config.js';
import { embeddedStorePath } from '../src/app/open-engine.js';
import { IsoDate } from '../domain/kernel/index.js';
import {
  DemoOptionsError,
  demoClock,
  demoEngineRequest,
  loadDemoBook,
  DEMO_ACCOUNTS,
  DEMO_SEED,
} from './demo-book.js';
import { utcDateOf } from './demo-calendar.js';
import { DATA_OPTION, integerOption, noMorePositionals, parseCommand } from '../src/app/cli/arguments.js';
import { CliError, UsageError } from '../src/app/cli/cli-errors.js';
import { configFor, openCliEngine } from '../src/app/cli/cli-engine.js';
import { say, type CliIo } from '../src/app/cli/cli-io.js';
import { progress } from '../src/app/cli/progress.js';

/** The embedded store's files (and a separate read-model file, whose rows follow that store). */
const removeEmbeddedStore = (config: Config): void => {
  const files = [
    embeddedStorePath(config.dataDir),
    ...(config.readDbPath === undefined ? [] : [config.readDbPath]),
  ];
  for (const file of files)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
};

export const demoCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('demo', args, {
    ...DATA_OPTION,
    seed: { type: 'string' },
    accounts: { type: 'string' },
    'as-of': { type: 'string' },
    force: { type: 'boolean' },
    'if-empty': { type: 'boolean' },
  });
  noMorePositionals('demo', positionals, 0);
  if (values.force === true && values['if-empty'] === true)
    throw new UsageError('kare demo: --force and --if-empty contradict each other');
  const seed = integerOption('demo', 'seed', values.seed) ?? DEMO_SEED;
  const accounts = integerOption('demo', 'accounts', values.accounts) ?? DEMO_ACCOUNTS;
  const asOf = values['as-of'] ?? utcDateOf((io.now ?? Date.now)());
  if (!IsoDate.is(asOf)) throw new UsageError(`kare demo: --as-of must be a date YYYY-MM-DD, not "${asOf}"`);
  const config = configFor(io, values.data);
  const clock = demoClock(asOf);
  const request = demoEngineRequest(clock, seed);

  let engine = await openCliEngine(io, config, request);
  try {
    const head = await engine.store.headPosition();
    if (head > 0n) {
      if (values['if-empty'] === true) {
        say(
          io.stdout,
          `The store ${engine.storeDescription} already holds events: the demo book is not loaded again.`,
        );
        return 0;
      }
      if (values.force !== true) {
        throw new CliError(
          `The store ${engine.storeDescription} is not empty (head position ${head.toString()}): ` +
            'kare demo loads into an empty store. Use --force to replace the embedded store, or another --data directory.',
        );
      }
      if (config.eventStoreUrl !== undefined) {
        throw new CliError(
          'kare demo --force cannot empty an EventStoreDB database: point KARE_EVENTSTORE_URL at an empty one.',
          2,
        );
      }
      await engine.close();
      removeEmbeddedStore(config);
      engine = await openCliEngine(io, config, request);
    }
    const started = (io.now ?? Date.now)();
    const shown = progress(io.stderr, 'demo', 'days', io.now);
    const summary = await loadDemoBook(engine, clock, {
      seed,
      accounts,
      today: asOf,
      onProgress: (done, days) => shown.update(done, days),
    });
    shown.finish();
    const seconds = (((io.now ?? Date.now)() - started) / 1000).toFixed(1);
    say(
      io.stdout,
      `Loaded the demo book into ${engine.storeDescription}: ${summary.accounts} accounts, ` +
        `${summary.head.toString()} events from ${summary.from} to ${summary.to} (seed ${summary.seed}) in ${seconds} s; ` +
        `it is current as of ${summary.today}.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DemoOptionsError) throw new UsageError(`kare demo: ${error.message}`);
    throw error;
  } finally {
    await engine.close();
  }
};
