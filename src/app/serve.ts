// The server: configuration → exposure check → engine (opened and checked like every CLI
// command's) → projector and process managers → HTTP. `serve(config)` returns the running
// server; `kare serve` owns the process (signals, exit codes). Nothing runs on import.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createLogger } from '../../adapters/http/logger.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { checkExposure, MIN_CURSOR_KEY_LENGTH, type Config } from './config.js';
import { SERVING_TURN_BUDGET_MS } from '../consumers/consumer-runner.js';
import { projectedElsewhere } from '../consumers/projector/projected-elsewhere.js';
import { EngineUnavailable, openConfiguredEngine } from './open-engine.js';

/** The server could not start: one line for the operator. */
export class CannotStart extends Error {
  override readonly name = 'CannotStart';
}

export interface Serving {
  /** `http://host:port` it listens on. */
  readonly url: string;
  readonly logger: Logger;
  /** Stops accepting, ends the event streams, finishes requests in flight, closes the engine. */
  close(): Promise<void>;
}

/** The file in the data directory that keeps the cursor key when KARE_CURSOR_KEY is not set. */
export const CURSOR_KEY_FILE = 'cursor.key';

/**
 * The secret read-model cursors are signed with: KARE_CURSOR_KEY, else the data directory's own,
 * made the first time (random, readable by the owner only) and kept, so cursors outlive a
 * restart. Two processes starting at once agree: the file appears whole (a link) or not at all.
 */
export const cursorKeyOf = (config: Pick<Config, 'cursorKey' | 'dataDir'>): string => {
  if (config.cursorKey !== undefined) return config.cursorKey;
  mkdirSync(config.dataDir, { recursive: true });
  const path = join(config.dataDir, CURSOR_KEY_FILE);
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < MIN_CURSOR_KEY_LENGTH)
    throw new CannotStart(`${path} does not hold a cursor key; delete it and a new one is made`);
  return key;
};

/** `http://host:port`, brackets around an IPv6 address. */
const urlOf = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

export interface ServeOptions {
  /**
   * Run the projections, the daily job, the reactors, the anchors and the webhook deliveries here
   * (the default: one process does it all). False: an API server only, beside `kare project` workers.
   */
  readonly projector: boolean;
}

export const NO_PROJECTOR_NEEDS_POSTGRES =
  '--no-projector needs the read models in PostgreSQL (KARE_READ_DB=postgres://…), where `kare project` ' +
  'workers keep them; with the embedded read models run `kare serve` alone';

export const serve = async (
  config: Config,
  options: ServeOptions = { projector: true },
): Promise<Serving> => {
  if (!options.projector && config.readDbUrl === undefined)
    throw new CannotStart(NO_PROJECTOR_NEEDS_POSTGRES);
  const exposure = checkExposure(config);
  const logger = createLogger(config.logLevel);
  if (exposure === 'open-loopback') {
    logger.warn(
      `no API keys configured (KARE_API_KEYS): every request is treated as admin; listening on ${config.host} only`,
    );
  }
  const opened = await openConfiguredEngine(config, {
    // Projections catching up here (a new version at start) share the loop with the requests.
    projectorTurnBudgetMs: SERVING_TURN_BUDGET_MS,
    onWebhookError: (error, webhookId) =>
      logger.warn({ err: error, webhookId }, 'a webhook failed; retrying'),
  }).catch((error: unknown) => {
    throw error instanceof EngineUnavailable ? new CannotStart(error.message) : error;
  });
  if (options.projector) {
    opened.projector.start();
    opened.currentRows.start((error) =>
      logger.warn({ err: error }, 'keeping the read models current as of today failed; retrying'),
    );
    opened.processes.start();
  }
  // Without the projector, the workers (kare project) also run the reactors and the anchors.
  const engine = options.projector ? opened : { ...opened, projector: projectedElsewhere(opened.projector) };
  // Deliveries too: here alone, else by the worker holding the `webhooks` lease (this server
  // still registers, changes and replays them in the shared store).
  if (options.projector) await engine.webhooks.start();
  if (options.projector)
    engine.anchors.start(config.anchors, (error) =>
      logger.warn({ err: error }, 'anchoring failed; retrying'),
    );

  let cursorKey: string;
  try {
    cursorKey = cursorKeyOf(config);
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error instanceof CannotStart
      ? error
      : new CannotStart(`cannot keep the cursor key in ${config.dataDir}: ${(error as Error).message}`);
  }
  const http = createHttpServer(engine, config, logger, {
    cursorKey,
    presentedRowsBytes: config.readCacheBytes,
    maxConnections: config.maxConnections,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
  });
  const address = await http.listen(config.port, config.host).catch(async (error: unknown) => {
    await engine.close().catch(() => undefined);
    throw new CannotStart(`cannot listen on ${urlOf(config.host, config.port)}: ${(error as Error).message}`);
  });
  const url = urlOf(config.host, address.port);
  logger.info({ store: engine.storeDescription }, `listening on ${url}`);
  return {
    url,
    logger,
    close: async () => {
      await http.close();
      await engine.close();
    },
  };
};
