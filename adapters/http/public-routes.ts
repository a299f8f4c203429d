// What anyone may call, without a key: the health check (a load balancer's), the metrics (a
// Prometheus scraper's) and the OpenAPI document (a client generator's). The health check
// says what is wrong, not why: error messages (paths, hosts) are for the logs, not the public.
import type { Router } from 'express';
import * as t from 'io-ts';
import { oneOf } from '../../domain/kernel/index.js';
import type { EventStore, ProjectionStatus } from '../../src/ports.js';
import { component } from './documented-codec.js';
import { DecimalString } from '../../src/position.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { routerOf } from './endpoint-router.js';
import { JsonObjectCodec as JsonObject } from '../../src/json-object.js';
import type { HttpMetrics } from './metrics.js';
import { ProjectionProgressJson } from './projection-status-json.js';

export interface PublicRoutesOptions {
  readonly store: Pick<EventStore, 'headPosition'>;
  readonly projectionStatus: () => Promise<readonly ProjectionStatus[]>;
  readonly metrics: HttpMetrics;
  /** The document, as served (JSON text). */
  readonly openApi: string;
  /** How long the health check waits for the store (default 2 s): an unreachable one must not hang it. */
  readonly healthTimeoutMs?: number;
}

const open = endpoint<PublicRoutesOptions>({ tag: 'public', roles: 'public' });

/** The projection states of a server that serves its read models (failed or stopped ones don't). */
const SERVING = new Set<ProjectionStatus['state']>(['live', 'catching_up', 'rebuilding']);

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

export const HealthJson = component(
  'Health',
  t.type({
    status: oneOf('HealthStatus', ['ok', 'unavailable']),
    store: t.intersection([t.type({ reachable: t.boolean }), t.partial({ head: DecimalString })]),
    projections: t.array(ProjectionProgressJson),
  }),
);

const HEALTH = open({
  method: 'get',
  path: '/health',
  operationId: 'health',
  summary: 'Whether the store answers and the projections are running',
  answers: {
    '200': { description: 'Healthy', json: HealthJson },
    '503': {
      description: 'The store does not answer, or a projection has failed or stopped',
      json: HealthJson,
    },
  },
  handle: async (_input, options) => {
    const timeoutMs = options.healthTimeoutMs ?? 2000;
    const [head, projections] = await Promise.allSettled([
      within(options.store.headPosition(), timeoutMs, 'The event store'),
      within(options.projectionStatus(), timeoutMs, 'The projector'),
    ]);
    const statuses = projections.status === 'fulfilled' ? projections.value : [];
    const healthy =
      head.status === 'fulfilled' &&
      projections.status === 'fulfilled' &&
      statuses.every((p) => SERVING.has(p.state));
    return {
      status: healthy ? 200 : 503,
      json: {
        status: healthy ? 'ok' : 'unavailable',
        store: head.status === 'fulfilled' ? { reachable: true, head: head.value } : { reachable: false },
        projections: statuses,
      },
    };
  },
});

const METRICS = open({
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  summary: 'Prometheus metrics: request latencies and rates, commands by outcome, projection lag',
  answers: {
    '200': { description: 'The Prometheus text format', other: { 'text/plain': { type: 'string' } } },
  },
  handle: async (_input, { metrics }) => ({
    type: metrics.registry.contentType,
    text: await metrics.registry.metrics(),
  }),
});

const OPEN_API = open({
  method: 'get',
  path: '/openapi.json',
  operationId: 'openApi',
  summary: 'This document',
  answers: { '200': { description: 'OpenAPI 3.1', json: JsonObject } },
  handle: (_input, { openApi }) => ({ type: 'application/json', text: openApi }),
});

export const PUBLIC_ENDPOINTS: readonly Endpoint<PublicRoutesOptions>[] = [HEALTH, METRICS, OPEN_API];

export const publicRoutes = (options: PublicRoutesOptions): Router => routerOf(PUBLIC_ENDPOINTS, options);
