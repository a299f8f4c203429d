// The webhook registry at work: webhooks are registered, changed, paused, resumed, replayed and
// removed here, and each active one has its own consumer on the runner (webhook-consumer.ts)
// while the registry runs. Refusals are values (a DomainError with a stable code); changes to
// one webhook are taken one at a time, so a pause never races a replay.
import * as E from 'fp-ts/lib/Either.js';
import { domainError, NOT_FOUND, type DomainError } from '../../../domain/kernel/index.js';
import type {
  CheckpointStore,
  Clock,
  DeliveryPage,
  EventFilter,
  EventStore,
  Ids,
  Webhook,
  WebhookStore,
} from '../../ports.js';
import type { ConsumerRunner, ConsumerStatus, RunnerOptions } from '../consumer-runner.js';
import { lagBehind } from '../lag.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.js';
import { isWebhookSecret, newWebhookSecret } from './signature.js';
import {
  createWebhookConsumer,
  webhookConsumerName,
  type FailedStreak,
  WebhookGaveUp,
  type SendWebhook,
  type WebhookBody,
} from './webhook-consumer.js';

/** Whether a target may be called: undefined when it may, else the refusal (a private address …). */
export type TargetCheck = (url: URL) => Promise<DomainError | undefined>;

export interface WebhooksOptions {
  readonly store: EventStore;
  readonly webhooks: WebhookStore;
  readonly checkpoints: CheckpointStore;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly send: SendWebhook;
  readonly toBody: WebhookBody;
  /** Checked when a webhook is registered or its URL changes (the sender checks every delivery). */
  readonly checkTarget: TargetCheck;
  readonly retry?: Partial<RetryPolicy>;
  /** How long a target has to answer (default 10 s). */
  readonly timeoutMs?: number;
  /** The jitter's randomness (default Math.random). */
  readonly random?: () => number;
  readonly runner?: Partial<RunnerOptions>;
  /** Told of a consumer's failure and of a webhook disabled. */
  readonly onError?: (error: unknown, webhookId: string) => void;
}

export interface Registration {
  readonly url: string;
  readonly categories?: readonly string[];
  readonly types?: readonly string[];
  /** `whsec_…`; one is made when absent. */
  readonly secret?: string;
}

export interface WebhookEdit {
  readonly url?: string;
  readonly categories?: readonly string[];
  readonly types?: readonly string[];
  /** `paused` stops deliveries; `active` resumes them (a disabled webhook too). */
  readonly state?: 'active' | 'paused';
}

/** A webhook and where its deliveries have got to in the log. */
export interface WebhookView extends Webhook {
  /** The position of the last event delivered or skipped (0n before any). */
  readonly position: bigint;
  /** The events still to deliver or skip, counted up to a cap (then lagCapped). */
  readonly lag: bigint;
  readonly lagCapped?: true;
}

export interface Webhooks {
  /** Stores the webhook (its secret included: the one time it is answered) and starts it. */
  register(registration: Registration): Promise<E.Either<DomainError, WebhookView>>;
  list(): Promise<readonly WebhookView[]>;
  get(id: string): Promise<WebhookView | undefined>;
  change(id: string, edit: WebhookEdit): Promise<E.Either<DomainError, WebhookView>>;
  /** Stops and forgets the webhook and its delivery log; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** The recent attempts, newest first; undefined for no such webhook. */
  deliveries(
    id: string,
    page: { readonly limit: number; readonly before?: bigint },
  ): Promise<DeliveryPage | undefined>;
  /** Moves the webhook's checkpoint to `from`: it delivers again every event after it. */
  replay(id: string, from: bigint): Promise<E.Either<DomainError, WebhookView>>;
  /** Starts a consumer for every active webhook, and for those registered or resumed from now on. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Each running webhook's consumer: state, position, lag. */
  status(): Promise<readonly ConsumerStatus[]>;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

const notFound = (id: string): DomainError =>
  domainError(NOT_FOUND, `No webhook ${id}`, { kind: 'webhook', id });

export const INVALID_WEBHOOK_SECRET = 'INVALID_WEBHOOK_SECRET';

const filterOf = (categories?: readonly string[], types?: readonly string[]): EventFilter => ({
  ...(categories === undefined || categories.length === 0 ? {} : { categories: [...new Set(categories)] }),
  ...(types === undefined || types.length === 0 ? {} : { types: [...new Set(types)] }),
});

export const createWebhooks = (options: WebhooksOptions): Webhooks => {
  const { store, webhooks, checkpoints, clock } = options;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const onError = options.onError ?? (() => undefined);
  const running = new Map<string, ConsumerRunner>();
  const queues = new Map<string, Promise<unknown>>();
  let started = false;

  /** Runs `work` after every earlier change of the same webhook. */
  const exclusive = <T>(id: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(id, settled);
    void settled.then(() => {
      if (queues.get(id) === settled) queues.delete(id);
    });
    return next;
  };

  const view = async (webhook: Webhook): Promise<WebhookView> => {
    const position = (await checkpoints.load(webhookConsumerName(webhook.id))) ?? 0n;
    return { ...webhook, position, ...(await lagBehind(store, position, await store.headPosition())) };
  };

  /** Stops deliveries for good after a give-up: disabled with the reason, until resumed. */
  const disable = (id: string, reason: string): Promise<void> =>
    exclusive(id, async () => {
      await halt(id);
      await webhooks.update(id, { state: 'disabled', disabledReason: reason, updatedAt: clock.now() });
    });

  /**
   * The newest attempts, while they are failed attempts at this event made since the webhook last
   * changed (a resume starts a new window): one read of the newest attempt in the common case.
   */
  const failedBefore = async (webhook: Webhook, eventId: string): Promise<FailedStreak | undefined> => {
    let streak: FailedStreak | undefined;
    let before: bigint | undefined;
    for (;;) {
      const page = await webhooks.attempts(webhook.id, {
        limit: 50,
        ...(before === undefined ? {} : { before }),
      });
      for (const attempt of page.items) {
        if (attempt.eventId !== eventId || attempt.ok || attempt.at < webhook.updatedAt) return streak;
        streak = { attempts: streak?.attempts ?? attempt.attempt, sinceMs: Date.parse(attempt.at) };
      }
      if (page.next === undefined) return streak;
      before = page.next;
    }
  };

  const launch = (webhook: Webhook): void => {
    if (!started || webhook.state !== 'active' || running.has(webhook.id)) return;
    const runner = createWebhookConsumer({
      webhook,
      store,
      checkpoints,
      send: options.send,
      toBody: options.toBody,
      clock,
      retry,
      timeoutMs: options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
      random: options.random ?? Math.random,
      record: (attempt) => webhooks.recordAttempt(attempt),
      failedBefore: (event) => failedBefore(webhook, event.eventId),
      onFailure: (error) => {
        onError(error, webhook.id);
        if (error instanceof WebhookGaveUp)
          void disable(webhook.id, error.reason).catch((e) => onError(e, webhook.id));
      },
      ...(options.runner === undefined ? {} : { runner: options.runner }),
    });
    running.set(webhook.id, runner);
    runner.start();
  };

  const halt = async (id: string): Promise<void> => {
    const runner = running.get(id);
    if (runner === undefined) return;
    running.delete(id);
    await runner.stop();
  };

  /** The URL if it is one a webhook may call, else the refusal. */
  const target = async (url: string): Promise<E.Either<DomainError, string>> => {
    const refused = await options.checkTarget(new URL(url));
    return refused === undefined ? E.right(url) : E.left(refused);
  };

  const register = async (registration: Registration): Promise<E.Either<DomainError, WebhookView>> => {
    const secret = registration.secret ?? newWebhookSecret();
    if (!isWebhookSecret(secret))
      return E.left(
        domainError(
          INVALID_WEBHOOK_SECRET,
          'The secret must be whsec_ and the base64 of a key of 24 to 64 bytes, e.g. whsec_$(openssl rand -base64 32)',
        ),
      );
    const checked = await target(registration.url);
    if (E.isLeft(checked)) return checked;
    const now = clock.now();
    const webhook: Webhook = {
      id: options.ids.uuid(),
      url: checked.right,
      filter: filterOf(registration.categories, registration.types),
      secret,
      state: 'active',
      createdAt: now,
      updatedAt: now,
    };
    // From now on: a new webhook gets the events after the head, not the whole history (replay does that).
    await checkpoints.save(
      webhookConsumerName(webhook.id),
      await store.headPosition(),
      await store.storeId?.(),
    );
    await webhooks.create(webhook);
    launch(webhook);
    return E.right(await view(webhook));
  };

  const change = (id: string, edit: WebhookEdit): Promise<E.Either<DomainError, WebhookView>> =>
    exclusive(id, async () => {
      const before = await webhooks.get(id);
      if (before === undefined) return E.left(notFound(id));
      if (edit.url !== undefined && edit.url !== before.url) {
        const checked = await target(edit.url);
        if (E.isLeft(checked)) return checked;
      }
      await halt(id);
      const after = await webhooks.update(id, {
        ...(edit.url === undefined ? {} : { url: edit.url }),
        ...(edit.categories === undefined && edit.types === undefined
          ? {}
          : {
              filter: filterOf(
                edit.categories ?? before.filter.categories,
                edit.types ?? before.filter.types,
              ),
            }),
        ...(edit.state === undefined ? {} : { state: edit.state }),
        updatedAt: clock.now(),
      });
      if (after === undefined) return E.left(notFound(id));
      launch(after);
      return E.right(await view(after));
    });

  const remove = (id: string): Promise<boolean> =>
    exclusive(id, async () => {
      await halt(id);
      return webhooks.remove(id);
    });

  const replay = (id: string, from: bigint): Promise<E.Either<DomainError, WebhookView>> =>
    exclusive(id, async () => {
      const webhook = await webhooks.get(id);
      if (webhook === undefined) return E.left(notFound(id));
      // A position this store never issued (past its head, another store's) throws UnknownPosition.
      if (from > 0n) for await (const _ of store.readAll({ fromPosition: from, maxCount: 1 })) break;
      await halt(id);
      await checkpoints.save(webhookConsumerName(id), from, await store.storeId?.());
      launch(webhook);
      return E.right(await view(webhook));
    });

  return {
    register,
    list: async () => Promise.all((await webhooks.list()).map(view)),
    get: async (id) => {
      const webhook = await webhooks.get(id);
      return webhook === undefined ? undefined : view(webhook);
    },
    change,
    remove,
    deliveries: async (id, page) =>
      (await webhooks.get(id)) === undefined ? undefined : webhooks.attempts(id, page),
    replay,
    start: async () => {
      started = true;
      for (const webhook of await webhooks.list()) launch(webhook);
    },
    stop: async () => {
      started = false;
      await Promise.all([...running.keys()].map((id) => exclusive(id, () => halt(id))));
    },
    status: async () => Promise.all([...running.values()].map((runner) => runner.status())),
  };
};
