// Opening the engine for a CLI command: the server's configuration (src/config.ts, the same
// environment variables) with `--data <dir>` overriding KARE_DATA_DIR, and a first call to the
// store under a deadline, so an unreachable EventStoreDB is one clear line, not a hang.
import type { SqliteSync } from '../../adapters/sqlite/connection.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openEngine, type Engine } from '../engine.js';
import type { Clock } from '../ports.js';
import { CliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';

export interface EngineRequest {
  /** `--data <dir>`: overrides KARE_DATA_DIR. */
  readonly data?: string;
  readonly sqliteSync?: SqliteSync;
  readonly clock?: Clock;
}

export const configFor = (io: CliIo, data: string | undefined): Config => {
  try {
    return loadConfig(data === undefined ? io.env : { ...io.env, KARE_DATA_DIR: data });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`configuration: ${error.message}`, 2);
    throw error;
  }
};

const DEFAULT_STORE_TIMEOUT_MS = 10_000;

const answerWithin = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

export const openConfiguredEngine = async (
  io: CliIo,
  config: Config,
  request: EngineRequest,
): Promise<Engine> => {
  let engine: Engine;
  try {
    engine = openEngine({
      dataDir: config.dataDir,
      sqliteSync: request.sqliteSync ?? config.sqliteSync,
      ...(config.eventStoreUrl === undefined ? {} : { eventStoreUrl: config.eventStoreUrl }),
      ...(config.readDbPath === undefined ? {} : { readDbPath: config.readDbPath }),
      ...(request.clock === undefined ? {} : { clock: request.clock }),
    });
  } catch (error) {
    throw new CliError(`cannot open the store: ${(error as Error).message}`);
  }
  try {
    await answerWithin(engine.store.headPosition(), io.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS);
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw new CliError(
      `the event store ${engine.storeDescription} is unreachable: ${(error as Error).message}`,
    );
  }
  return engine;
};

/** Runs `work` on an engine opened for the command and always closes it. */
export const withEngine = async <T>(
  io: CliIo,
  config: Config,
  request: EngineRequest,
  work: (engine: Engine) => Promise<T>,
): Promise<T> => {
  const engine = await openConfiguredEngine(io, config, request);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
};
