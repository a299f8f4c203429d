// sse-fanout: 100 SSE subscribers, events committed at ~500/s, latency from the commit (the
// append resolving) to each subscriber reading the message. Ours: the store's append, one
// store subscription per client, express's SSE route. Baseline: a plain node:http server that
// writes the same messages to the same 100 connections the moment it makes them.
import { randomUUID } from 'node:crypto';
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sseMessage } from '../adapters/http/sse-message.js';
import type { Engine } from '../src/engine.js';
import type { StoredEvent } from '../src/ports.js';

export const SUBSCRIBERS = 100;
export const EVENTS_PER_SECOND = 500;

export interface FanoutResult {
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The commit rate reached. */
  readonly eventsPerSecond: number;
}

interface Target {
  readonly url: string;
  /** Commits event i; resolves with its SSE id once committed. */
  readonly commit: (i: number) => Promise<string>;
  readonly stop: () => Promise<void>;
}

const now = (): number => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const data = (i: number) => ({
  score: (i % 5) + 1,
  aboutManagerId: 'm-1',
  comment: `visit ${i}: on time, well prepared`,
  at: '2026-03-02T09:00:00.000Z',
});

/** A subscriber: records when each message id arrives. */
const subscribe = (url: string, received: Map<string, number>[]): Promise<() => void> =>
  new Promise((resolve, reject) => {
    const arrivals = new Map<string, number>();
    received.push(arrivals);
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      let connected = false;
      res.on('data', (chunk: string) => {
        const at = now();
        if (!connected) {
          connected = true;
          resolve(() => req.destroy());
        }
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('id: ')) arrivals.set(block.slice(4, block.indexOf('\n')), at);
          end = buffer.indexOf('\n\n');
        }
      });
    });
    req.on('error', reject);
    req.end();
  });

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

export const runFanout = async (target: Target, events: number): Promise<FanoutResult> => {
  const received: Map<string, number>[] = [];
  const disconnects = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, () => subscribe(target.url, received)),
  );
  const committed = new Map<string, number>();
  const started = now();
  const commits: Promise<void>[] = [];
  for (let i = 0; i < events; i += 1) {
    const wait = started + (i * 1000) / EVENTS_PER_SECOND - now();
    if (wait >= 1) await sleep(wait);
    commits.push(target.commit(i).then((id) => void committed.set(id, now())));
  }
  await Promise.all(commits);
  const rate = events / ((now() - started) / 1000);
  // Bounded: every subscriber gets every event, or the run fails after 10 s.
  const deadline = now() + 10_000;
  while (received.some((arrivals) => arrivals.size < events)) {
    if (now() > deadline) throw new Error('subscribers did not receive every event within 10 s');
    await sleep(10);
  }
  for (const disconnect of disconnects) disconnect();
  await target.stop();
  const latencies = received
    .flatMap((arrivals) => [...arrivals].map(([id, at]) => at - committed.get(id)!))
    .sort((a, b) => a - b);
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), eventsPerSecond: rate };
};

/** Ours: a fresh engine's store behind the real server. */
export const oursTarget = async (
  engine: Engine,
  start: (engine: Engine) => Promise<{ url: string; stop: () => Promise<void> }>,
): Promise<Target> => {
  const server = await start(engine);
  const from = await engine.store.headPosition();
  return {
    url: `${server.url}/subscriptions/events?from=${from.toString()}`,
    commit: async (i) => {
      const { position } = await engine.store.append(
        `account-bench-${i % 50}`,
        [{ eventId: randomUUID(), type: 'FeedbackRecorded', data: data(i), metadata: { schemaVersion: 1 } }],
        { expectedRevision: 'any' },
      );
      return position.toString();
    },
    stop: server.stop,
  };
};

/** The baseline: the same messages, written straight to every open response. */
export const baselineTarget = async (): Promise<Target> => {
  const clients = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    req.socket.setNoDelay(true);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('retry: 1000\n\n');
    clients.add(res);
    res.on('close', () => clients.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    commit: async (i) => {
      const event: StoredEvent = {
        eventId: randomUUID(),
        type: 'FeedbackRecorded',
        streamId: `account-bench-${i % 50}`,
        revision: BigInt(Math.floor(i / 50)),
        globalPosition: BigInt(i + 1),
        recordedAt: new Date().toISOString(),
        data: data(i),
        metadata: { schemaVersion: 1 },
        hash: '0'.repeat(64),
      };
      const message = sseMessage(event);
      for (const client of clients) client.write(message);
      return String(i + 1);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
