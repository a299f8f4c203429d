// The webhook registry at work: webhooks are registered, changed, paused, resumed, replayed and
// removed here, and each active one has its own consumer on the runner (webhook-consumer.ts) in
// the one process that delivers (start()). Several processes may share the store: the delivering
// one follows it (every reconcileMs it compares the store's webhooks with its consumers), and a
// replay is a request kept on the webhook that the delivering process carries out, as only it
// writes the checkpoints. Refusals are values (a DomainError with a stable code); changes to one
// webhook are taken one at a time, so a pause never races a replay.
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
  /** How often the delivering process compares the store's webhooks with its consumers (default 1 s). */
  readonly reconcileMs?: number;
  /** Told of a consumer's failure, of a webhook disabled, of a look at the store that failed (no id). */
  readonly onError?: (error: unknown, webhookId?: string) => void;
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
  /**
   * Moves the webhook's checkpoint to `from`: it delivers again every event after it. Asked of the
   * store; done here when this process delivers, else by the one that does at its next look.
   */
  replay(id: string, from: bigint): Promise<E.Either<DomainError, WebhookView>>;
  /**
   * Delivers here: a consumer for every active webhook, then follows the store (webhooks registered,
   * changed, paused, resumed, removed, replays asked for, by this process or another). One process
   * at a time should: every one that does delivers each event.
   */
  start(): Promise<void>;
  /** Stops delivering here (the registry stays usable). */
  stop(): Promise<void>;
  /** Each running webhook's consumer: state, position, lag. */
  status(): Promise<readonly ConsumerStatus[]>;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_RECONCILE_MS = 1000;

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
  const reconcileMs = options.reconcileMs ?? DEFAULT_RECONCILE_MS;
  /** Each webhook delivered here: its consumer, and the webhook as it was when launched. */
  const running = new Map<string, { readonly webhook: Webhook; readonly runner: ConsumerRunner }>();
  const queues = new Map<string, Promise<unknown>>();
  let started = false;
  /** The reconcile loop's token: a loop left over from before a stop sees another and ends. */
  let loop: object | undefined;
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> = Promise.resolve();

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
    // A replay asked for and not yet done: where deliveries go on from, whichever process answers.
    const position = webhook.replayFrom ?? (await checkpoints.load(webhookConsumerName(webhook.id))) ?? 0n;
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
    running.set(webhook.id, { webhook, runner });
    runner.start();
  };

  const halt = async (id: string): Promise<void> => {
    const current = running.get(id);
    if (current === undefined) return;
    running.delete(id);
    await current.runner.stop();
  };

  /**
   * Carries out a replay asked for: the consumer stopped before the checkpoint moves (so its next
   * save cannot undo the move), the request cleared only if no other came meanwhile, then started
   * again. Only the delivering process does this.
   */
  const replayNow = async (webhook: Webhook, from: bigint): Promise<void> => {
    await halt(webhook.id);
    await checkpoints.save(webhookConsumerName(webhook.id), from, await store.storeId?.());
    await webhooks.clearReplay(webhook.id, from);
    launch(webhook);
  };

  /** Whether a webhook as listed asks for more than what runs here now. */
  const outOfStep = (webhook: Webhook): boolean => {
    if (webhook.replayFrom !== undefined) return true;
    const current = running.get(webhook.id);
    return webhook.state === 'active'
      ? current?.webhook.updatedAt !== webhook.updatedAt
      : current !== undefined;
  };

  /** Brings one webhook's consumer in step with the store, read again in turn (the list may be stale). */
  const follow = (id: string): Promise<void> =>
    exclusive(id, async () => {
      if (!started) return;
      const webhook = await webhooks.get(id);
      if (webhook?.replayFrom !== undefined) return replayNow(webhook, webhook.replayFrom);
      if (webhook !== undefined && !outOfStep(webhook)) return;
      await halt(id);
      if (webhook !== undefined) launch(webhook);
    }).catch((error: unknown) => onError(error, id));

  /** Launches the new active webhooks, halts the paused, disabled and removed, restarts the changed. */
  const reconcile = async (): Promise<void> => {
    const listed = await webhooks.list();
    const present = new Set(listed.map((webhook) => webhook.id));
    await Promise.all([
      ...listed.filter(outOfStep).map((webhook) => follow(webhook.id)),
      ...[...running.keys()].filter((id) => !present.has(id)).map(follow),
    ]);
  };

  const schedule = (token: object): void => {
    if (loop !== token) return;
    timer = setTimeout(() => {
      looking = reconcile().catch((error: unknown) => onError(error));
      void looking.then(() => schedule(token));
    }, reconcileMs);
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
      if ((await webhooks.get(id)) === undefined) return E.left(notFound(id));
      // A position this store never issued (past its head, another store's) throws UnknownPosition.
      if (from > 0n) for await (const _ of store.readAll({ fromPosition: from, maxCount: 1 })) break;
      const asked = await webhooks.update(id, { replayFrom: from, updatedAt: clock.now() });
      if (asked === undefined) return E.left(notFound(id));
      if (!started) return E.right(await view(asked));
      await replayNow(asked, from);
      return E.right(await view((await webhooks.get(id)) ?? asked));
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
      if (started) return;
      started = true;
      const token = {};
      loop = token;
      looking = reconcile();
      try {
        await looking;
      } finally {
        schedule(token);
      }
    },
    stop: async () => {
      started = false;
      loop = undefined;
      clearTimeout(timer);
      await looking.catch(() => undefined);
      await Promise.all([...running.keys()].map((id) => exclusive(id, () => halt(id))));
    },
    status: async () => Promise.all([...running.values()].map(({ runner }) => runner.status())),
  };
};
