// The real HTTP server over a real engine on a temporary SQLite store, for the route tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Express } from 'express';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../../../adapters/http/server.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import type { Engine } from '../../../src/engine.js';
import type { EventStore } from '../../../src/ports.js';

export interface TestServer {
  readonly engine: OpenedEngine;
  readonly http: HttpServer;
  readonly app: Express;
  /** Listens on 127.0.0.1 (a free port) and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions extends HttpServerOptions {
  /** KARE_API_KEYS; none means every request is admin. */
  readonly keys?: string;
  /** Runs the projector and the process managers, as the server process does. */
  readonly start?: boolean;
  readonly logger?: Logger;
  /** An EventStoreDB (the stand-in, in tests) instead of the embedded store. */
  readonly eventStoreUrl?: string;
  /** Replaces parts of the engine (a store that fails, a spy …). */
  readonly engine?: (engine: Engine) => Engine;
}

export const openTestServer = (options: TestServerOptions = {}): TestServer => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kare-http-'));
  const real = openEngine({
    dataDir,
    sqliteSync: 'normal',
    ...(options.eventStoreUrl === undefined ? {} : { eventStoreUrl: options.eventStoreUrl }),
  });
  const engine: OpenedEngine = options.engine === undefined ? real : { ...real, ...options.engine(real) };
  if (options.start ?? true) {
    engine.projector.start();
    engine.processes.start();
  }
  const http = createHttpServer(
    engine,
    { apiKeys: parseApiKeys(options.keys) },
    options.logger ?? pino({ level: 'silent' }),
    { processMetrics: false, indexWaitMs: 5000, ...options },
  );
  return {
    engine,
    http,
    app: http.app,
    listen: async () => `http://127.0.0.1:${(await http.listen(0, '127.0.0.1')).port}`,
    close: async () => {
      await http.close();
      await real.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export const ACCOUNT = { accountId: 'acme', name: 'Acme Telecom', industry: 'TECHNOLOGY', region: 'East' };

/**
 * The engine with some of its store's methods replaced (a spy, a failure). The store may be a
 * class instance (EventStoreDB), so the others are reached through the prototype, not copied.
 */
export const overrideStore =
  (overrides: Partial<EventStore>) =>
  (engine: Engine): Engine => ({
    ...engine,
    store: Object.assign(Object.create(engine.store) as EventStore, overrides),
  });

/**
 * The small book the fuzzers send their requests against: account `acme` with a manager, its
 * active agreement `acme-g` and its commitment `acme-s` of SKU-ROUTER, each sent with `post`.
 */
export const seedAcmeBook = async (
  post: (path: string, body: Record<string, unknown>) => Promise<void>,
): Promise<void> => {
  await post('/accounts', { accountId: 'acme', name: 'Acme', industry: 'RETAIL', region: 'North' });
  await post('/accounts/acme/assign-account-manager', { managerId: 'm-1', effectiveFrom: '2026-05-01' });
  await post('/agreements', {
    agreementId: 'acme-g',
    accountId: 'acme',
    validity: { from: '2026-05-01', to: '2027-04-30' },
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 7 },
    priceExpectations: {},
  });
  await post('/agreements/acme-g/activate-agreement', { signedBy: 'Chen Wei', signedOn: '2026-05-03' });
  await post('/supply-commitments', {
    commitmentId: 'acme-s',
    accountId: 'acme',
    agreementId: 'acme-g',
    sku: 'SKU-ROUTER',
    window: { from: '2026-06-01', to: '2026-12-31' },
    committedQty: 500,
  });
};
