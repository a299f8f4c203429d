// Issue #14, item 3: an Idempotency-Key reused for another request was answered as a replay of
// the first and the second command silently dropped. The key keeps the request's fingerprint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createSqliteEventStore } from '../../../adapters/sqlite/event-store.js';
import {
  createCommandHandler,
  type CommandOutcome,
  type CommandRequest,
} from '../../../src/commands/command-handler.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import { requestFingerprint } from '../../../src/commands/request-fingerprint.js';
import type { EventStore } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';
import { commands } from '../../domain/account/builders.js';

const AT = '2026-03-02T09:00:00.000Z';
const register = (accountId: string): DomainCommand =>
  commands.register({ accountId, name: 'Acme Telecom', industry: 'TECHNOLOGY', at: AT });
const assignManager = (managerId: string): DomainCommand => commands.assignManager(managerId, AT);
const openRequest = (requestId: string): DomainCommand =>
  commands.openRequest({ requestId, kind: 'SUSPENSION', at: AT });

const account = (aggregateId: string, command: DomainCommand, extra: Partial<CommandRequest> = {}) => ({
  aggregate: 'account' as const,
  aggregateId,
  command,
  ...extra,
});

const ok = (outcome: CommandOutcome) => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.failure.kind}`);
  return outcome.result;
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const STORES: Record<string, () => EventStore> = {
  memory: () => createMemoryEventStore(),
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-fp-'));
    const store = createSqliteEventStore({ path: join(dir, 'kare.sqlite'), sync: 'normal' });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return store;
  },
};

describe('request fingerprint', () => {
  it('is the same whatever the order of the body’s keys, and differs with any part of the request', () => {
    const base = { aggregate: 'account', type: 'OpenServiceRequest', aggregateId: 'a1' } as const;
    const one = requestFingerprint({ ...base, body: { kind: 'SUSPENSION', requestId: 'r1', at: AT } });
    expect(requestFingerprint({ ...base, body: { at: AT, requestId: 'r1', kind: 'SUSPENSION' } })).toBe(one);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint({ ...base, body: { kind: 'SUSPENSION', requestId: 'r2', at: AT } })).not.toBe(
      one,
    );
    expect(
      requestFingerprint({
        ...base,
        aggregateId: 'a2',
        body: { kind: 'SUSPENSION', requestId: 'r1', at: AT },
      }),
    ).not.toBe(one);
    expect(
      requestFingerprint({
        ...base,
        type: 'FlagAtRisk',
        body: { kind: 'SUSPENSION', requestId: 'r1', at: AT },
      }),
    ).not.toBe(one);
  });
});

describe.each(Object.keys(STORES))('an Idempotency-Key reused for another request (%s)', (kind) => {
  const handlerOn = () => {
    const store = STORES[kind]!();
    return { store, handler: createCommandHandler({ store, ids: { uuid } }) };
  };

  it('is refused for another command on the same aggregate, and the command is not dropped silently', async () => {
    const { store, handler } = handlerOn();
    ok(await handler.handle(account('a1', register('a1'))));
    ok(await handler.handle(account('a1', assignManager('m1'), { commandId: 'k-1' })));
    const reused = await handler.handle(account('a1', openRequest('r1'), { commandId: 'k-1' }));
    expect(reused).toMatchObject({
      ok: false,
      failure: { kind: 'idempotency_key_reused', commandId: 'k-1', storedIn: 'account-a1' },
    });
    expect(await collect(store.readStream('account-a1'))).toHaveLength(3);
  });

  it('is refused for the same command with another body', async () => {
    const { store, handler } = handlerOn();
    ok(await handler.handle(account('a1', register('a1'))));
    ok(await handler.handle(account('a1', openRequest('r1'), { commandId: 'k-2' })));
    const reused = await handler.handle(account('a1', openRequest('r2'), { commandId: 'k-2' }));
    expect(reused).toMatchObject({ ok: false, failure: { kind: 'idempotency_key_reused' } });
    expect(await collect(store.readStream('account-a1'))).toHaveLength(2);
  });

  it('answers a retry of the same request as a replay, even when the fingerprint is given by the caller', async () => {
    const { handler } = handlerOn();
    ok(await handler.handle(account('a1', register('a1'))));
    const sent = { commandId: 'k-3', fingerprint: 'f'.repeat(64) };
    const first = ok(await handler.handle(account('a1', openRequest('r1'), sent)));
    expect(ok(await handler.handle(account('a1', openRequest('r1'), sent)))).toEqual({
      ...first,
      replayed: true,
    });
    const other = await handler.handle(
      account('a1', openRequest('r1'), { ...sent, fingerprint: 'e'.repeat(64) }),
    );
    expect(other).toMatchObject({ ok: false, failure: { kind: 'idempotency_key_reused' } });
  });

  it('writes once under 50 concurrent identical requests and answers the 49 others as replays', async () => {
    const { store, handler } = handlerOn();
    ok(await handler.handle(account('a1', register('a1'))));
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        handler.handle(account('a1', openRequest('r1'), { commandId: 'k-50' })),
      ),
    );
    const results = outcomes.map(ok);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.revision))).toEqual(new Set([1n]));
    expect(await collect(store.readStream('account-a1'))).toHaveLength(2);
  });

  it('refuses a different request racing the first under the same key: one wins, the other is refused', async () => {
    const { store, handler } = handlerOn();
    ok(await handler.handle(account('a1', register('a1'))));
    const outcomes = await Promise.all([
      handler.handle(account('a1', openRequest('r1'), { commandId: 'k-race' })),
      handler.handle(account('a1', openRequest('r2'), { commandId: 'k-race' })),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toMatchObject([{ failure: { kind: 'idempotency_key_reused' } }]);
    expect(await collect(store.readStream('account-a1'))).toHaveLength(2);
  });
});
