// Issue #14, "Requests": one client address could hold every connection the server allows
// (KARE_MAX_CONNECTIONS), so one client shut out all the others. Connections are now capped per
// client address as well: the excess one is answered 503 with Retry-After at once and closed,
// and a request sent on it is never served.
import { connect, type Socket } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from '../../adapters/http/server.js';
import { ACCOUNT, openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

let server: TestServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

/** A raw connection from `localAddress` (any of 127/8 is loopback): what it received, and its end. */
const open = async (base: string, localAddress = '127.0.0.1') => {
  const url = new URL(base);
  const socket = connect({ port: Number(url.port), host: url.hostname, localAddress });
  sockets.push(socket);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return { socket, received: () => received, closed };
};

const ASK = 'GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
const body = JSON.stringify(ACCOUNT);
const REGISTER = `POST /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('connections per client address', () => {
  it('are capped by default', () => {
    server = openTestServer({ start: false });
    expect(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS).toBe(64);
    expect(server.http.maxConnectionsPerAddress).toBe(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
  });

  it('beyond the cap are answered 503 with Retry-After and closed, unserved; other addresses are not', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    server = openTestServer({ start: false, maxConnectionsPerAddress: 2, logger });
    const base = await server.listen();
    const held = [await open(base), await open(base)];

    for (let i = 0; i < 3; i++) {
      const refused = await open(base);
      refused.socket.write(REGISTER);
      // Closed by the server without the client hanging up: no timeout, no idle wait.
      await refused.closed;
      expect(refused.received()).toMatch(/^HTTP\/1\.1 503 /);
      expect(refused.received()).toMatch(/\r\nRetry-After: \d+\r\n/i);
      expect(refused.received()).toContain('TOO_MANY_CONNECTIONS');
    }
    // The request sent on a refused connection was not served.
    expect(await server.engine.store.headPosition()).toBe(0n);
    // Said once for the address, not once per refused connection.
    expect(warnings.filter((line) => line.includes('connections from one address'))).toHaveLength(1);

    // Another address is served beside the full one …
    const other = await open(base, '127.0.0.2');
    other.socket.write(ASK);
    await vi.waitFor(() => expect(other.received()).toMatch(/^HTTP\/1\.1 200 /));
    // … and so are the connections the full address holds.
    for (const client of held) client.socket.write(ASK);
    for (const client of held) await vi.waitFor(() => expect(client.received()).toMatch(/^HTTP\/1\.1 200 /));

    // A connection that closes frees its place.
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await vi.waitFor(async () => {
      const again = await open(base);
      again.socket.write(ASK);
      await vi.waitFor(() => expect(again.received()).toMatch(/^HTTP\/1\.1 \d{3} /));
      expect(again.received()).toMatch(/^HTTP\/1\.1 200 /);
    });
  });
});
