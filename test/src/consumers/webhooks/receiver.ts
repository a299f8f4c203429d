// A webhook receiver for tests: node:http on 127.0.0.1 that records every request, answers 2xx
// or fails a share of them at random (seeded, so a failure replays), can hang, and can go down
// (its port closed, connections cut) and come back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status answered (undefined: left hanging). */
  readonly status: number | undefined;
}

/** mulberry32: a small seeded generator, the same sequence for the same seed. */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface ReceiverOptions {
  /** The share of requests answered 500 (0 to 1). */
  readonly failRate?: number;
  readonly seed?: number;
  /** Never answers (a slow target). */
  readonly hang?: boolean;
  /** Always answers this status. */
  readonly status?: number;
}

export class Receiver {
  readonly received: Received[] = [];
  private server: Server;
  private port = 0;
  private readonly random: () => number;

  constructor(private options: ReceiverOptions = {}) {
    this.random = seeded(options.seed ?? 13);
    this.server = this.create();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** The bodies answered 2xx, in the order answered. */
  get accepted(): readonly Received[] {
    return this.received.filter((r) => r.status !== undefined && r.status < 300);
  }

  set(options: ReceiverOptions): void {
    this.options = { ...this.options, ...options };
  }

  private create(): Server {
    return createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        if (this.options.hang) {
          this.received.push({ headers: req.headers, body, status: undefined });
          return;
        }
        const status = this.options.status ?? (this.random() < (this.options.failRate ?? 0) ? 500 : 204);
        this.received.push({ headers: req.headers, body, status });
        res.statusCode = status;
        res.end();
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Closes the port and cuts every connection: deliveries are refused until up(). */
  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.server = this.create();
  }

  async up(): Promise<void> {
    await this.start();
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
