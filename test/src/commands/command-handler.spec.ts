import { v4 as uuid } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createMemorySnapshotStore } from '../../../adapters/memory/snapshot-store.js';
import {
  createCommandHandler,
  eventIdFor,
  type CommandHandler,
  type CommandOutcome,
  type CommandRequest,
} from '../../../src/commands/command-handler.js';
import { ACCOUNT_STATE_VERSION } from '../../../domain/account/index.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import type { EventStore, NewEvent, ReadStreamOptions, SnapshotStore } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';
import { commands } from '../../domain/account/builders.js';
import { draft } from '../../domain/agreement/builders.js';

const AT = '2026-03-02T09:00:00.000Z';
const ids = { uuid };

// The commands come from each aggregate's builders; here only this spec's defaults.
const register = (accountId: string, name = 'Acme Telecom'): DomainCommand =>
  commands.register({ accountId, name, industry: 'TECHNOLOGY', at: AT });
const assignManager = (managerId: string): DomainCommand => commands.assignManager(managerId, AT);
const recordRevenue = (period: string, amount: number): DomainCommand =>
  commands.recordRevenue(period, amount, 'CNY', AT, { sourceRef: `ERP-${period}` });
const openRequest = (requestId: string): DomainCommand =>
  commands.openRequest({ requestId, kind: 'SUSPENSION', at: AT });
const draftAgreement = (agreementId: string, accountId: string): DomainCommand =>
  draft({
    agreementId,
    accountId,
    validity: { from: '2026-04-01', to: '2027-03-31' },
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 7 },
    priceExpectations: {},
    at: AT,
  });

const ok = (outcome: CommandOutcome) => {
  if (!outcome.ok)
    throw new Error(
      `expected success, got ${JSON.stringify(outcome.failure, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return outcome.result;
};

const account = (
  aggregateId: string,
  command: DomainCommand,
  extra: Partial<CommandRequest> = {},
): CommandRequest => ({
  aggregate: 'account',
  aggregateId,
  command,
  ...extra,
});

/** A store whose appends first let `interfere` run: another writer getting there first. */
const interfering = (store: EventStore, interfere: (streamId: string) => Promise<void>) => {
  let interferences = 0;
  const wrapped: EventStore = {
    ...store,
    append: async (streamId, events, options) => {
      interferences += 1;
      await interfere(streamId);
      return store.append(streamId, events, options);
    },
  };
  return { store: wrapped, interferences: () => interferences };
};

const foreignEvent = (): NewEvent => ({
  eventId: uuid(),
  type: 'ServiceRequestOpened',
  data: {},
  metadata: { schemaVersion: 1 },
});

let store: EventStore;
let snapshots: SnapshotStore;
let handler: CommandHandler;

beforeEach(() => {
  store = createMemoryEventStore();
  snapshots = createMemorySnapshotStore();
  handler = createCommandHandler({ store, snapshots, ids, backoffMs: 1 });
});

describe('command handler', () => {
  it('loads, decides and appends with metadata, returning revision, position and events', async () => {
    const result = ok(
      await handler.handle(
        account('a1', register('a1'), { commandId: 'cmd-1', actor: 'alice', correlationId: 'corr-9' }),
      ),
    );
    expect(result).toMatchObject({
      streamId: 'account-a1',
      commandId: 'cmd-1',
      revision: 0n,
      replayed: false,
    });
    expect(result.events).toEqual([
      expect.objectContaining({
        eventId: eventIdFor('account-a1', 'cmd-1', 0),
        type: 'AccountRegistered',
        revision: 0n,
      }),
    ]);
    const [stored] = await collect(store.readStream('account-a1'));
    expect(stored?.globalPosition).toBe(result.position);
    expect(stored?.metadata).toEqual({
      commandId: 'cmd-1',
      correlationId: 'corr-9',
      causationId: 'cmd-1',
      actor: 'alice',
      schemaVersion: 1,
    });
  });

  it('copies the policy version of a policy decision into the metadata', async () => {
    ok(await handler.handle(account('a1', register('a1'))));
    ok(await handler.handle(account('a1', openRequest('r1'), { commandId: 'open-1' })));
    const events = await collect(store.readStream('account-a1'));
    expect(events[1]?.metadata.policyVersion).toBe('v2');
  });

  it('answers a command on an aggregate that does not exist with NOT_FOUND naming it', async () => {
    const outcome = await handler.handle(account('ghost', assignManager('m1')));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'rejected', error: { code: 'NOT_FOUND', facts: { id: 'ghost' } } },
    });
  });

  it('returns a business rejection as a value and writes nothing', async () => {
    ok(await handler.handle(account('a1', register('a1'))));
    const outcome = await handler.handle(account('a1', register('a1')));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'rejected', error: { code: 'ALREADY_EXISTS' } },
    });
    expect(await collect(store.readStream('account-a1'))).toHaveLength(1);
  });

  it('loads the facts of another aggregate from its stream for a cross-aggregate rule', async () => {
    const unknown = await handler.handle({
      aggregate: 'agreement',
      aggregateId: 'g1',
      command: draftAgreement('g1', 'nobody'),
    });
    expect(unknown).toMatchObject({ ok: false, failure: { error: { code: 'UNKNOWN_ACCOUNT' } } });
    ok(await handler.handle(account('a1', register('a1'))));
    const drafted = ok(
      await handler.handle({
        aggregate: 'agreement',
        aggregateId: 'g1',
        command: draftAgreement('g1', 'a1'),
      }),
    );
    expect(drafted.events[0]?.data).toMatchObject({ accountId: 'a1', tierAtSigning: 'NONE' });
  });

  describe('idempotency', () => {
    it('returns the original result for a repeated command id and writes nothing', async () => {
      ok(await handler.handle(account('a1', register('a1'))));
      const first = ok(await handler.handle(account('a1', assignManager('m1'), { commandId: 'key-1' })));
      const again = ok(await handler.handle(account('a1', assignManager('m1'), { commandId: 'key-1' })));
      expect(again).toEqual({ ...first, replayed: true });
      expect(await collect(store.readStream('account-a1'))).toHaveLength(3);
    });

    it('still recognises the repeat after other events were appended since', async () => {
      ok(await handler.handle(account('a1', register('a1'))));
      const first = ok(
        await handler.handle(account('a1', recordRevenue('2026-01', 1000), { commandId: 'rev-jan' })),
      );
      ok(await handler.handle(account('a1', recordRevenue('2026-02', 2000))));
      ok(await handler.handle(account('a1', assignManager('m1'))));
      // Deciding again would be rejected (the period is recorded): the original answer comes back instead.
      const again = ok(
        await handler.handle(account('a1', recordRevenue('2026-01', 1000), { commandId: 'rev-jan' })),
      );
      expect(again).toEqual({ ...first, replayed: true });
      expect(await collect(store.readStream('account-a1'))).toHaveLength(5);
    });

    it('refuses a key already used for another aggregate', async () => {
      ok(await handler.handle(account('a1', register('a1'), { commandId: 'shared-key' })));
      const outcome = await handler.handle(account('a2', register('a2'), { commandId: 'shared-key' }));
      expect(outcome).toMatchObject({
        ok: false,
        failure: { kind: 'idempotency_key_reused', storedIn: 'account-a1' },
      });
      await expect(collect(store.readStream('account-a2'))).rejects.toThrow();
    });
  });

  describe('concurrency', () => {
    it('reloads and decides again after a conflict, then succeeds', async () => {
      ok(await handler.handle(account('a1', register('a1'))));
      let once = true;
      const racing = interfering(store, async (streamId) => {
        if (!once) return;
        once = false;
        await store.append(streamId, [foreignEvent()], { expectedRevision: 'any' });
      });
      const retrying = createCommandHandler({ store: racing.store, snapshots, ids, backoffMs: 1 });
      const result = ok(await retrying.handle(account('a1', assignManager('m1'))));
      expect(racing.interferences()).toBe(2);
      expect(result.revision).toBe(3n);
    });

    it('gives up with a conflict after 3 retries', async () => {
      ok(await handler.handle(account('a1', register('a1'))));
      const racing = interfering(store, async (streamId) => {
        await store.append(streamId, [foreignEvent()], { expectedRevision: 'any' });
      });
      const retrying = createCommandHandler({ store: racing.store, snapshots, ids, backoffMs: 1 });
      const outcome = await retrying.handle(account('a1', assignManager('m1')));
      expect(outcome).toMatchObject({
        ok: false,
        failure: { kind: 'conflict', streamId: 'account-a1', attempts: 4 },
      });
      expect(racing.interferences()).toBe(4);
    });

    it('never retries when the caller gave the expected revision (If-Match)', async () => {
      ok(await handler.handle(account('a1', register('a1'))));
      const stale = await handler.handle(account('a1', assignManager('m1'), { expectedRevision: 5n }));
      expect(stale).toMatchObject({
        ok: false,
        failure: { kind: 'precondition_failed', expected: 5n, actual: 0n },
      });

      const racing = interfering(store, async (streamId) => {
        await store.append(streamId, [foreignEvent()], { expectedRevision: 'any' });
      });
      const strict = createCommandHandler({ store: racing.store, snapshots, ids, backoffMs: 1 });
      const raced = await strict.handle(account('a1', assignManager('m1'), { expectedRevision: 0n }));
      expect(raced).toMatchObject({
        ok: false,
        failure: { kind: 'precondition_failed', expected: 0n, actual: 1n },
      });
      expect(racing.interferences()).toBe(1);
    });

    it('decides an unkeyed command on its cached state without reading the stream', async () => {
      let reads = 0;
      const counting: EventStore = {
        ...store,
        readStream: (streamId, options) => {
          reads += 1;
          return store.readStream(streamId, options);
        },
      };
      const cached = createCommandHandler({ store: counting, snapshots, ids, backoffMs: 1 });
      ok(await cached.handle(account('a1', register('a1'))));
      reads = 0;
      ok(await cached.handle(account('a1', assignManager('m1'))));
      expect(reads).toBe(0);
      // A caller's key is looked up among the stream's events, and If-Match is checked on them.
      ok(await cached.handle(account('a1', assignManager('m2'), { commandId: uuid() })));
      ok(await cached.handle(account('a1', assignManager('m3'), { expectedRevision: 3n })));
      expect(reads).toBe(2);
    });

    it('decides again on the stream when its cached state is stale: another process wrote since', async () => {
      const here = createCommandHandler({ store, snapshots, ids, backoffMs: 1 });
      const elsewhere = createCommandHandler({ store, snapshots, ids, backoffMs: 1 });
      ok(await here.handle(account('a1', register('a1'))));
      ok(await elsewhere.handle(account('a1', commands.markLost('Rival Co'))));
      const outcome = await here.handle(account('a1', assignManager('m1')));
      expect(outcome).toMatchObject({
        ok: false,
        failure: { kind: 'rejected', error: { code: 'ACCOUNT_LOST' } },
      });
      const types = (await collect(store.readStream('account-a1'))).map((e) => e.type);
      expect(types).toEqual(['AccountRegistered', 'AccountLost']);
    });

    it('refuses only on the stream: a refusal its stale cached state would give is decided again', async () => {
      const here = createCommandHandler({ store, snapshots, ids, backoffMs: 1 });
      const elsewhere = createCommandHandler({ store, snapshots, ids, backoffMs: 1 });
      ok(await here.handle(account('a1', register('a1'))));
      ok(await here.handle(account('a1', commands.markLost('Rival Co'))));
      ok(await elsewhere.handle(account('a1', commands.reactivate())));
      ok(await here.handle(account('a1', assignManager('m1'))));
    });

    it('accepts a matching If-Match', async () => {
      ok(await handler.handle(account('a1', register('a1'))));
      expect(
        ok(await handler.handle(account('a1', assignManager('m1'), { expectedRevision: 0n }))).revision,
      ).toBe(2n);
    });
  });

  describe('snapshots', () => {
    it('loads a long stream from its latest snapshot, reading only the events after it', async () => {
      ok(await handler.handle(account('a1', register('a1'))));
      for (let i = 0; i < 250; i += 1) ok(await handler.handle(account('a1', openRequest(`r${i}`))));
      const saved = await snapshots.latest('account-a1', { stateVersion: ACCOUNT_STATE_VERSION });
      expect(saved?.revision).toBe(199n);

      let read = 0;
      const counting: EventStore = {
        ...store,
        readStream: (streamId: string, options?: ReadStreamOptions) => ({
          async *[Symbol.asyncIterator]() {
            for await (const event of store.readStream(streamId, options)) {
              read += 1;
              yield event;
            }
          },
        }),
      };
      const fromSnapshot = createCommandHandler({ store: counting, snapshots, ids });
      const result = ok(await fromSnapshot.handle(account('a1', openRequest('r-last'))));
      expect(result.revision).toBe(251n);
      expect(read).toBe(51);
      // The state from the snapshot is the state from the whole stream: a duplicate request is still refused.
      const duplicate = await fromSnapshot.handle(account('a1', openRequest('r0')));
      expect(duplicate).toMatchObject({ ok: false, failure: { kind: 'rejected' } });
    });
  });
});
