// Prometheus metrics (prom-client), one registry per server: request latencies by method,
// route pattern and status (the histogram's _count gives the request rate), commands by
// outcome, each projection's position and lag (read from the projector at scrape time) and the
// open event streams.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectionStatus } from '../../src/ports.js';

export interface HttpMetricsOptions {
  readonly projectionStatus: () => Promise<readonly ProjectionStatus[]>;
  /** How many event streams (SSE) are open. */
  readonly openStreams?: () => number;
  /** The process's CPU, memory, event loop (default on; tests that build many servers turn it off). */
  readonly processMetrics?: boolean;
}

export interface RequestInfo {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
}

export interface HttpMetrics {
  readonly registry: Registry;
  observeRequest(info: RequestInfo): void;
  countCommand(command: string, outcome: string): void;
}

// Commands take a few ms; a read-model page or an SSE connect up to about a second.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Positions are bigint; lag in events fits a double long before it matters to an alert. */
const asNumber = (value: bigint): number => Number(value);

/**
 * One read shared by the calls of one scrape: both projection gauges want the same status, and
 * counting a lag asks the store. The answer is dropped on the next turn, so it is never stale.
 */
const sharedPerScrape = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let current: Promise<T> | undefined;
  return () => {
    if (current === undefined) {
      const reading = read();
      current = reading;
      const drop = () => {
        setImmediate(() => {
          if (current === reading) current = undefined;
        });
      };
      reading.then(drop, drop);
    }
    return current;
  };
};

export const createHttpMetrics = (options: HttpMetricsOptions): HttpMetrics => {
  const projectionStatus = sharedPerScrape(options.projectionStatus);
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'kare_' });

  const requests = new Histogram({
    name: 'kare_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status: latency (and, by _count, rate)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const commands = new Counter({
    name: 'kare_commands_total',
    help: 'Commands received over HTTP by type and outcome (accepted, replayed, rejected, conflict …)',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'kare_projection_lag_events',
    help: 'Events in the log that a projection has not applied yet',
    labelNames: ['projection'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of await projectionStatus())
        this.set({ projection: status.name }, asNumber(status.lag));
    },
  });
  new Gauge({
    name: 'kare_projection_position',
    help: 'The global position a projection has applied up to',
    labelNames: ['projection', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of await projectionStatus())
        this.set({ projection: status.name, state: status.state }, asNumber(status.position));
    },
  });

  const openStreams = options.openStreams;
  if (openStreams !== undefined) {
    new Gauge({
      name: 'kare_event_streams_open',
      help: 'Server-Sent Events subscriptions being served',
      registers: [registry],
      collect() {
        this.set(openStreams());
      },
    });
  }

  return {
    registry,
    observeRequest: ({ method, route, status, seconds }) =>
      requests.observe({ method, route, status: String(status) }, seconds),
    countCommand: (command, outcome) => commands.inc({ command, outcome }),
  };
};
