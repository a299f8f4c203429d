// Issue #13: webhooks survive a kill -9 of the server. The real server (a child process, as an
// operator runs it) delivers to a local receiver that fails a third of the calls (seeded) and goes
// down for a while; the server is killed with SIGKILL in the middle of its deliveries and started
// again on the same data directory: every event is delivered at least once, in the log's order,
// every signature verifying with a receiver's check written from the specification.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../src/consumers/projector/fixtures.js';
import { Receiver } from '../src/consumers/webhooks/receiver.js';
import { verifyStandardWebhook } from '../src/consumers/webhooks/standard-webhooks-verifier.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const AT = '2026-05-04T09:00:00.000Z';

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<unknown>;
}

let dataDir: string;
let receiver: Receiver;
let server: Server | undefined;

/** `kare serve` on the data directory; resolves once it listens. */
const startServer = (): Promise<Server> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/kare-dev.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      KARE_DATA_DIR: dataDir,
      KARE_SQLITE_SYNC: 'normal',
      KARE_WEBHOOKS_ALLOW_PRIVATE: 'true',
      KARE_WEBHOOKS_TIMEOUT_SECONDS: '2',
      KARE_API_KEYS: '',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /"msg":"listening on (http:\/\/[^"]+)"/.exec(line)?.[1];
      if (url !== undefined) resolve({ child, url, exited });
    });
    void exited.then((code) => reject(new Error(`the server exited (${String(code)}): ${stderr}`)));
  });
};

const call = async (
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> => {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
};

const registerAccounts = async (from: number, count: number): Promise<void> => {
  for (let i = from; i < from + count; i += 1) {
    const { status } = await call('POST', '/accounts', {
      at: AT,
      accountId: `acc-${i}`,
      name: `Account ${i}`,
      industry: 'RETAIL',
      region: 'North',
    });
    expect(status).toBe(201);
  }
};

/** The ids of the account events in the log, in order (read from the server). */
const accountEvents = async (): Promise<string[]> => {
  const { json } = await call('GET', '/events?category=account&limit=1000');
  return (json as { items: { id: string }[] }).items.map((e) => e.id);
};

const takenIds = (): string[] => [
  ...new Set(receiver.accepted.map((r) => r.headers['webhook-id'] as string)),
];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kare-webhook-kill-'));
  receiver = await new Receiver({ failRate: 1 / 3, seed: 13 }).start();
});
afterAll(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('webhooks across a kill -9 of the server', () => {
  it('delivers every event at least once, in order, signed, through failures, an outage and a SIGKILL', async () => {
    server = await startServer();
    const created = await call('POST', '/webhooks', { url: receiver.url, categories: ['account'] });
    expect(created.status).toBe(201);
    const { id, secret } = created.json as { id: string; secret: string };

    await registerAccounts(0, 12);
    await eventually(() => takenIds().length >= 3, 30_000);
    await receiver.down();
    await registerAccounts(12, 6);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Killed while it retries against a receiver that is down, with events still to deliver.
    server.child.kill('SIGKILL');
    await server.exited;
    const before = takenIds().length;
    await receiver.up();

    server = await startServer();
    await registerAccounts(18, 6);
    const wanted = await accountEvents();
    expect(wanted).toHaveLength(24);
    expect(before).toBeLessThan(wanted.length);
    await eventually(() => takenIds().length === wanted.length, 90_000);

    expect(takenIds()).toEqual(wanted);
    expect(receiver.received.filter((r) => r.status === 500).length).toBeGreaterThan(0);
    for (const request of receiver.received)
      expect(verifyStandardWebhook(secret, request.headers as Record<string, string>, request.body)).toBe(
        'valid',
      );
    const duplicates = receiver.accepted.length - wanted.length;
    const shown = (await call('GET', `/webhooks/${id}`)).json as { position: string; state: string };
    expect(shown.state).toBe('active');
    console.info(
      `webhook across kill -9: ${wanted.length} events, ${receiver.received.length} requests, ` +
        `${receiver.received.filter((r) => r.status === 500).length} answered 500, ${duplicates} delivered twice`,
    );
  }, 180_000);
});
