// Wiring the webhooks: the registry in the read-model database (SQLite or PostgreSQL, whichever
// holds the read models, so servers sharing PostgreSQL share their webhooks), the secrets sealed
// there under a key kept apart (sealed-secrets.ts), deliveries POSTed by the HTTP sender with the
// CloudEvent JSON as the body, private targets refused unless configured.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWebhookSender } from '../../adapters/http/webhook-sender.js';
import { webhookTargetCheck } from '../../adapters/http/webhook-target.js';
import { toCloudEvent } from '../cloud-events.js';
import { afterOnce, importLegacyWebhooks } from './legacy-webhooks.js';
import { DEFAULT_RETRY } from '../consumers/webhooks/retry-policy.js';
import { sealedSecrets, sealPlainSecrets, SEALING_KEY_BYTES } from '../consumers/webhooks/sealed-secrets.js';
import { createWebhooks, DEFAULT_WEBHOOK_TIMEOUT_MS, type Webhooks } from '../consumers/webhooks/webhooks.js';
import type { CheckpointStore, Clock, EventStore, Ids, WebhookStore } from '../ports.js';

export interface WebhookConfig {
  /** KARE_WEBHOOKS_ALLOW_PRIVATE=true: targets on loopback and private addresses are allowed. */
  readonly allowPrivate: boolean;
  /** KARE_WEBHOOKS_TIMEOUT_SECONDS: how long a target has to answer. */
  readonly timeoutMs: number;
  /** KARE_WEBHOOKS_RETRY_SECONDS: how long a refused event is retried before the webhook is disabled. */
  readonly giveUpAfterMs: number;
  /**
   * KARE_WEBHOOKS_SECRET_KEY: the base64 of the 32-byte key webhook secrets are sealed with.
   * Absent: the data directory's webhook-secrets.key, made on first use. Servers sharing a
   * webhook store (PostgreSQL) need the same key.
   */
  readonly sealingKey?: Buffer;
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
  const key = env['KARE_WEBHOOKS_SECRET_KEY'] || undefined;
  const sealingKey = key === undefined ? undefined : Buffer.from(key, 'base64');
  if (
    sealingKey !== undefined &&
    (sealingKey.length !== SEALING_KEY_BYTES || sealingKey.toString('base64') !== key)
  )
    fail(
      `KARE_WEBHOOKS_SECRET_KEY must be the base64 of ${SEALING_KEY_BYTES} bytes, e.g. $(openssl rand -base64 32)`,
    );
  return {
    ...(sealingKey === undefined ? {} : { sealingKey }),
    allowPrivate: allow === 'true',
    timeoutMs: seconds('KARE_WEBHOOKS_TIMEOUT_SECONDS', DEFAULT_WEBHOOK_CONFIG.timeoutMs / 1000) * 1000,
    giveUpAfterMs: seconds('KARE_WEBHOOKS_RETRY_SECONDS', DEFAULT_WEBHOOK_CONFIG.giveUpAfterMs / 1000) * 1000,
  };
};

/** The file in the data directory that holds the sealing key when the configuration names none. */
export const SEALING_KEY_FILE = 'webhook-secrets.key';

/** The data directory's sealing key, made (32 random bytes, readable by its owner only) if missing. */
export const dataDirSealingKey = (dataDir: string): Buffer => {
  const path = join(dataDir, SEALING_KEY_FILE);
  try {
    writeFileSync(path, randomBytes(SEALING_KEY_BYTES).toString('base64') + '\n', {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== SEALING_KEY_BYTES)
    throw new Error(
      `${path} must hold the base64 of ${SEALING_KEY_BYTES} bytes (the webhook secrets' sealing key)`,
    );
  return key;
};

export interface WebhookWiring {
  readonly store: EventStore;
  /** The read-model database's webhook store and consumer checkpoints. */
  readonly webhooks: WebhookStore;
  readonly checkpoints: CheckpointStore;
  /** Where the sealing key is kept when the configuration names none. */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly config?: Partial<WebhookConfig> | undefined;
  /** Told of a delivery's or the registry's failure (the server logs it). */
  readonly onError?: ((error: unknown, webhookId?: string) => void) | undefined;
}

export const openWebhooks = ({
  store,
  webhooks,
  checkpoints,
  dataDir,
  clock,
  ids,
  config,
  onError,
}: WebhookWiring): Webhooks => {
  const { allowPrivate, timeoutMs, giveUpAfterMs, sealingKey } = { ...DEFAULT_WEBHOOK_CONFIG, ...config };
  const key = sealingKey ?? dataDirSealingKey(dataDir);
  const sealed = sealedSecrets(webhooks, key);
  const service = createWebhooks({
    store,
    webhooks: sealed,
    checkpoints,
    clock,
    ids,
    send: createWebhookSender({ allowPrivate }),
    toBody: (event) => JSON.stringify(toCloudEvent(event)),
    checkTarget: webhookTargetCheck(allowPrivate),
    timeoutMs,
    retry: { giveUpAfterMs },
    ...(onError === undefined ? {} : { onError }),
  });
  // Before the first use: the secrets an earlier version kept in plain text sealed, the webhooks
  // it kept in webhooks.sqlite beside PostgreSQL brought in.
  return afterOnce(service, async () => {
    await sealPlainSecrets(webhooks, key);
    await importLegacyWebhooks(dataDir, sealed, checkpoints);
  });
};
