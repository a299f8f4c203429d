// The HTTP server over an engine: the express app with every router, metrics, the OpenAPI
// document, and a shutdown that stops accepting, ends the event streams (they never finish on
// their own), lets in-flight requests complete, and only then returns.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { projection as streamIndexProjection } from '../../projections/stream-index/index.js';
import type { Engine } from '../../src/engine.js';
import { createApp } from './app.js';
import { AuditEventJson } from './audit-event-json.js';
import { AUDIT_ENDPOINTS, auditRoutes } from './audit-routes.js';
import type { ApiKey } from './auth.js';
import { CloudEventJson } from './cloud-event-json.js';
import { capConnectionsPerAddress } from './connections-per-address.js';
import { COMMAND_ENDPOINTS, commandRoutes, commandSchemas, CommandResultJson } from './command-routes.js';
import type { CursorKey } from './cursor.js';
import { EventFanout } from './event-fanout.js';
import { HistoryReplays, OpenStreams, type HistoryReplayOptions } from './event-stream.js';
import { pathsOf } from './endpoint-openapi.js';
import {
  EventPageJson,
  EventSchemaListJson,
  INTEGRATOR_ENDPOINTS,
  integratorRoutes,
} from './integrator-routes.js';
import { createHttpMetrics, type HttpMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { OPERATOR_ENDPOINTS, operatorRoutes } from './operator-routes.js';
import { PERSONAL_DATA_ENDPOINTS, personalDataRoutes } from './personal-data-routes.js';
import { ProblemJson, ValidationProblemJson } from './problem.js';
import { HealthJson, PUBLIC_ENDPOINTS, publicRoutes } from './public-routes.js';
import { readModelEndpoints, readModelRoutes } from './read-model-routes.js';
import { WEBHOOK_ENDPOINTS, webhookRoutes } from './webhook-routes.js';

/** The version of the API the OpenAPI document describes. */
export const API_VERSION = '1.0.0';

/** The engine's services the API serves (never its databases: those are the core's business). */
export type HttpEngine = Pick<
  Engine,
  | 'store'
  | 'handler'
  | 'projector'
  | 'processes'
  | 'audit'
  | 'readModels'
  | 'clock'
  | 'ids'
  | 'policy'
  | 'webhooks'
  | 'personalData'
>;

/** Who may call: the API keys and their roles (none: every request is admin, on loopback only). */
export interface HttpAccess {
  readonly apiKeys: readonly ApiKey[];
}

export interface HttpServerOptions {
  /** The SSE comment heartbeat (default 15 s). */
  readonly heartbeatMs?: number;
  /** Default metrics of the process (CPU, memory, event loop); default on. */
  readonly processMetrics?: boolean;
  /** How long the process routes wait for the stream index to reach the head (default 5 s). */
  readonly indexWaitMs?: number;
  /** How long a read with `minPosition` waits for its projection before a 503 (default 2 s). */
  readonly minPositionWaitMs?: number;
  /** How long the health check waits for the store and the projector (default 2 s). */
  readonly healthTimeoutMs?: number;
  /** How long a shutdown waits for in-flight requests before cutting connections (default 10 s). */
  readonly shutdownTimeoutMs?: number;
  /** The budget of the presented-rows cache of the read-model routes, in bytes of JSON (default 32 MiB). */
  readonly presentedRowsBytes?: number;
  /** The secret read-model cursors are signed with (KARE_CURSOR_KEY, or the data directory's). */
  readonly cursorKey?: CursorKey;
  /** How long a client may take to send a whole request, body included (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** How long a client may take to send the request's headers (default 10 s). */
  readonly headersTimeoutMs?: number;
  /** How often the two timeouts above are checked (default 1 s). */
  readonly timeoutCheckMs?: number;
  /** Connections held open at once, event streams included; more are dropped (default 1000). */
  readonly maxConnections?: number;
  /** How event streams replay history: page size, pages served per turn of the loop, bytes shared. */
  readonly historyReplays?: HistoryReplayOptions;
  /** Connections one client address holds at once; more are answered 503 and closed (default 64). */
  readonly maxConnectionsPerAddress?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONNECTIONS = 1000;
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;

export interface HttpServer {
  readonly app: Express;
  readonly server: Server;
  readonly metrics: HttpMetrics;
  readonly openApi: Record<string, unknown>;
  /** The cap on connections from one client address. */
  readonly maxConnectionsPerAddress: number;
  /** Resolves with the bound address (the real port when asked for port 0). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, ends the event streams, waits for in-flight requests. */
  close(): Promise<void>;
}

export const buildOpenApi = (): Record<string, unknown> =>
  openApiDocument({
    version: API_VERSION,
    fragments: [
      COMMAND_ENDPOINTS,
      OPERATOR_ENDPOINTS,
      readModelEndpoints(),
      AUDIT_ENDPOINTS,
      INTEGRATOR_ENDPOINTS,
      WEBHOOK_ENDPOINTS,
      PERSONAL_DATA_ENDPOINTS,
      PUBLIC_ENDPOINTS,
    ].map(pathsOf),
    components: [
      ProblemJson,
      ValidationProblemJson,
      CommandResultJson,
      CloudEventJson,
      EventPageJson,
      EventSchemaListJson,
      HealthJson,
      AuditEventJson,
    ],
    schemas: commandSchemas(),
  });

export const createHttpServer = (
  engine: HttpEngine,
  access: HttpAccess,
  logger: Logger,
  options: HttpServerOptions = {},
): HttpServer => {
  const projectionStatus = () => engine.projector.status();
  const streams = new OpenStreams(new HistoryReplays(options.historyReplays));
  const metrics = createHttpMetrics({
    projectionStatus,
    openStreams: () => streams.size,
    ...(options.processMetrics === undefined ? {} : { processMetrics: options.processMetrics }),
  });
  const fanout = new EventFanout(engine.store, (error) =>
    logger.warn({ err: error }, 'the live event subscription ended by an error'),
  );
  const openApi = buildOpenApi();
  const indexWaitMs = options.indexWaitMs ?? 5000;

  const app = createApp({
    apiKeys: access.apiKeys,
    logger,
    onRequest: (info) => metrics.observeRequest(info),
    publicRoutes: [
      publicRoutes({
        store: engine.store,
        projectionStatus,
        metrics,
        openApi: JSON.stringify(openApi),
        ...(options.healthTimeoutMs === undefined ? {} : { healthTimeoutMs: options.healthTimeoutMs }),
      }),
    ],
    routes: [
      commandRoutes({
        handler: engine.handler,
        clock: engine.clock,
        ids: engine.ids,
        onOutcome: (command, outcome) => metrics.countCommand(command, outcome),
      }),
      operatorRoutes({
        processes: engine.processes,
        clock: engine.clock,
        ids: engine.ids,
        indexCaughtUp: async () =>
          engine.projector.waitFor(
            await engine.store.headPosition(),
            indexWaitMs,
            streamIndexProjection.name,
          ),
      }),
      readModelRoutes(engine, {
        ...(options.presentedRowsBytes === undefined
          ? {}
          : { presentedRowsBytes: options.presentedRowsBytes }),
        ...(options.cursorKey === undefined ? {} : { cursorKey: options.cursorKey }),
        ...(options.minPositionWaitMs === undefined ? {} : { minPositionWaitMs: options.minPositionWaitMs }),
      }),
      auditRoutes(engine),
      integratorRoutes({
        store: engine.store,
        fanout,
        streams,
        ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
        onStreamError: (error) => logger.warn({ err: error }, 'event stream ended by an error'),
      }),
      webhookRoutes({ webhooks: engine.webhooks }),
      personalDataRoutes({ personalData: engine.personalData }),
    ],
  });
  // Timeouts suited to an API: a client that trickles its headers or its body is cut off, and
  // the connections held at once are capped (an event stream holds one for as long as it runs).
  const server = createServer(
    {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      headersTimeout: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: options.timeoutCheckMs ?? 1000,
    },
    // A connection refused for its address has had its answer: nothing it sends is served.
    (req, res) => (perAddress.refused(req.socket) ? undefined : app(req, res)),
  );
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxConnectionsPerAddress = options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
  const perAddress = capConnectionsPerAddress(server, maxConnectionsPerAddress, (remoteAddress) =>
    logger.warn(
      { remoteAddress, maxConnectionsPerAddress },
      'refusing connections from one address: it holds its maximum of connections',
    ),
  );
  // One line when the server fills up, not one per refused connection (a flood would flood the log).
  let full = false;
  server.on('connection', () => {
    full = false;
  });
  server.on('drop', (dropped?: { remoteAddress?: string }) => {
    if (full) return;
    full = true;
    logger.warn(
      { remoteAddress: dropped?.remoteAddress, maxConnections: server.maxConnections },
      'refusing connections: the server holds its maximum of connections',
    );
  });

  const listen = (port: number, host: string): Promise<AddressInfo> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server.address() as AddressInfo);
      });
    });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      if (!server.listening) {
        streams.endAll();
        void fanout.close().then(resolve);
        return;
      }
      const cutOff = setTimeout(() => {
        logger.warn('shutdown: cutting the connections still open');
        server.closeAllConnections();
      }, options.shutdownTimeoutMs ?? 10_000);
      server.close(() => {
        clearTimeout(cutOff);
        resolve();
      });
      streams.endAll();
      void fanout.close();
      server.closeIdleConnections();
    }));

  return { app, server, metrics, openApi, maxConnectionsPerAddress, listen, close };
};
