// Issue #14, "Requests": a client that trickles its headers or its body held a connection for
// minutes (Node's defaults), and nothing capped the connections held at once. The server now
// has API timeouts (10 s for headers, 30 s for a whole request) and a cap on connections.
import { connect, type Socket } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../../adapters/http/server.js';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

let server: TestServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

/** A raw connection: what it received, and a promise of its end. */
const open = async (base: string) => {
  const url = new URL(base);
  const socket = connect(Number(url.port), url.hostname);
  sockets.push(socket);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return { socket, received: () => received, closed };
};

describe('the HTTP server', () => {
  it('has timeouts suited to an API and a cap on connections by default', () => {
    server = openTestServer({ start: false });
    const { server: node } = server.http;
    expect(node.headersTimeout).toBe(DEFAULT_HEADERS_TIMEOUT_MS);
    expect(node.requestTimeout).toBe(DEFAULT_REQUEST_TIMEOUT_MS);
    expect(DEFAULT_HEADERS_TIMEOUT_MS).toBe(10_000);
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(node.maxConnections).toBe(DEFAULT_MAX_CONNECTIONS);
  });

  it('answers 408 and closes a connection whose headers never end', async () => {
    server = openTestServer({
      start: false,
      headersTimeoutMs: 200,
      requestTimeoutMs: 400,
      timeoutCheckMs: 50,
    });
    const client = await open(await server.listen());
    client.socket.write('GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes a connection whose body never ends', async () => {
    server = openTestServer({
      start: false,
      headersTimeoutMs: 200,
      requestTimeoutMs: 400,
      timeoutCheckMs: 50,
    });
    const client = await open(await server.listen());
    client.socket.write(
      'POST /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a',
    );
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(await server.engine.store.headPosition()).toBe(0n);
  });

  it('refuses connections beyond its cap and serves those it holds', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    server = openTestServer({ start: false, maxConnections: 2, logger });
    const base = await server.listen();
    const ask = 'GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const held = [await open(base), await open(base)];
    for (const client of held) client.socket.write(ask);
    for (let i = 0; i < 3; i++) {
      const refused = await open(base);
      refused.socket.write(ask);
      await refused.closed;
      expect(refused.received()).toBe('');
    }
    // The log says so once, not once per refused connection.
    expect(warnings.filter((line) => line.includes('maximum of connections'))).toHaveLength(1);
    for (const client of held)
      await vi.waitFor(() => {
        expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
        expect(client.received()).toContain('"openapi"');
      });
  });
});

describe('KARE_MAX_CONNECTIONS and KARE_READ_CACHE_MB', () => {
  it('configure the cap on connections and the read cache, checked at start', () => {
    expect(loadConfig({}).maxConnections).toBe(1000);
    expect(loadConfig({}).readCacheBytes).toBe(32 * 1024 * 1024);
    expect(loadConfig({ KARE_MAX_CONNECTIONS: '50' }).maxConnections).toBe(50);
    expect(loadConfig({ KARE_READ_CACHE_MB: '8' }).readCacheBytes).toBe(8 * 1024 * 1024);
    for (const bad of ['0', '-1', 'many', '1.5', '99999999999'])
      expect(() => loadConfig({ KARE_MAX_CONNECTIONS: bad }), bad).toThrow(ConfigError);
    expect(() => loadConfig({ KARE_READ_CACHE_MB: 'lots' })).toThrow(ConfigError);
  });

  it('configure the cap on connections per client address', () => {
    expect(loadConfig({}).maxConnectionsPerAddress).toBe(64);
    expect(loadConfig({ KARE_MAX_CONNECTIONS_PER_ADDRESS: '8' }).maxConnectionsPerAddress).toBe(8);
    expect(() => loadConfig({ KARE_MAX_CONNECTIONS_PER_ADDRESS: '0' })).toThrow(ConfigError);
  });
});
