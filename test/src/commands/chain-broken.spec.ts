// The command handler refuses to append to a stream whose hash chain is known broken, cheaply:
// a break remembered, a loaded head below the head an anchor recorded, a stream that went back
// below what was cached or disappeared. Each is the failure chain_broken (HTTP: 409 CHAIN_BROKEN).
import { v4 as uuid } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createAnchors, createChainGuard } from '../../../src/audit/index.js';
import { createCommandHandler, type CommandHandler } from '../../../src/commands/command-handler.js';
import type { EventStore, StoredEvent } from '../../../src/ports.js';
import { commands } from '../../domain/account/builders.js';
import { hiding } from '../audit/hiding-store.js';

const request = (accountId: string, command = commands.register({ accountId })) => ({
  aggregate: 'account' as const,
  aggregateId: accountId,
  command,
});
const openRequest = (accountId: string, requestId: string) =>
  request(accountId, commands.openRequest({ requestId }));

/** A store whose events `hide` picks are gone from reads once `hiding.on` is set. */
const tamperable = (store: EventStore, hide: (event: StoredEvent) => boolean) => {
  const state = { on: false };
  return { state, store: hiding(store, (event) => state.on && hide(event)) };
};

const handlerOn = (store: EventStore, cache: boolean): CommandHandler => {
  const anchors = createAnchors({ store, refreshMs: 0 });
  const guard = createChainGuard({ store, anchors });
  return createCommandHandler({ store, ids: { uuid }, chains: guard, cache });
};

describe('appending to a broken chain', () => {
  it('is refused when the loaded head is below the anchored head', async () => {
    const memory = createMemoryEventStore();
    const { state, store } = tamperable(memory, (e) => e.streamId === 'account-a1' && e.revision === 1n);
    const handler = handlerOn(store, false);
    expect((await handler.handle(request('a1'))).ok).toBe(true);
    expect((await handler.handle(openRequest('a1', 'sr-1'))).ok).toBe(true);
    await createAnchors({ store }).take();
    state.on = true;
    const outcome = await handler.handle(openRequest('a1', 'sr-2'));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'chain_broken', streamId: 'account-a1', brokenAt: 1n },
    });
  });

  it('is refused, before anything is loaded, for a break a verification found', async () => {
    const store = createMemoryEventStore();
    const guard = createChainGuard({ store });
    const handler = createCommandHandler({ store, ids: { uuid }, chains: guard });
    expect((await handler.handle(request('a2'))).ok).toBe(true);
    guard.found({ streamId: 'account-a2', brokenAt: 0n, reason: 'edited' });
    expect(await handler.handle(openRequest('a2', 'sr-1'))).toEqual({
      ok: false,
      failure: { kind: 'chain_broken', streamId: 'account-a2', brokenAt: 0n, reason: 'edited' },
    });
    guard.forget('account-a2');
    expect((await handler.handle(openRequest('a2', 'sr-1'))).ok).toBe(true);
  });
});
