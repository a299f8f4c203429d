// Wiring the webhooks: the registry in the read-model database, deliveries POSTed by the HTTP
// sender with the CloudEvent JSON as the body, private targets refused unless configured.
import type Database from 'better-sqlite3';
import { createWebhookSender } from '../../adapters/http/webhook-sender.js';
import { webhookTargetCheck } from '../../adapters/http/webhook-target.js';
import { createSqliteCheckpointStore } from '../../adapters/sqlite/checkpoint-store.js';
import { createSqliteWebhookStore } from '../../adapters/sqlite/webhook-store.js';
import { toCloudEvent } from '../cloud-events.js';
import { DEFAULT_RETRY } from '../consumers/webhooks/retry-policy.js';
import { createWebhooks, DEFAULT_WEBHOOK_TIMEOUT_MS, type Webhooks } from '../consumers/webhooks/webhooks.js';
import type { Clock, EventStore, Ids } from '../ports.js';

export interface WebhookConfig {
  /** KARE_WEBHOOKS_ALLOW_PRIVATE=true: targets on loopback and private addresses are allowed. */
  readonly allowPrivate: boolean;
  /** KARE_WEBHOOKS_TIMEOUT_SECONDS: how long a target has to answer. */
  readonly timeoutMs: number;
  /** KARE_WEBHOOKS_RETRY_SECONDS: how long a refused event is retried before the webhook is disabled. */
  readonly giveUpAfterMs: number;
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  allowPrivate: false,
  timeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS,
  giveUpAfterMs: DEFAULT_RETRY.giveUpAfterMs,
};

/** The webhook settings of the environment: `seconds` reads a positive whole number, `fail` refuses. */
export const webhookConfig = (
  env: NodeJS.ProcessEnv,
  seconds: (name: string, fallback: number) => number,
  fail: (message: string) => never,
): WebhookConfig => {
  const allow = env['KARE_WEBHOOKS_ALLOW_PRIVATE'] || 'false';
  if (allow !== 'true' && allow !== 'false')
    fail(`KARE_WEBHOOKS_ALLOW_PRIVATE must be true or false, not "${allow}"`);
  return {
    allowPrivate: allow === 'true',
    timeoutMs: seconds('KARE_WEBHOOKS_TIMEOUT_SECONDS', DEFAULT_WEBHOOK_CONFIG.timeoutMs / 1000) * 1000,
    giveUpAfterMs: seconds('KARE_WEBHOOKS_RETRY_SECONDS', DEFAULT_WEBHOOK_CONFIG.giveUpAfterMs / 1000) * 1000,
  };
};

export interface WebhookWiring {
  readonly store: EventStore;
  readonly readDb: Database.Database;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly config?: Partial<WebhookConfig> | undefined;
}

export const openWebhooks = ({ store, readDb, clock, ids, config }: WebhookWiring): Webhooks => {
  const { allowPrivate, timeoutMs, giveUpAfterMs } = { ...DEFAULT_WEBHOOK_CONFIG, ...config };
  return createWebhooks({
    store,
    webhooks: createSqliteWebhookStore(readDb),
    checkpoints: createSqliteCheckpointStore(readDb),
    clock,
    ids,
    send: createWebhookSender({ allowPrivate }),
    toBody: (event) => JSON.stringify(toCloudEvent(event)),
    checkTarget: webhookTargetCheck(allowPrivate),
    timeoutMs,
    retry: { giveUpAfterMs },
  });
};
