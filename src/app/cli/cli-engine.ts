// Opening the engine for a CLI command: the server's configuration (src/app/config.ts, the same
// environment variables) with `--data <dir>` overriding KARE_DATA_DIR, opened and checked by
// the one open-engine code the server uses too.
import type { SqliteSync } from '../../../adapters/sqlite/connection.js';
import type { Clock } from '../../ports.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { EngineUnavailable, openConfiguredEngine, type OpenedEngine } from '../open-engine.js';
import { CliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';

export interface EngineRequest {
  readonly sqliteSync?: SqliteSync;
  readonly clock?: Clock;
  readonly projectorBatchSize?: number;
  readonly projectorHeldBytes?: number;
}

export const configFor = (io: CliIo, data: string | undefined): Config => {
  try {
    return loadConfig(data === undefined ? io.env : { ...io.env, KARE_DATA_DIR: data });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`configuration: ${error.message}`, 2);
    throw error;
  }
};

export const openCliEngine = async (
  io: CliIo,
  config: Config,
  request: EngineRequest,
): Promise<OpenedEngine> => {
  try {
    return await openConfiguredEngine(config, {
      ...request,
      ...(io.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: io.storeTimeoutMs }),
    });
  } catch (error) {
    if (!(error instanceof EngineUnavailable)) throw error;
    throw new CliError(error.stage === 'open' ? `cannot open the store: ${error.message}` : error.message);
  }
};

/** Runs `work` on an engine opened for the command and always closes it. */
export const withEngine = async <T>(
  io: CliIo,
  config: Config,
  request: EngineRequest,
  work: (engine: OpenedEngine) => Promise<T>,
): Promise<T> => {
  const engine = await openCliEngine(io, config, request);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
};
