// Issue #14, "Requests": twenty SSE subscribers catching up from position 0 each read and
// serialised the whole log on their own, back to back, and a one-row read made meanwhile
// waited 14.6 s. Replays from the same position now share the pages they read (each page of
// history is read and serialised once for all of them), and take turns a page at a time with
// the event loop, so a read made while they run answers while they are still replaying.
import { request as httpRequest, type ClientRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventStore, ReadAllOptions } from '../../src/ports.js';
import { openTestServer, overrideStore, type TestServer } from '../adapters/http/server-fixture.js';

const EVENTS = 4000;
const SUBSCRIBERS = 20;

let server: TestServer | undefined;
const clients: ClientRequest[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = undefined;
});

/** A store whose readAll counts the events it hands out. */
const counting = () => {
  let read = 0;
  const wrap = (store: EventStore) =>
    overrideStore({
      readAll: (options?: ReadAllOptions) => ({
        async *[Symbol.asyncIterator]() {
          for await (const event of store.readAll(options)) {
            read += 1;
            yield event;
          }
        },
      }),
    });
  return { wrap, read: () => read };
};

/** Appends `count` events of a few hundred bytes each over a few streams. */
const writeLog = async (store: EventStore, count: number): Promise<void> => {
  for (let i = 0; i < count; i += 100) {
    await store.append(
      `account-a${i % 7}`,
      Array.from({ length: 100 }, (_, j) => ({
        eventId: randomUUID(),
        type: 'FeedbackRecorded',
        data: { accountId: `a${i % 7}`, score: 4, aboutManagerId: 'm-1', comment: 'x'.repeat(300), n: i + j },
        metadata: { schemaVersion: 1 },
      })),
      { expectedRevision: 'any' },
    );
  }
};

/** An SSE client from position 0: the events it received, checked to come in log order, once each. */
const subscribe = (base: string) => {
  let received = 0;
  let last = 0n;
  let rest = '';
  const opened = new Promise<void>((resolve, reject) => {
    const req = httpRequest(`${base}/subscriptions/events?from=0`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const messages = (rest + chunk).split('\n\n');
        rest = messages.pop()!;
        for (const message of messages) {
          const id = /^id: (\d+)$/m.exec(message)?.[1];
          if (id === undefined) continue;
          if (BigInt(id) <= last) throw new Error(`event ${id} after ${last}`);
          last = BigInt(id);
          received += 1;
        }
      });
      resolve();
    });
    req.on('error', reject);
    req.end();
    clients.push(req);
  });
  return { opened, received: () => received };
};

describe('history replays of the event stream', () => {
  it('share their reads, and let a one-row read through while twenty of them run', async () => {
    const reads = counting();
    server = openTestServer({
      start: false,
      engine: (engine) => reads.wrap(engine.store)(engine),
      historyReplays: { pageSize: 100 },
    });
    await writeLog(server.engine.store, EVENTS);
    const base = await server.listen();
    const before = reads.read();

    const subscribers = Array.from({ length: SUBSCRIBERS }, () => subscribe(base));
    await Promise.all(subscribers.map((s) => s.opened));

    // A one-row read while they replay answers before the log was read through even once.
    const answer = await fetch(`${base}/streams/account-a0/events?limit=1`);
    expect(answer.status).toBe(200);
    const readMeanwhile = reads.read() - before;
    const progress = subscribers.map((s) => s.received());
    expect(readMeanwhile, `events received when the read answered: ${progress.join(' ')}`).toBeLessThan(
      EVENTS,
    );
    expect(progress.filter((n) => n === EVENTS)).toEqual([]);

    // Every subscriber gets the whole history, in order, once …
    await vi.waitFor(
      () => expect(subscribers.map((s) => s.received())).toEqual(subscribers.map(() => EVENTS)),
      { timeout: 60_000, interval: 100 },
    );
    // … from one read of the store for all of them, give or take a page.
    expect(reads.read() - before).toBeLessThan(EVENTS + 10 * 100);
  }, 90_000);
});
