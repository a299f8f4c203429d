// The server process: configuration → exposure check → engine → projector and process
// managers → HTTP. A bad configuration or a store that can't be reached is one clear line on
// stderr and exit code 1; SIGTERM/SIGINT stop accepting, end the event streams, finish the
// requests in flight, close the engine and exit 0.
import { createLogger } from '../adapters/http/logger.js';
import { createHttpServer } from '../adapters/http/server.js';
import { checkExposure, loadConfig, type Config } from './config.js';
import { openEngine, type Engine } from './engine.js';

/** How long to wait for the event store to answer at start (an unreachable EventStoreDB hangs). */
const STORE_CHECK_MS = 10_000;

const fail = (message: string): never => {
  process.stderr.write(`kare: cannot start: ${message}\n`);
  process.exit(1);
};

const reachable = async (engine: Engine, what: string): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      engine.store.headPosition(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${STORE_CHECK_MS / 1000} s`)),
          STORE_CHECK_MS,
        );
      }),
    ]);
  } catch (error) {
    await engine.close().catch(() => undefined);
    fail(`the event store ${what} is unreachable: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
};

/** `http://host:port`, brackets around an IPv6 address. */
const urlOf = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

const main = async (): Promise<void> => {
  let config: Config;
  let exposure: ReturnType<typeof checkExposure>;
  try {
    config = loadConfig(process.env);
    exposure = checkExposure(config);
  } catch (error) {
    return fail((error as Error).message);
  }
  const logger = createLogger(config.logLevel);
  if (exposure === 'open-loopback') {
    logger.warn(
      `no API keys configured (KARE_API_KEYS): every request is treated as admin; listening on ${config.host} only`,
    );
  }

  let engine: Engine;
  try {
    engine = openEngine({
      dataDir: config.dataDir,
      sqliteSync: config.sqliteSync,
      ...(config.eventStoreUrl === undefined ? {} : { eventStoreUrl: config.eventStoreUrl }),
      ...(config.readDbPath === undefined ? {} : { readDbPath: config.readDbPath }),
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  await reachable(engine, engine.storeDescription);

  engine.projector.start();
  engine.processes.start();

  const http = createHttpServer(engine, config, logger);
  const address = await http.listen(config.port, config.host).catch(async (error: unknown) => {
    await engine.close().catch(() => undefined);
    return fail(`cannot listen on ${urlOf(config.host, config.port)}: ${(error as Error).message}`);
  });
  logger.info({ store: engine.storeDescription }, `listening on ${urlOf(config.host, address.port)}`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    // A second signal while shutting down: the operator won't wait.
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal}: shutting down`);
    try {
      await http.close();
      await engine.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
};

await main();
