// The configuration, from the environment, checked once at start with a message naming the
// variable that is wrong. Defaults give a working embedded server on loopback.
import { resolve } from 'node:path';
import { parseApiKeys, type ApiKey } from '../../adapters/http/auth.js';
import { parseSqliteSync, type SqliteSync } from '../../adapters/sqlite/connection.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** EventStoreDB connection string; absent means the embedded SQLite store in dataDir. */
  readonly eventStoreUrl?: string;
  /** The read-model SQLite file: the embedded store's own file by default, required-ish with ESDB. */
  readonly readDbPath?: string;
  readonly apiKeys: readonly ApiKey[];
  readonly sqliteSync: SqliteSync;
  readonly logLevel: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0–65535, not "${env['PORT']}"`);
  const host = env['HOST'] ?? '127.0.0.1';
  let apiKeys: readonly ApiKey[];
  let sqliteSync: SqliteSync;
  try {
    apiKeys = parseApiKeys(env['KARE_API_KEYS']);
    sqliteSync = parseSqliteSync(env['KARE_SQLITE_SYNC']);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const logLevel = env['LOG_LEVEL'] ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const eventStoreUrl = env['KARE_EVENTSTORE_URL'] || undefined;
  if (eventStoreUrl !== undefined && !/^(esdb|esdb\+discover):\/\//.test(eventStoreUrl)) {
    throw new ConfigError(
      'KARE_EVENTSTORE_URL must be an EventStoreDB connection string, e.g. esdb://localhost:2113?tls=false',
    );
  }
  const readDb = env['KARE_READ_DB'] || undefined;
  return {
    port,
    host,
    dataDir: resolve(env['KARE_DATA_DIR'] ?? './data'),
    ...(eventStoreUrl === undefined ? {} : { eventStoreUrl }),
    ...(readDb === undefined ? {} : { readDbPath: resolve(readDb) }),
    apiKeys,
    sqliteSync,
    logLevel,
  };
};

/** Without keys every caller is admin, so the server must not be reachable from elsewhere. */
export const checkExposure = (config: Pick<Config, 'host' | 'apiKeys'>): 'ok' | 'open-loopback' => {
  if (config.apiKeys.length > 0) return 'ok';
  if (!isLoopback(config.host)) {
    throw new ConfigError(
      `Refusing to listen on ${config.host} without API keys: set KARE_API_KEYS="<key>=<role>,…" or HOST=127.0.0.1`,
    );
  }
  return 'open-loopback';
};
