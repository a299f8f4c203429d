// One webhook's deliveries: a consumer on the runner with its own checkpoint (`webhook:<id>`),
// so a restart resumes where it stopped and a slow or failing target holds back no other
// webhook. Events go one at a time in the log's order (hence in order per stream), each signed
// as Standard Webhooks says, retried with backoff and jitter until the target answers 2xx, and
// the checkpoint moves past each event once it is delivered: at least once, nothing skipped. An
// event still refused after the retry window makes the consumer fail with WebhookGaveUp, and the
// registry disables the webhook.
import type {
  CheckpointStore,
  Clock,
  DeliveryAttempt,
  EventStore,
  StoredEvent,
  Webhook,
} from '../../ports.js';
import { storedCheckpoint } from '../consumer-checkpoint.js';
import { ConsumerRunner, RUNNER_DEFAULTS, type RunnerOptions } from '../consumer-runner.js';
import { pause } from '../pause.js';
import { retryDelay, type RetryPolicy } from './retry-policy.js';
import { signedHeaders } from './signature.js';

/** What a webhook sends: a POST of `body` to `url` with `headers`. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Give up on an answer after this long. */
  readonly timeoutMs: number;
  /** Aborts when the webhook stops. */
  readonly signal: AbortSignal;
}

/**
 * Sends a request and resolves with the status the target answered; rejects when there was no
 * answer (refused, timed out, an address the configuration forbids).
 */
export type SendWebhook = (request: WebhookRequest) => Promise<{ readonly status: number }>;

/** An event as the body of its delivery (the CloudEvent JSON, wired by the composition root). */
export type WebhookBody = (event: StoredEvent) => string;

/** Failed attempts at one event in a row: how many, and when the first was made (ms). */
export interface FailedStreak {
  readonly attempts: number;
  readonly sinceMs: number;
}

/** The status a target answers when it wants no more deliveries (Standard Webhooks): disabled at once. */
export const GONE = 410;

export const webhookConsumerName = (webhookId: string): string => `webhook:${webhookId}`;

/** The target kept refusing an event for the whole retry window. */
export class WebhookGaveUp extends Error {
  override readonly name = 'WebhookGaveUp';
  constructor(
    readonly webhookId: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface WebhookConsumerOptions {
  readonly webhook: Webhook;
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly send: SendWebhook;
  readonly toBody: WebhookBody;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  /** In [0, 1): the jitter. */
  readonly random: () => number;
  /** Keeps an attempt in the delivery log. */
  readonly record: (attempt: DeliveryAttempt) => Promise<void>;
  /**
   * The failed attempts at this event since the webhook last changed (a restart in the middle of
   * retrying it): their count and the first one's time, so the retry window spans restarts.
   */
  readonly failedBefore: (event: StoredEvent) => Promise<FailedStreak | undefined>;
  /** Told of every failure of the consumer (WebhookGaveUp included); it restarts after a backoff. */
  readonly onFailure: (error: unknown) => void;
  readonly runner?: Partial<RunnerOptions>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The longest error text kept with an attempt. */
const MAX_ERROR = 300;

export const createWebhookConsumer = (options: WebhookConsumerOptions): ConsumerRunner => {
  const { webhook, store, checkpoints, send, toBody, clock, retry, record } = options;
  const name = webhookConsumerName(webhook.id);
  const nowMs = (): number => Date.parse(clock.now());
  let storeId: string | undefined;

  /** One try: undefined when the target took it, 'stopped', else why not (and whether it is for good). */
  const attempt = async (event: StoredEvent, body: string, number: number, signal: AbortSignal) => {
    const startedMs = nowMs();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'KARE-Webhooks/1',
      ...signedHeaders(webhook.secret, event.eventId, Math.floor(startedMs / 1000), body),
    };
    let status: number | undefined;
    let error: string | undefined;
    try {
      status = (await send({ url: webhook.url, headers, body, timeoutMs: options.timeoutMs, signal })).status;
      if (status < 200 || status > 299) error = `the target answered ${status}`;
    } catch (failure) {
      error = messageOf(failure).slice(0, MAX_ERROR);
    }
    // Stopped before an answer: not an attempt worth keeping, and the event is sent again on start.
    if (signal.aborted && status === undefined) return 'stopped';
    await record({
      webhookId: webhook.id,
      eventId: event.eventId,
      eventType: event.type,
      position: event.globalPosition,
      attempt: number,
      at: new Date(startedMs).toISOString(),
      ok: error === undefined,
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error }),
      durationMs: Math.max(0, nowMs() - startedMs),
    });
    return status === GONE ? { gone: error! } : error;
  };

  /** Until the target takes the event (true), the webhook stops (false), or the window closes (throws). */
  const deliver = async (event: StoredEvent, signal: AbortSignal): Promise<boolean> => {
    const body = toBody(event);
    const earlier = await options.failedBefore(event);
    const firstMs = earlier?.sinceMs ?? nowMs();
    for (let number = (earlier?.attempts ?? 0) + 1; ; number += 1) {
      const error = await attempt(event, body, number, signal);
      if (error === 'stopped') return false;
      if (error === undefined) return true;
      if (typeof error === 'object')
        throw new WebhookGaveUp(webhook.id, `${error.gone}: it takes no more deliveries`);
      const elapsed = nowMs() - firstMs;
      if (elapsed >= retry.giveUpAfterMs)
        throw new WebhookGaveUp(
          webhook.id,
          `event ${event.eventId} (position ${event.globalPosition}) was refused for ${Math.round(elapsed / 1000)} s, ${number} attempts; the last: ${error}`,
        );
      await pause(Math.min(retryDelay(retry, number, options.random), retry.giveUpAfterMs - elapsed), signal);
      if (signal.aborted) return false;
    }
  };

  return new ConsumerRunner(
    store,
    {
      name,
      filter: webhook.filter,
      checkpoint: storedCheckpoint(checkpoints, name),
      handle: async (events, signal) => {
        storeId ??= await store.storeId?.();
        for (const event of events) {
          if (!(await deliver(event, signal))) return;
          // Past each event as soon as it is delivered: a restart sends none of them again.
          await checkpoints.save(name, event.globalPosition, storeId);
        }
      },
    },
    {
      ...RUNNER_DEFAULTS,
      // Small pages: the checkpoint moves per event anyway, and a stop need not wait on a long batch.
      batchSize: 100,
      liveBatchSize: 100,
      backoff: { initialMs: 1000, maxMs: 30_000 },
      ...options.runner,
      onFailure: options.onFailure,
    },
  );
};
