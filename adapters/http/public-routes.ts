// What anyone may call, without a key: the health check (a load balancer's), the metrics (a
// Prometheus scraper's) and the OpenAPI document (a client generator's). The health check
// says what is wrong, not why: error messages (paths, hosts) are for the logs, not the public.
import { Router } from 'express';
import type { EventStore, ProjectionStatus } from '../../src/ports.js';
import type { HttpMetrics } from './metrics.js';
import { jsonResponse } from './openapi-fragment.js';

export interface PublicRoutesOptions {
  readonly store: Pick<EventStore, 'headPosition'>;
  readonly projectionStatus: () => Promise<readonly ProjectionStatus[]>;
  readonly metrics: HttpMetrics;
  readonly openApi: object;
  /** How long the health check waits for the store (default 2 s): an unreachable one must not hang it. */
  readonly healthTimeoutMs?: number;
}

/** The projection states of a server that serves its read models (failed or stopped ones don't). */
const SERVING = new Set<ProjectionStatus['state']>(['live', 'catching_up', 'rebuilding']);

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

export const publicRoutes = (options: PublicRoutesOptions): Router => {
  const router = Router();
  const timeoutMs = options.healthTimeoutMs ?? 2000;
  const openApi = JSON.stringify(options.openApi);

  router.get('/health', async (_req, res) => {
    const [head, projections] = await Promise.allSettled([
      within(options.store.headPosition(), timeoutMs, 'The event store'),
      within(options.projectionStatus(), timeoutMs, 'The projector'),
    ]);
    const statuses = projections.status === 'fulfilled' ? projections.value : [];
    const healthy =
      head.status === 'fulfilled' &&
      projections.status === 'fulfilled' &&
      statuses.every((p) => SERVING.has(p.state));
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'unavailable',
      store:
        head.status === 'fulfilled' ? { reachable: true, head: head.value.toString() } : { reachable: false },
      projections: statuses.map((p) => ({
        name: p.name,
        state: p.state,
        position: p.position.toString(),
        lag: p.lag.toString(),
      })),
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });

  return router;
};

/** The public routes in the OpenAPI document: no key needed (`security: []`). */
export const publicPaths = (): Record<string, object> => ({
  '/health': {
    get: {
      operationId: 'health',
      summary: 'Whether the store answers and the projections are running',
      tags: ['public'],
      security: [],
      responses: {
        '200': jsonResponse('Healthy', { $ref: '#/components/schemas/Health' }),
        '503': jsonResponse('The store does not answer, or a projection has failed or stopped', {
          $ref: '#/components/schemas/Health',
        }),
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      summary: 'Prometheus metrics: request latencies and rates, commands by outcome, projection lag',
      tags: ['public'],
      security: [],
      responses: {
        '200': {
          description: 'The Prometheus text format',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openApi',
      summary: 'This document',
      tags: ['public'],
      security: [],
      responses: { '200': jsonResponse('OpenAPI 3.1', { type: 'object' }) },
    },
  },
});
