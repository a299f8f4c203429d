// Issue #14, "Requests": what hostile or clumsy clients sent that gave 500s, stuck streams,
// answers that grew with the request, or error logs with stack traces.
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_LISTED_ERRORS } from '../../adapters/http/problem.js';
import { createCommandHandler } from '../../src/commands/command-handler.js';
import { WrongExpectedRevision, type EventStore } from '../../src/ports.js';
import { ACCOUNT, openTestServer, overrideStore, type TestServer } from '../adapters/http/server-fixture.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TWENTY_NINES = '9'.repeat(20);
const TWENTY_ONE_DIGITS = '1'.repeat(21);

/** The status and headers of a request whose body may never end (an event stream), then hangs up. */
const statusOf = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        resolve({ status: res.statusCode!, type: res.headers['content-type'], body: '' });
        req.destroy();
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('positions and revisions', () => {
  it('answers 400, never 500, for twenty digits or more wherever a position or revision goes', async () => {
    server = openTestServer({ start: false });
    await request(server.app).post('/accounts').send(ACCOUNT).expect(201);
    await server.engine.projector.catchUp();
    for (const digits of [TWENTY_NINES, TWENTY_ONE_DIGITS, '9223372036854775808']) {
      for (const url of [
        `/accounts/acme/state?revision=${digits}`,
        `/accounts/acme/history?after=${digits}`,
        `/streams/account-acme/events?from=${digits}`,
        `/read-models/tier-status?minPosition=${digits}`,
        `/read-models/tier-status/acme?minPosition=${digits}`,
        `/events?from=${digits}`,
      ]) {
        const res = await request(server.app).get(url);
        expect(res.status, `${url}: ${res.text}`).toBe(400);
        expect(res.type, url).toBe('application/problem+json');
      }
      const command = await request(server.app)
        .post('/accounts/acme/assign-account-manager')
        .set('If-Match', `"${digits}"`)
        .send({ managerId: 'mgr-li', effectiveFrom: '2026-01-01' });
      expect(command.status, `If-Match ${digits}`).toBe(400);
    }
  });

  it('answers 400 for an event stream resumed from beyond the head, instead of streaming nothing', async () => {
    server = openTestServer();
    await request(server.app).post('/accounts').send(ACCOUNT).expect(201);
    const base = await server.listen();
    const head = await server.engine.store.headPosition();
    for (const [url, headers] of [
      ['/subscriptions/events', { 'Last-Event-ID': (head + 1000n).toString() }],
      ['/subscriptions/events', { 'Last-Event-ID': TWENTY_NINES }],
      [`/subscriptions/events?from=${head + 1n}`, {}],
      [`/events?from=${head + 1n}`, {}],
    ] as const) {
      const res = await statusOf(`${base}${url}`, headers);
      expect(res.status, `${url} ${JSON.stringify(headers)}`).toBe(400);
      expect(res.type).toMatch(/^application\/problem\+json/);
    }
    const resumed = await statusOf(`${base}/subscriptions/events`, { 'Last-Event-ID': head.toString() });
    expect(resumed.status).toBe(200);
    expect(resumed.type).toMatch(/^text\/event-stream/);
  });
});

describe('a 400 listing what is wrong', () => {
  it('lists the first errors and counts the rest: 1,500 unknown parameters give a small answer', async () => {
    server = openTestServer();
    const query = Array.from({ length: 1500 }, (_, i) => `u${i}=1`).join('&');
    for (const path of ['/read-models/tier-status', '/accounts/acme/history']) {
      const res = await request(server.app).get(`${path}?${query}`);
      expect(res.status, path).toBe(400);
      expect(res.body.errors, path).toHaveLength(MAX_LISTED_ERRORS);
      // The query parser reads the first 1,000 parameters; every one of them is counted.
      expect(res.body.moreErrors, path).toBeGreaterThanOrEqual(1000 - MAX_LISTED_ERRORS);
      expect(res.body.detail, path).toContain(`and ${res.body.moreErrors} more`);
      // The answer does not grow with the parameters: 1,500 cost what 50 cost, give or take the count.
      const few = await request(server.app).get(`${path}?${query.split('&').slice(0, 50).join('&')}`);
      expect(res.text.length - few.text.length, path).toBeLessThan(64);
      expect(res.text.length, path).toBeLessThan(16 * 1024);
    }
  });

  it('lists every error when there are only a few', async () => {
    server = openTestServer();
    const res = await request(server.app).get('/read-models/tier-status?one=1&two=2');
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(2);
    expect(res.body.moreErrors).toBeUndefined();
  });
});

describe('a command whose stream keeps changing', () => {
  it('is a 409 CONFLICT with Retry-After once the retries are spent', async () => {
    // Every append finds the stream moved on: the handler retries, then gives up.
    const moving: Partial<EventStore> = {
      append: async (streamId) => {
        throw new WrongExpectedRevision(streamId, 'no_stream', 0n);
      },
    };
    server = openTestServer({
      start: false,
      engine: (engine) => ({
        ...engine,
        handler: createCommandHandler({
          store: overrideStore(moving)(engine).store,
          ids: engine.ids,
          backoffMs: 0,
        }),
      }),
    });
    const res = await request(server.app).post('/accounts').send(ACCOUNT);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONFLICT');
    expect(res.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(res.body.retryAfter).toBeUndefined();
  });
});

describe('bodies', () => {
  it('authenticates before reading a body: an unauthenticated request is a 401 whatever it sends', async () => {
    server = openTestServer({ keys: 'op-key=operator' });
    const malformed = await request(server.app)
      .post('/accounts')
      .set('Content-Type', 'application/json')
      .send('{"not json');
    expect(malformed.status).toBe(401);
    const huge = await request(server.app)
      .post('/accounts')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(401);
    // With the key, the same body is read (and refused for what it is).
    const read = await request(server.app)
      .post('/accounts')
      .set('Authorization', 'Bearer op-key')
      .set('Content-Type', 'application/json')
      .send('{"not json');
    expect(read.status).toBe(400);
    expect(read.body.code).toBe('MALFORMED_JSON');
  });

  it('answers 401 to headers alone, without waiting for a body that never comes', async () => {
    server = openTestServer({ keys: 'op-key=operator' });
    const base = new URL(await server.listen());
    const socket: Socket = connect(Number(base.port), base.hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.write(
      'POST /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    );
    await vi.waitFor(() => expect(answer).toMatch(/^HTTP\/1\.1 401 /), { timeout: 5000 });
    // And the connection ends with it: the body is never taken in.
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    await new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
    socket.destroy();
  });

  it('does not log a body the client abandoned as an error with a stack trace', async () => {
    const lines: { level: number; msg: string; err?: unknown }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as (typeof lines)[number]);
        done();
      },
    });
    server = openTestServer({ logger: pino({ level: 'info' }, sink) });
    const base = new URL(await server.listen());
    const socket = connect(Number(base.port), base.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"accountId":"a',
    );
    // The server has the request once it logs something about it; then the client hangs up.
    await new Promise((resolve) => setImmediate(resolve));
    socket.destroy();
    await vi.waitFor(
      () => expect(lines.some((l) => /closed the request|unexpected error|request/.test(l.msg))).toBe(true),
      { timeout: 5000 },
    );
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.some((l) => l.err !== undefined)).toBe(false);
  });
});
