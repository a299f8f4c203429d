// http-read: GET /read-models/tier-status (300 accounts, the default page) through the whole
// express app under autocannon with 50 connections, against a plain node:http server that
// reads the same rows from the same SQLite view and sends them as JSON. A third server runs
// the baseline's handler inside our express stack, to tell the framework's cost from the route's.
import autocannon from 'autocannon';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Router } from 'express';
import { createApp } from '../adapters/http/app.js';
import { createHttpMetrics } from '../adapters/http/metrics.js';
import { createHttpServer } from '../adapters/http/server.js';
import { commandDefinition } from '../src/commands/aggregates.js';
import type { OpenedEngine } from '../src/app/open-engine.js';
import type { Engine } from '../src/engine.js';

const AT = '2026-03-02T09:00:00.000Z';
export const ACCOUNTS = 300;
const CONNECTIONS = 50;
const INDUSTRIES = ['TECHNOLOGY', 'FINANCE', 'RETAIL', 'LOGISTICS', 'ENERGY'];

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
}

const send = async (engine: Engine, accountId: string, type: string, data: Record<string, unknown>) => {
  const definition = commandDefinition('account', type)!;
  const outcome = await engine.handler.handle({
    aggregate: 'account',
    aggregateId: accountId,
    command: { type: definition.type, data: { at: AT, ...data } },
  });
  if (!outcome.ok) throw new Error(`${type} ${accountId}: ${JSON.stringify(outcome.failure)}`);
};

/** 300 active accounts with some revenue, projected. */
export const seedAccounts = async (engine: Engine): Promise<void> => {
  await Promise.all(
    Array.from({ length: ACCOUNTS }, async (_, i) => {
      const accountId = `acct-${String(i).padStart(3, '0')}`;
      await send(engine, accountId, 'RegisterAccount', {
        accountId,
        name: `Account ${i}`,
        industry: INDUSTRIES[i % INDUSTRIES.length],
        region: i % 2 === 0 ? 'East' : 'West',
      });
      await send(engine, accountId, 'AssignAccountManager', {
        managerId: `m-${i % 7}`,
        effectiveFrom: '2026-01-01',
      });
      await send(engine, accountId, 'RecordRevenue', {
        period: '2026-01',
        amount: { amount: (i + 1) * 100_000, currency: 'CNY' },
        sourceRef: `ERP-${i}`,
      });
    }),
  );
  await engine.projector.catchUp();
};

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const load = async (url: string, seconds: number): Promise<LoadResult> => {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, workers: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 };
};

/** Our server: the express app with every router, logging off (a load test is not about logs). */
export const startOurs = async (engine: Engine): Promise<{ url: string; stop: () => Promise<void> }> => {
  const http = createHttpServer(engine, { apiKeys: [] }, pino({ level: 'silent' }), {
    processMetrics: false,
    // The SSE bench opens 100 subscribers from one address.
    maxConnectionsPerAddress: 1000,
  });
  const { port } = await http.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, stop: () => http.close() };
};

/** The baseline's work: one prepared statement and JSON.stringify, the same rows. */
const rowsJson = (engine: OpenedEngine, rows: number): (() => string) => {
  const select = engine.readDb
    .prepare<[number], { doc: string } & Record<string, unknown>>(
      'SELECT * FROM tier_status ORDER BY account_id LIMIT ?',
    )
    .safeIntegers(false);
  return () =>
    JSON.stringify({
      items: select.all(rows).map((row) => ({ ...row, doc: JSON.parse(row.doc) as unknown })),
    });
};

type Started = { url: string; stop: () => Promise<void> };

/** The baseline: node:http serving the rows, nothing else. */
export const startBaseline = async (engine: OpenedEngine, rows: number): Promise<Started> => {
  const body = rowsJson(engine, rows);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body());
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, stop: () => close(server) };
};

/**
 * The baseline's work behind our express stack (request id, access, JSON errors, metrics): what
 * the framework costs, apart from what the read-model route itself does.
 */
export const startExpressStack = async (engine: OpenedEngine, rows: number): Promise<Started> => {
  const body = rowsJson(engine, rows);
  const metrics = createHttpMetrics({ projectionStatus: async () => [], processMetrics: false });
  const router = Router();
  router.get('/rows', (_req, res) => {
    res.type('application/json').send(body());
  });
  const app = createApp({
    apiKeys: [],
    logger: pino({ level: 'silent' }),
    onRequest: (info) => metrics.observeRequest(info),
    routes: [router],
  });
  const server = createServer(app);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/rows`, stop: () => close(server) };
};

export interface HttpReadRun {
  readonly ours: () => Promise<LoadResult>;
  readonly expressStack: () => Promise<LoadResult>;
  readonly baseline: () => Promise<LoadResult>;
  readonly stop: () => Promise<void>;
}

export const httpRead = async (engine: OpenedEngine, seconds: number): Promise<HttpReadRun> => {
  const ours = await startOurs(engine);
  const page = (await (await fetch(`${ours.url}/read-models/tier-status`)).json()) as { items: unknown[] };
  if (page.items.length === 0) throw new Error('the read model is empty');
  const baseline = await startBaseline(engine, page.items.length);
  const stack = await startExpressStack(engine, page.items.length);
  return {
    ours: () => load(`${ours.url}/read-models/tier-status`, seconds),
    expressStack: () => load(stack.url, seconds),
    baseline: () => load(baseline.url, seconds),
    stop: async () => {
      await ours.stop();
      await stack.stop();
      await baseline.stop();
    },
  };
};
