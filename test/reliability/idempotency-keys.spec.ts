// Issue #14, item 3: an Idempotency-Key reused with another body or for another command was
// answered 200 `Idempotent-Replayed` and the second command dropped; 50 identical requests at
// once were not all answered as replays but one, and the metrics counted writes that were not.
import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../contracts/event-store.contract.js';
import { ACCOUNT, openTestServer, type TestServer } from '../adapters/http/server-fixture.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (url: string, body: unknown, key?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
  });

const OPEN_REQUEST = { requestId: 'sr-1', kind: 'SIM_REPLACEMENT', channel: 'HOTLINE' };

/** The value of `kare_commands_total` for a command and outcome (0 when absent). */
const commandsCounted = async (url: string, command: string, outcome: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`kare_commands_total{command="${command}",outcome="${outcome}"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
};

describe('Idempotency-Key over HTTP', () => {
  it('answers 49 of 50 identical parallel requests as replays, writes once and counts one write', async () => {
    server = openTestServer({ start: false });
    const url = await server.listen();
    expect((await post(`${url}/accounts`, ACCOUNT)).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        post(`${url}/accounts/acme/open-service-request`, OPEN_REQUEST, 'sr-once'),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const replayed = answers.filter((a) => a.headers.get('idempotent-replayed') === 'true');
    expect(replayed).toHaveLength(49);
    const [one, ...others] = await Promise.all(answers.map((a) => a.json()));
    for (const other of others) expect(other).toEqual(one);
    expect(await collect(server.engine.store.readStream('account-acme'))).toHaveLength(2);
    expect(await commandsCounted(url, 'OpenServiceRequest', 'accepted')).toBe(1);
    expect(await commandsCounted(url, 'OpenServiceRequest', 'replayed')).toBe(49);
  });

  it('refuses the key reused with another body, or for another command, on the same aggregate: 422, nothing written', async () => {
    server = openTestServer({ start: false });
    const url = await server.listen();
    await post(`${url}/accounts`, ACCOUNT);
    const first = await post(`${url}/accounts/acme/open-service-request`, OPEN_REQUEST, 'k-1');
    expect(first.status).toBe(200);
    const otherBody = await post(
      `${url}/accounts/acme/open-service-request`,
      { ...OPEN_REQUEST, requestId: 'sr-2' },
      'k-1',
    );
    expect(otherBody.status).toBe(422);
    expect(otherBody.headers.get('idempotent-replayed')).toBeNull();
    const problem = (await otherBody.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      idempotencyKey: 'k-1',
      storedIn: 'account-acme',
    });
    expect(JSON.stringify(problem)).not.toContain('sr-2');
    const otherCommand = await post(`${url}/accounts/acme/flag-at-risk`, { reason: 'late payments' }, 'k-1');
    expect(otherCommand.status).toBe(422);
    expect(((await otherCommand.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherAggregate = await post(`${url}/accounts`, { ...ACCOUNT, accountId: 'beta' }, 'k-1');
    expect(otherAggregate.status).toBe(422);
    expect(await server.engine.store.headPosition()).toBe(2n);
    // The same request again is still the replay it is; the order of its keys does not matter.
    const { channel, kind, requestId } = OPEN_REQUEST;
    const again = await post(
      `${url}/accounts/acme/open-service-request`,
      { channel, requestId, kind },
      'k-1',
    );
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers a retried create whose id the server made up with the aggregate it created, not a 422', async () => {
    server = openTestServer({ start: false });
    const url = await server.listen();
    const { accountId: _, ...withoutId } = ACCOUNT;
    const first = await post(`${url}/accounts`, withoutId, 'create-once');
    expect(first.status).toBe(201);
    const again = await post(`${url}/accounts`, withoutId, 'create-once');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await again.json()).toEqual(await first.json());
    expect(await server.engine.store.headPosition()).toBe(1n);
  });
});
