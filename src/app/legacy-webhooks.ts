// Before the webhook store had a PostgreSQL adapter, a server with its read models in PostgreSQL
// kept its webhooks in webhooks.sqlite in its data directory. On the first use of the webhooks
// after the upgrade, that file's webhooks (and where each had got to in the log) move into the
// read-model database, and the file is renamed webhooks.sqlite.imported: no webhook is lost and
// none is imported twice. The delivery attempts stay behind: they are a bounded recent log.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteCheckpointStore } from '../../adapters/sqlite/checkpoint-store.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { createSqliteWebhookStore } from '../../adapters/sqlite/webhook-store.js';
import { webhookConsumerName } from '../consumers/webhooks/webhook-consumer.js';
import type { Webhooks } from '../consumers/webhooks/webhooks.js';
import type { CheckpointStore, WebhookStore } from '../ports.js';

export const LEGACY_WEBHOOK_FILE = 'webhooks.sqlite';

/** Moves the webhooks of `dataDir`'s webhooks.sqlite, if there is one, into `webhooks`. */
export const importLegacyWebhooks = async (
  dataDir: string,
  webhooks: WebhookStore,
  checkpoints: CheckpointStore,
): Promise<number> => {
  const path = join(dataDir, LEGACY_WEBHOOK_FILE);
  if (!existsSync(path)) return 0;
  const db = openReadModelDatabase(path);
  let imported = 0;
  try {
    const legacy = createSqliteWebhookStore(db);
    const legacyCheckpoints = createSqliteCheckpointStore(db);
    for (const webhook of await legacy.list()) {
      // Another server on the same database may have imported its own copy already.
      if ((await webhooks.get(webhook.id)) !== undefined) continue;
      const name = webhookConsumerName(webhook.id);
      const position = await legacyCheckpoints.load(name);
      if (position !== undefined)
        await checkpoints.save(name, position, await legacyCheckpoints.issuer?.(name));
      await webhooks.create(webhook);
      imported += 1;
    }
  } finally {
    db.close();
  }
  renameSync(path, `${path}.imported`);
  return imported;
};

/** `webhooks` whose every use waits for `before` to have run once (and tries again if it failed). */
export const afterOnce = (webhooks: Webhooks, before: () => Promise<unknown>): Webhooks => {
  let done: Promise<unknown> | undefined;
  const ready = (): Promise<unknown> =>
    (done ??= before().catch((error: unknown) => {
      done = undefined;
      throw error;
    }));
  const first =
    <A extends unknown[], R>(use: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await ready();
      return use(...args);
    };
  return {
    register: first(webhooks.register),
    list: first(webhooks.list),
    get: first(webhooks.get),
    change: first(webhooks.change),
    remove: first(webhooks.remove),
    deliveries: first(webhooks.deliveries),
    replay: first(webhooks.replay),
    start: first(webhooks.start),
    stop: webhooks.stop,
    status: webhooks.status,
  };
};
