// What anyone may call, without a key: the health check (a load balancer's), the metrics (a
// Prometheus scraper's) and the OpenAPI document (a client generator's). The health check
// says what is wrong, not why: error messages (paths, hosts) are for the logs, not the public.
import type { Router } from 'express';
import * as t from 'io-ts';
import { oneOf } from '../../domain/kernel/index.js';
import type { EventStore, ProjectionStatus, StoreHealth } from '../../src/ports.js';
import { component } from './documented-codec.js';
import { DecimalString } from '../../src/position.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { routerOf } from './endpoint-router.js';
import { JsonObjectCodec as JsonObject } from '../../src/json-object.js';
import type { HttpMetrics } from './metrics.js';
import { ProjectionProgressJson } from './projection-status-json.js';

export interface PublicRoutesOptions {
  readonly store: Pick<EventStore, 'headPosition' | 'health'>;
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

const CheckJson = t.intersection([
  t.type({ status: oneOf('CheckStatus', ['pass', 'fail']) }),
  // What is failing in a word ('read-only', 'disk full', 'unreachable' …), never a path or host.
  t.partial({ error: t.string, since: t.string }),
]);

export const HealthJson = component(
  'Health',
  t.type({
    /** ok; degraded: the store answers but can't take writes; unavailable: it doesn't answer, or a projection is down. */
    status: oneOf('HealthStatus', ['ok', 'degraded', 'unavailable']),
    store: t.intersection([t.type({ reachable: t.boolean }), t.partial({ head: DecimalString })]),
    checks: t.type({ eventStore: CheckJson, projections: CheckJson }),
    projections: t.array(ProjectionProgressJson),
  }),
);

type Check = t.TypeOf<typeof CheckJson>;

const PASS: Check = { status: 'pass' };

/** The store's check: unreachable, or reachable but not taking writes (a fault it names), or fine. */
const storeCheck = (
  head: PromiseSettledResult<bigint>,
  writes: PromiseSettledResult<StoreHealth | undefined>,
): Check => {
  if (head.status === 'rejected') return { status: 'fail', error: 'unreachable' };
  if (writes.status === 'rejected') return { status: 'fail', error: 'unreachable' };
  const health = writes.value;
  if (health === undefined || health.writable) return PASS;
  return {
    status: 'fail',
    error: health.fault ?? 'not writable',
    ...(health.since === undefined ? {} : { since: health.since }),
  };
};

const projectionsCheck = (projections: PromiseSettledResult<readonly ProjectionStatus[]>): Check => {
  if (projections.status === 'rejected') return { status: 'fail', error: 'unreachable' };
  const down = projections.value.filter((p) => !SERVING.has(p.state));
  return down.length === 0
    ? PASS
    : { status: 'fail', error: `${down.map((p) => `${p.name} ${p.state}`).join(', ')}` };
};

const HEALTH = open({
  method: 'get',
  path: '/health',
  operationId: 'health',
  summary:
    'Whether the store answers and takes writes, and the projections are running; `checks` says what is failing',
  answers: {
    '200': { description: 'Healthy', json: HealthJson },
    '503': {
      description:
        'The store does not answer or cannot take writes (read-only, disk full …), or a projection has failed or stopped',
      json: HealthJson,
    },
  },
  handle: async (_input, options) => {
    const timeoutMs = options.healthTimeoutMs ?? 2000;
    const [head, writes, projections] = await Promise.allSettled([
      within(options.store.headPosition(), timeoutMs, 'The event store'),
      within(options.store.health?.() ?? Promise.resolve(undefined), timeoutMs, 'The event store'),
      within(options.projectionStatus(), timeoutMs, 'The projector'),
    ]);
    const statuses = projections.status === 'fulfilled' ? projections.value : [];
    const checks = { eventStore: storeCheck(head, writes), projections: projectionsCheck(projections) };
    // Reachable but not taking writes is degraded: reads are served, commands get 503.
    const status =
      head.status === 'rejected' || checks.projections.status === 'fail'
        ? 'unavailable'
        : checks.eventStore.status === 'fail'
          ? 'degraded'
          : 'ok';
    return {
      status: status === 'ok' ? 200 : 503,
      json: {
        status,
        store: head.status === 'fulfilled' ? { reachable: true, head: head.value } : { reachable: false },
        checks,
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
