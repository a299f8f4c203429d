// Two processes on one webhook store, as API servers and a worker share PostgreSQL: `api` (never
// started: it registers, changes, replays and removes) and `worker` (started: it delivers). The
// worker follows what the api does (a webhook registered, paused, resumed, edited, removed, a
// replay asked for), none of it lost in a burst faster than its look at the store, and the api
// delivers nothing.
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../../../adapters/http/webhook-sender.js';
import { webhookTargetCheck } from '../../../../adapters/http/webhook-target.js';
import { createMemoryCheckpointStore } from '../../../../adapters/memory/checkpoint-store.js';
import { createMemoryEventStore } from '../../../../adapters/memory/event-store.js';
import { createMemoryWebhookStore } from '../../../../adapters/memory/webhook-store.js';
import { toCloudEvent } from '../../../../src/cloud-events.js';
import { webhookConsumerName } from '../../../../src/consumers/webhooks/webhook-consumer.js';
import { createWebhooks, type Webhooks } from '../../../../src/consumers/webhooks/webhooks.js';
import type { CheckpointStore, EventStore, StoredEvent, WebhookStore } from '../../../../src/ports.js';
import { systemClock } from '../../../../src/system-clock.js';
import { event, eventually } from '../projector/fixtures.js';
import { Receiver } from './receiver.js';

let store: EventStore;
let checkpoints: CheckpointStore;
let registry: WebhookStore;
const receivers: Receiver[] = [];
const services: Webhooks[] = [];

const receiver = async (): Promise<Receiver> => {
  const r = await new Receiver().start();
  receivers.push(r);
  return r;
};

let ids = 0;
/** Another process on the same stores. */
const peer = (): Webhooks => {
  const service = createWebhooks({
    store,
    webhooks: registry,
    checkpoints,
    clock: systemClock,
    ids: { uuid: () => `w${(ids += 1)}` },
    send: createWebhookSender({ allowPrivate: true }),
    toBody: (e) => JSON.stringify(toCloudEvent(e)),
    checkTarget: webhookTargetCheck(true),
    retry: { initialMs: 10, maxMs: 100, giveUpAfterMs: 60_000 },
    timeoutMs: 2000,
    runner: { idleCheckMs: 20 },
    reconcileMs: 50,
  });
  services.push(service);
  return service;
};

beforeEach(() => {
  store = createMemoryEventStore();
  checkpoints = createMemoryCheckpointStore();
  registry = createMemoryWebhookStore();
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  for (const r of receivers.splice(0)) await r.close();
  await store.close();
});

const append = async (count: number, streamId = 'account-a'): Promise<StoredEvent[]> => {
  const appended: StoredEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    await store.append(streamId, [event('AccountNoted', { i })], { expectedRevision: 'any' });
  }
  for await (const e of store.readAll()) appended.push(e);
  return appended.slice(-count);
};

/** The event ids a receiver took (2xx), every time taken. */
const taken = (r: Receiver): string[] => r.accepted.map((x) => x.headers['webhook-id'] as string);
const ofEvents = (events: readonly StoredEvent[]): string[] => events.map((e) => e.eventId);

const registered = async (api: Webhooks, url: string) => {
  const result = await api.register({ url });
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const settle = (ms = 300): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the delivering process follows the webhook store', () => {
  it('delivers what another process registered, once per event; follows its pause, resume, edit and removal', async () => {
    const first = await receiver();
    const second = await receiver();
    const api = peer();
    const worker = peer();
    await worker.start();

    const hook = await registered(api, first.url);
    await eventually(async () => (await worker.status()).length === 1);
    const one = await append(5);
    await eventually(() => taken(first).length === 5);

    expect(E.isRight(await api.change(hook.id, { state: 'paused' }))).toBe(true);
    await eventually(async () => (await worker.status()).length === 0);
    const whilePaused = await append(3);
    await settle();
    expect(taken(first)).toEqual(ofEvents(one));

    expect(E.isRight(await api.change(hook.id, { state: 'active' }))).toBe(true);
    await eventually(() => taken(first).length === 8);

    expect(E.isRight(await api.change(hook.id, { url: second.url }))).toBe(true);
    await settle(); // a few of its looks: the consumer restarted for the new url
    const edited = await append(2);
    await eventually(() => taken(second).length === 2);

    expect(await api.remove(hook.id)).toBe(true);
    await eventually(async () => (await worker.status()).length === 0);
    await append(2);
    await settle();

    // Each event once (the api process delivered none), in the log's order, at the url of its time.
    expect(taken(first)).toEqual(ofEvents([...one, ...whilePaused]));
    expect(taken(second)).toEqual(ofEvents(edited));
    expect(await api.status()).toEqual([]);
  });

  it('loses none of a burst of changes made between two of its looks: it ends as the store says', async () => {
    const first = await receiver();
    const second = await receiver();
    const api = peer();
    const worker = peer();
    await worker.start();
    const hook = await registered(api, first.url);
    const other = await registered(api, first.url);
    await eventually(async () => (await worker.status()).length === 2);

    await api.change(hook.id, { state: 'paused' });
    await api.change(hook.id, { url: second.url });
    await api.change(hook.id, { state: 'active' });
    await api.change(other.id, { state: 'paused' });
    await api.change(other.id, { state: 'active' });
    await api.change(other.id, { state: 'paused' });

    await eventually(async () => (await worker.status()).length === 1);
    await settle();
    const after = await append(3);
    await eventually(() => taken(second).length === 3);
    await settle();
    expect(taken(second)).toEqual(ofEvents(after));
    expect(taken(first)).toEqual([]);
    expect((await worker.status()).map((s) => s.name)).toEqual([webhookConsumerName(hook.id)]);
  });

  it('carries out a replay another process asked for, its checkpoint not overwritten by the running consumer', async () => {
    const target = await receiver();
    const api = peer();
    const worker = peer();
    await worker.start();
    const hook = await registered(api, target.url);
    const before = await append(10);
    await eventually(() => taken(target).length === 10);

    // Deliveries go on while the replay is asked for: the consumer saves checkpoints meanwhile.
    const during = append(10);
    const replayed = await api.replay(hook.id, before[3]!.globalPosition);
    expect(E.isRight(replayed)).toBe(true);
    const later = await during;

    const times = (e: StoredEvent): number => taken(target).filter((id) => id === e.eventId).length;
    await eventually(() => before.slice(4).every((e) => times(e) === 2) && later.every((e) => times(e) >= 1));
    await eventually(async () => (await registry.get(hook.id))?.replayFrom === undefined);
    await eventually(async () => (await api.get(hook.id))!.position === later.at(-1)!.globalPosition);
    // Every event after the replay's position was delivered again; none before it.
    expect(before.slice(0, 4).map(times)).toEqual([1, 1, 1, 1]);
    expect(before.slice(4).map(times)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('keeps a replay asked while no process delivers, and the next one to deliver carries it out', async () => {
    const target = await receiver();
    const api = peer();
    const events = await append(6);
    const hook = await registered(api, target.url);

    const asked = await api.replay(hook.id, 0n);
    // Answered as where deliveries go on from, though the checkpoint has not moved yet.
    expect(E.isRight(asked) && asked.right.position).toBe(0n);
    expect((await registry.get(hook.id))?.replayFrom).toBe(0n);
    expect(await checkpoints.load(webhookConsumerName(hook.id))).toBe(events.at(-1)!.globalPosition);

    const worker = peer();
    await worker.start();
    await eventually(() => taken(target).length === 6);
    expect(taken(target)).toEqual(ofEvents(events));
    expect((await registry.get(hook.id))?.replayFrom).toBeUndefined();
  });

  it('stops following the store once stopped, and starts again where the store says', async () => {
    const target = await receiver();
    const api = peer();
    const worker = peer();
    await worker.start();
    const hook = await registered(api, target.url);
    await eventually(async () => (await worker.status()).length === 1);
    await worker.stop();
    await api.change(hook.id, { state: 'paused' });
    await api.change(hook.id, { state: 'active' });
    await settle(150);
    expect(await worker.status()).toEqual([]);
    await append(2);
    await settle(150);
    expect(taken(target)).toEqual([]);

    await worker.start();
    await eventually(() => taken(target).length === 2);
  });
});
