// The configuration, from the environment, checked once at start with a message naming the
// variable that is wrong. Defaults give a working embedded server on loopback.
import { BlockList, isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseApiKeys, type ApiKey } from '../../adapters/http/auth.js';
import { parseSqliteSync, type SqliteSync } from '../../adapters/sqlite/connection.js';
import { DEFAULT_ANCHOR_SCHEDULE, type AnchorSchedule } from '../audit/index.js';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '../commands/command-handler.js';
import { webhookConfig, type WebhookConfig } from './webhooks.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** EventStoreDB connection string; absent means the embedded SQLite store in dataDir. */
  readonly eventStoreUrl?: string;
  /** The read-model SQLite file: the embedded store's own file by default, required-ish with ESDB. */
  readonly readDbPath?: string;
  /** The read models in PostgreSQL instead (KARE_READ_DB=postgres://…): its connection string. */
  readonly readDbUrl?: string;
  readonly apiKeys: readonly ApiKey[];
  readonly sqliteSync: SqliteSync;
  readonly logLevel: string;
  /** The secret read-model cursors are signed with; absent: the data directory's own (cursor.key). */
  readonly cursorKey?: string;
  /** The budget of the presented-rows cache, in bytes of JSON. */
  readonly readCacheBytes: number;
  /** Connections the server holds open at once; more are refused. */
  readonly maxConnections: number;
  /** Connections one client address holds open at once; more are refused (503). */
  readonly maxConnectionsPerAddress: number;
  /** When the server anchors the chains: after N events and every T ms when something changed (0: off). */
  readonly anchors: AnchorSchedule;
  /** How far a command's `at` may be after the server's clock (KARE_MAX_FUTURE_SKEW_SECONDS). */
  readonly maxFutureSkewMs: number;
  /** Webhook deliveries (KARE_WEBHOOKS_*). */
  readonly webhooks: WebhookConfig;
  /**
   * KARE_PROJECTION_PARTITIONS: how many partitions each projection split by account runs in,
   * so that that many workers (`kare project`) apply it side by side (default 1: whole).
   */
  readonly projectionPartitions: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * A loopback listen address: `localhost`, or an IP literal in 127.0.0.0/8 or ::1. Checked as an
 * IP literal, never by its text: `127.0.0.1.evil` is a host name anybody may point elsewhere.
 */
export const isLoopback = (host: string): boolean => {
  if (host === 'localhost') return true;
  const version = isIP(host);
  return version !== 0 && LOOPBACK.check(host, version === 4 ? 'ipv4' : 'ipv6');
};

/** Whether KARE_READ_DB names a PostgreSQL server rather than a SQLite file. */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value);

/** The smallest KARE_CURSOR_KEY: a secret of at least 128 bits as text. */
export const MIN_CURSOR_KEY_LENGTH = 32;

const wholeNumber = (env: NodeJS.ProcessEnv, name: string, fallback: number, least: 0 | 1): number => {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^[0-9]{1,9}$/.test(text) || value < least)
    throw new ConfigError(`${name} must be a whole number ≥ ${least}, not "${text}"`);
  return value;
};

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number): number =>
  wholeNumber(env, name, fallback, 1);

/** The most partitions a projection is split into: a lease and a checkpoint each. */
export const MAX_PROJECTION_PARTITIONS = 64;

const projectionPartitions = (env: NodeJS.ProcessEnv): number => {
  const count = positiveInteger(env, 'KARE_PROJECTION_PARTITIONS', 1);
  if (count > MAX_PROJECTION_PARTITIONS)
    throw new ConfigError(
      `KARE_PROJECTION_PARTITIONS must be at most ${MAX_PROJECTION_PARTITIONS}, not ${count}`,
    );
  return count;
};

/** KARE_ANCHOR_EVERY events and KARE_ANCHOR_SECONDS seconds; 0 turns a trigger off. */
const anchorSchedule = (env: NodeJS.ProcessEnv): AnchorSchedule => ({
  everyEvents: wholeNumber(env, 'KARE_ANCHOR_EVERY', DEFAULT_ANCHOR_SCHEDULE.everyEvents, 0),
  everyMs: wholeNumber(env, 'KARE_ANCHOR_SECONDS', DEFAULT_ANCHOR_SCHEDULE.everyMs / 1000, 0) * 1000,
});

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
  // A PostgreSQL connection string puts the read models there; anything else is a SQLite file.
  const readDb = env['KARE_READ_DB'] || undefined;
  const readDbUrl = readDb !== undefined && isPostgresUrl(readDb) ? readDb : undefined;
  if (readDb !== undefined && readDbUrl === undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(readDb))
    throw new ConfigError(
      'KARE_READ_DB must be a SQLite file path or a PostgreSQL connection string (postgres://user@host:5432/db)',
    );
  const cursorKey = env['KARE_CURSOR_KEY'] || undefined;
  if (cursorKey !== undefined && cursorKey.length < MIN_CURSOR_KEY_LENGTH)
    throw new ConfigError(
      `KARE_CURSOR_KEY must be a secret of at least ${MIN_CURSOR_KEY_LENGTH} characters (e.g. openssl rand -hex 32)`,
    );
  return {
    port,
    host,
    dataDir: resolve(env['KARE_DATA_DIR'] ?? './data'),
    ...(eventStoreUrl === undefined ? {} : { eventStoreUrl }),
    ...(readDbUrl !== undefined
      ? { readDbUrl }
      : readDb === undefined
        ? {}
        : { readDbPath: resolve(readDb) }),
    apiKeys,
    sqliteSync,
    logLevel,
    ...(cursorKey === undefined ? {} : { cursorKey }),
    readCacheBytes: positiveInteger(env, 'KARE_READ_CACHE_MB', 32) * 1024 * 1024,
    maxConnections: positiveInteger(env, 'KARE_MAX_CONNECTIONS', 1000),
    maxConnectionsPerAddress: positiveInteger(env, 'KARE_MAX_CONNECTIONS_PER_ADDRESS', 64),
    anchors: anchorSchedule(env),
    maxFutureSkewMs:
      wholeNumber(env, 'KARE_MAX_FUTURE_SKEW_SECONDS', DEFAULT_MAX_FUTURE_SKEW_MS / 1000, 0) * 1000,
    projectionPartitions: projectionPartitions(env),
    webhooks: webhookConfig(
      env,
      (name, fallback) => positiveInteger(env, name, fallback),
      (message) => {
        throw new ConfigError(message);
      },
    ),
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
