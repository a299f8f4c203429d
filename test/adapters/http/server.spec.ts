import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine.js';
import { openEventStream } from '../../support/sse-client.js';
import { openTestServer, type TestServer } from './server-fixture.js';

let server: TestServer;
afterEach(async () => server.close());

const get = (url: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });

describe('shutdown', () => {
  it('finishes the requests in flight, ends the event streams, then stops accepting', async () => {
    // A store whose health answers only when released: a /health request stays in flight. (Only
    // /health asks for it; the head is also asked by the event stream's consumer.)
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    let entered: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (entered = resolve));
    const slowHealth = (engine: Engine): Engine => ({
      ...engine,
      store: {
        ...engine.store,
        health: async () => {
          if (holding) {
            entered();
            await held;
          }
          return engine.store.health!();
        },
      },
    });
    server = openTestServer({ start: false, engine: slowHealth });
    const url = await server.listen();
    const stream = await openEventStream(`${url}/subscriptions/events`);
    holding = true;
    const inFlight = get(`${url}/health`);
    // The request must be in its handler before the shutdown starts.
    await reached;

    let closed = false;
    const closing = server.http.close().then(() => (closed = true));
    await stream.ended;
    expect(closed).toBe(false);
    release();
    // Answered (503: the projections of this test server are not running), not cut off.
    expect((await inFlight).status).toBe(503);
    await closing;
    await expect(get(`${url}/health`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
