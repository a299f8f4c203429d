// Webhook deliveries against a local receiver: every matching event delivered at least once, in
// the log's order (so in order per stream), every signature verifying with a receiver's check
// written from the specification, through random failures and a receiver that goes down for a
// while; a restart resumes from the checkpoint; a target refusing for the whole retry window
// disables the webhook; a slow target holds back no other webhook.
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../../../adapters/http/webhook-sender.js';
import { webhookTargetCheck } from '../../../../adapters/http/webhook-target.js';
import { createMemoryCheckpointStore } from '../../../../adapters/memory/checkpoint-store.js';
import { createMemoryEventStore } from '../../../../adapters/memory/event-store.js';
import { createMemoryWebhookStore } from '../../../../adapters/memory/webhook-store.js';
import { toCloudEvent } from '../../../../src/cloud-events.js';
import {
  createWebhooks,
  type Webhooks,
  type WebhooksOptions,
} from '../../../../src/consumers/webhooks/webhooks.js';
import type { CheckpointStore, EventStore, StoredEvent, WebhookStore } from '../../../../src/ports.js';
import { systemClock } from '../../../../src/system-clock.js';
import { event, eventually } from '../projector/fixtures.js';
import { Receiver, seeded } from './receiver.js';
import { verifyStandardWebhook } from './standard-webhooks-verifier.js';

let store: EventStore;
let checkpoints: CheckpointStore;
let registry: WebhookStore;
const receivers: Receiver[] = [];
const services: Webhooks[] = [];

const receiver = async (options: ConstructorParameters<typeof Receiver>[0] = {}) => {
  const r = await new Receiver(options).start();
  receivers.push(r);
  return r;
};

let ids = 0;
const webhooks = (overrides: Partial<WebhooksOptions> = {}): Webhooks => {
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
    random: seeded(7),
    runner: { idleCheckMs: 50 },
    ...overrides,
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

const STREAMS = ['account-a', 'account-b', 'agreement-g', 'account-c', 'supply-s'];

/** Appends `count` events over the streams in turn, AccountNoted on accounts, Other elsewhere. */
const append = async (count: number): Promise<StoredEvent[]> => {
  for (let i = 0; i < count; i += 1) {
    const streamId = STREAMS[i % STREAMS.length]!;
    const type = streamId.startsWith('account') ? 'AccountNoted' : 'Other';
    await store.append(streamId, [event(type, { i })], { expectedRevision: 'any' });
  }
  const all: StoredEvent[] = [];
  for await (const e of store.readAll()) all.push(e);
  return all;
};

const registered = async (service: Webhooks, url: string, categories?: string[]) => {
  const result = await service.register({ url, ...(categories === undefined ? {} : { categories }) });
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** The event ids the receiver took (2xx), first time each, in the order taken. */
const takenIds = (r: Receiver): string[] => [
  ...new Set(r.accepted.map((x) => x.headers['webhook-id'] as string)),
];

describe('webhook deliveries', () => {
  it('delivers every matching event at least once, in order, signed, through random failures and an outage', async () => {
    const target = await receiver({ failRate: 1 / 3, seed: 2026 });
    const service = webhooks();
    await service.start();
    const hook = await registered(service, target.url, ['account']);

    await append(30);
    await eventually(() => target.accepted.length >= 5);
    await target.down();
    await append(30);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await target.up();
    const all = await append(15);

    const wanted = all.filter((e) => e.streamId.startsWith('account-'));
    await eventually(() => takenIds(target).length === wanted.length, 20_000);

    expect(takenIds(target)).toEqual(wanted.map((e) => e.eventId));
    // Failed first, then retried: the failures and the outage did happen.
    expect(target.received.filter((r) => r.status === 500).length).toBeGreaterThan(5);
    const attempts = (await service.deliveries(hook.id, { limit: 1000 }))!.items;
    expect(attempts.some((a) => !a.ok && a.status === undefined)).toBe(true); // refused while down
    for (const request of target.received) {
      const headers = request.headers as Record<string, string>;
      expect(verifyStandardWebhook(hook.secret, headers, request.body)).toBe('valid');
      const cloudEvent = JSON.parse(request.body) as { id: string; specversion: string; subject: string };
      expect(cloudEvent.id).toBe(headers['webhook-id']);
      expect(cloudEvent.specversion).toBe('1.0');
      expect(cloudEvent.subject).toMatch(/^account-/);
    }
    // The checkpoint follows the last answer (the receiver counts a delivery before it answers).
    await eventually(async () => (await service.get(hook.id))!.position === all.at(-1)!.globalPosition);
  }, 30_000);

  it('resumes after a restart from its checkpoint: nothing lost, nothing delivered before sent again', async () => {
    const target = await receiver();
    const first = webhooks();
    await first.start();
    const hook = await registered(first, target.url);
    const before = await append(20);
    await eventually(() => takenIds(target).length === 20);
    // Stopped once the last answer is checkpointed: one stopped mid-request would send it again.
    await eventually(async () => (await first.get(hook.id))!.position === before.at(-1)!.globalPosition);
    await first.stop();
    const seen = target.received.length;

    const all = await append(20);
    const second = webhooks();
    await second.start();
    await eventually(() => takenIds(target).length === 40);
    expect(takenIds(target)).toEqual(all.map((e) => e.eventId));
    const afterRestart = target.received.slice(seen).map((r) => r.headers['webhook-id']);
    expect(afterRestart.filter((id) => before.some((e) => e.eventId === id))).toEqual([]);
    await eventually(async () => (await second.get(hook.id))!.position === all.at(-1)!.globalPosition);
  });

  it('starts a new webhook at the head, and replays from a position when asked', async () => {
    const target = await receiver();
    const service = webhooks();
    await service.start();
    const old = await append(10);
    const hook = await registered(service, target.url);
    const all = await append(5);
    await eventually(() => takenIds(target).length === 5);
    expect(takenIds(target)).toEqual(all.slice(10).map((e) => e.eventId));

    const replayed = await service.replay(hook.id, old[4]!.globalPosition);
    expect(E.isRight(replayed)).toBe(true);
    await eventually(() => target.accepted.length === 5 + 10);
    expect(target.accepted.slice(5).map((r) => r.headers['webhook-id'])).toEqual(
      all.slice(5).map((e) => e.eventId),
    );
  });

  it('pauses, resumes and deletes: nothing sent while paused, nothing after delete', async () => {
    const target = await receiver();
    const service = webhooks();
    await service.start();
    const hook = await registered(service, target.url);
    const paused = await service.change(hook.id, { state: 'paused' });
    expect(E.isRight(paused) && paused.right.state).toBe('paused');
    const all = await append(6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(target.received).toEqual([]);
    expect((await service.get(hook.id))!.lag).toBe(6n);

    await service.change(hook.id, { state: 'active' });
    await eventually(() => takenIds(target).length === 6);
    expect(takenIds(target)).toEqual(all.map((e) => e.eventId));
    await eventually(async () => (await service.get(hook.id))!.lag === 0n);
    const [running] = await service.status();
    expect(running).toMatchObject({
      name: `webhook:${hook.id}`,
      position: all.at(-1)!.globalPosition,
      lag: 0n,
    });

    expect(await service.remove(hook.id)).toBe(true);
    expect(await service.status()).toEqual([]);
    await append(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(target.received).toHaveLength(6);
    expect(await service.get(hook.id)).toBeUndefined();
    expect(await service.deliveries(hook.id, { limit: 10 })).toBeUndefined();
    expect(await service.remove(hook.id)).toBe(false);
  });

  it('disables a webhook whose target refuses an event for the whole retry window, with the reason; resuming retries it', async () => {
    const target = await receiver({ status: 503 });
    const service = webhooks({ retry: { initialMs: 10, maxMs: 50, giveUpAfterMs: 300 } });
    await service.start();
    const hook = await registered(service, target.url);
    const all = await append(3);
    await eventually(async () => (await service.get(hook.id))!.state === 'disabled');
    const disabled = (await service.get(hook.id))!;
    expect(disabled.disabledReason).toMatch(
      new RegExp(
        `event ${all[0]!.eventId} \\(position ${all[0]!.globalPosition}\\) was refused .*answered 503`,
      ),
    );
    expect(disabled.position).toBe(0n);
    const attempts = (await service.deliveries(hook.id, { limit: 1000 }))!.items;
    expect(attempts.length).toBeGreaterThan(2);
    expect(attempts.every((a) => a.eventId === all[0]!.eventId && a.status === 503)).toBe(true);
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => attempts.length - i));

    target.set({ status: 200 });
    const resumed = await service.change(hook.id, { state: 'active' });
    expect(E.isRight(resumed) && resumed.right).not.toHaveProperty('disabledReason');
    await eventually(() => takenIds(target).length === 3);
    expect(takenIds(target)).toEqual(all.map((e) => e.eventId));
  });

  it('keeps counting the retry window across a restart: attempts go on from where they were', async () => {
    const target = await receiver({ status: 503 });
    const retry = { initialMs: 10, maxMs: 40, giveUpAfterMs: 1500 };
    const first = webhooks({ retry });
    await first.start();
    const hook = await registered(first, target.url);
    const [only] = await append(1);
    await eventually(() => target.received.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await first.stop();
    const started = Date.now();
    const second = webhooks({ retry });
    await second.start();
    await eventually(async () => (await second.get(hook.id))!.state === 'disabled', 5000);
    // The window started with the first service's first attempt (≥ 700 ms before), not with the restart.
    expect(Date.now() - started).toBeLessThan(1200);
    const attempts = (await second.deliveries(hook.id, { limit: 1000 }))!.items;
    expect(attempts.every((a) => a.eventId === only!.eventId)).toBe(true);
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => attempts.length - i));
  });

  it('disables a webhook at once when its target answers 410 Gone', async () => {
    const target = await receiver({ status: 410 });
    const service = webhooks();
    await service.start();
    const hook = await registered(service, target.url);
    await append(2);
    await eventually(async () => (await service.get(hook.id))!.state === 'disabled');
    expect((await service.get(hook.id))!.disabledReason).toMatch(/answered 410: it takes no more deliveries/);
    expect(target.received).toHaveLength(1);
  });

  it('a slow target holds back no other webhook', async () => {
    const slow = await receiver({ hang: true });
    const quick = await receiver();
    const service = webhooks({ timeoutMs: 10_000 });
    await service.start();
    await registered(service, slow.url);
    await registered(service, quick.url);
    const all = await append(10);
    await eventually(() => takenIds(quick).length === 10, 3000);
    expect(takenIds(quick)).toEqual(all.map((e) => e.eventId));
    expect(slow.received).toHaveLength(1);
  });

  it('times out a target that does not answer, and retries', async () => {
    const slow = await receiver({ hang: true });
    const service = webhooks({ timeoutMs: 100 });
    await service.start();
    const hook = await registered(service, slow.url);
    await append(1);
    await eventually(
      async () => ((await service.deliveries(hook.id, { limit: 10 }))?.items.length ?? 0) >= 2,
    );
    const [attempt] = (await service.deliveries(hook.id, { limit: 1 }))!.items;
    expect(attempt!.error).toMatch(/no answer within 0.1 s/);
  });
});

describe('webhook targets', () => {
  it('refuses to register a loopback or private target unless allowed', async () => {
    const service = webhooks({ checkTarget: webhookTargetCheck(false) });
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost:9/x',
      'http://[::1]:9/',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest',
    ]) {
      const result = await service.register({ url });
      expect(E.isLeft(result) && result.left.code, url).toBe('WEBHOOK_TARGET_NOT_ALLOWED');
    }
    const unresolved = await service.register({ url: 'http://no-such-host.invalid/' });
    expect(E.isLeft(unresolved) && unresolved.left.code).toBe('WEBHOOK_TARGET_UNRESOLVED');
    expect(await service.list()).toEqual([]);
  });

  it('refuses a private target at delivery too: an IP literal, and a name resolving to loopback', async () => {
    const target = await receiver();
    const send = createWebhookSender({ allowPrivate: false });
    const request = { headers: {}, body: '{}', timeoutMs: 1000, signal: new AbortController().signal };
    await expect(send({ ...request, url: target.url })).rejects.toThrow(/loopback, private or reserved/);
    await expect(send({ ...request, url: target.url.replace('127.0.0.1', 'localhost') })).rejects.toThrow(
      /loopback, private or reserved/,
    );
    expect(target.received).toEqual([]);
    const allowed = createWebhookSender({ allowPrivate: true });
    await expect(allowed({ ...request, url: target.url })).resolves.toEqual({ status: 204 });
  });

  it('refuses a secret that is not a Standard Webhooks one', async () => {
    const service = webhooks();
    const result = await service.register({ url: 'http://127.0.0.1:9/', secret: 'whsec_c2hvcnQ=' });
    expect(E.isLeft(result) && result.left.code).toBe('INVALID_WEBHOOK_SECRET');
  });
});
