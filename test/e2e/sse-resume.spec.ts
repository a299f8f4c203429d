// The server as a process: register an account over HTTP, follow it through an SSE
// subscription, drop the connection, append more, reconnect with Last-Event-ID and receive
// exactly the missed events; then SIGTERM ends it cleanly, open stream and all.
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../src/cloud-events.js';
import { openEventStream, type SseMessage } from '../support/sse-client.js';
import { startServer, type ServerProcess } from './server-process.js';

let server: ServerProcess | undefined;
afterEach(() => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
});

interface CommandAnswer {
  readonly position: string;
  readonly events: readonly { readonly eventId: string; readonly type: string }[];
}

const post = async (path: string, body: Record<string, unknown>): Promise<CommandAnswer> => {
  const res = await fetch(`${server!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as CommandAnswer;
};

const revenue = (period: string) =>
  post('/accounts/acme/record-revenue', {
    period,
    amount: { amount: 1_000_000, currency: 'CNY' },
    sourceRef: `ERP-${period}`,
  });

const eventIds = (messages: readonly SseMessage[]) =>
  messages.map((m) => (JSON.parse(m.data) as CloudEvent).id);

describe('the server process', () => {
  it('resumes an SSE subscription with Last-Event-ID exactly where it was dropped, and stops on SIGTERM', async () => {
    server = await startServer();
    const subscription = `${server.url}/subscriptions/events?category=account`;

    const registered = await post('/accounts', {
      accountId: 'acme',
      name: 'Acme Telecom',
      industry: 'TECHNOLOGY',
      region: 'East',
    });
    const first = await openEventStream(subscription);
    expect(first.status).toBe(200);
    const [history] = await first.take(1);
    expect(history).toMatchObject({ id: registered.position, event: 'AccountRegistered' });

    const assigned = await post('/accounts/acme/assign-account-manager', {
      managerId: 'm-7',
      effectiveFrom: '2026-03-01',
    });
    const live = await first.take(2);
    expect(eventIds(live)).toEqual(assigned.events.map((e) => e.eventId));
    const lastSeen = live.at(-1)!.id!;
    first.close();

    // Written while nobody listens.
    const missed = [await revenue('2026-01'), await revenue('2026-02')].flatMap((a) => a.events);
    const resumed = await openEventStream(subscription, { 'Last-Event-ID': lastSeen });
    expect(eventIds(await resumed.take(missed.length))).toEqual(missed.map((e) => e.eventId));
    // Nothing else was pending: the next message is the next event written, not a repeat.
    const after = await revenue('2026-03');
    expect(eventIds([await resumed.next()])).toEqual(after.events.map((e) => e.eventId));

    expect(await server.stop()).toBe(0);
    await resumed.ended;
    expect(server.lines.some((line) => line.includes('SIGTERM: shutting down'))).toBe(true);
  });
});
