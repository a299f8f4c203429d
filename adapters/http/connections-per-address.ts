// A cap on the connections one client address holds at once, beside the server's total cap:
// without it one client (a leaking pool, a script, an attacker) can take every connection the
// server allows and shut all the others out. The excess connection is answered at once, before
// any of its requests is read: a 503 with Retry-After, then the connection is closed. Behind a
// reverse proxy every client has the proxy's address: raise the cap there (the proxy caps its clients).
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { problemType } from './problem.js';

/** What a refused client is told to wait before it tries again. */
export const TOO_MANY_CONNECTIONS_RETRY_AFTER_SECONDS = 5;

/** How long a refused connection may linger after its answer before it is cut. */
const REFUSED_GRACE_MS = 1000;

/** The address a connection comes from; an IPv4 client of a dual-stack server is that IPv4 address. */
const addressOf = (socket: Socket): string | undefined => socket.remoteAddress?.replace(/^::ffff:/, '');

/** The whole answer, as bytes on the socket: no request of this connection is ever parsed into the app. */
const refusal = (max: number): string => {
  const body = JSON.stringify({
    type: problemType('TOO_MANY_CONNECTIONS'),
    title: 'Service unavailable',
    status: 503,
    detail: `This client address holds its maximum of ${max} connections at once; retry when one of them closes`,
    code: 'TOO_MANY_CONNECTIONS',
  });
  return [
    'HTTP/1.1 503 Service Unavailable',
    'Content-Type: application/problem+json',
    `Retry-After: ${TOO_MANY_CONNECTIONS_RETRY_AFTER_SECONDS}`,
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
};

export interface AddressCap {
  /** Whether the connection was refused: its requests must not be served. */
  refused(socket: Socket): boolean;
}

/**
 * Counts the server's connections by client address and refuses those beyond `max`.
 * `onFull` is told once when an address reaches its cap, and again only after it fell below.
 */
export const capConnectionsPerAddress = (
  server: Server,
  max: number,
  onFull: (address: string) => void,
): AddressCap => {
  const open = new Map<string, number>();
  const full = new Set<string>();
  const refused = new WeakSet<Socket>();

  const refuse = (socket: Socket, address: string): void => {
    refused.add(socket);
    if (!full.has(address)) {
      full.add(address);
      onFull(address);
    }
    socket.end(refusal(max));
    setTimeout(() => socket.destroy(), REFUSED_GRACE_MS).unref();
  };

  // Before the HTTP parser's own listener, so a refused connection is marked before it reads.
  server.prependListener('connection', (socket: Socket) => {
    const address = addressOf(socket);
    if (address === undefined) return;
    const held = open.get(address) ?? 0;
    if (held >= max) {
      refuse(socket, address);
      return;
    }
    open.set(address, held + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
      full.delete(address);
    });
  });
  return { refused: (socket) => refused.has(socket) };
};
