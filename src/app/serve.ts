// The server: configuration → exposure check → engine (opened and checked like every CLI
// command's) → projector and process managers → HTTP. `serve(config)` returns the running
// server; `kare serve` owns the process (signals, exit codes). Nothing runs on import.
import type { Logger } from 'pino';
import { createLogger } from '../../adapters/http/logger.js';
import { createHttpServer } from '../../adapters/http/server.js';
import type { AnchorSchedule } from '../audit/index.js';
import { anchorScheduleFrom } from './anchor-schedule.js';
import { checkExposure, type Config } from './config.js';
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

/** `http://host:port`, brackets around an IPv6 address. */
const urlOf = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

export interface ServeOptions {
  /** When to anchor the chains (default: from KARE_ANCHOR_EVERY and KARE_ANCHOR_SECONDS). */
  readonly anchors?: AnchorSchedule;
}

export const serve = async (config: Config, options: ServeOptions = {}): Promise<Serving> => {
  const anchorSchedule = options.anchors ?? anchorScheduleFrom();
  const exposure = checkExposure(config);
  const logger = createLogger(config.logLevel);
  if (exposure === 'open-loopback') {
    logger.warn(
      `no API keys configured (KARE_API_KEYS): every request is treated as admin; listening on ${config.host} only`,
    );
  }
  const engine = await openConfiguredEngine(config).catch((error: unknown) => {
    throw error instanceof EngineUnavailable ? new CannotStart(error.message) : error;
  });
  engine.projector.start();
  engine.processes.start();
  engine.anchors.start(anchorSchedule, (error) => logger.warn({ err: error }, 'anchoring failed; retrying'));

  const http = createHttpServer(engine, config, logger);
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
