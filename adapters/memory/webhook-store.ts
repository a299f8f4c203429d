// Webhooks and their recent delivery attempts in memory: for tests and examples.
import {
  DEFAULT_KEPT_ATTEMPTS,
  type DeliveryAttempt,
  type StoredDeliveryAttempt,
  type Webhook,
  type WebhookStore,
} from '../../src/ports.js';

export const createMemoryWebhookStore = (keep = DEFAULT_KEPT_ATTEMPTS): WebhookStore => {
  const webhooks = new Map<string, Webhook>();
  const attempts = new Map<string, StoredDeliveryAttempt[]>();
  let seq = 0n;
  return {
    create: async (webhook) => {
      if (webhooks.has(webhook.id)) throw new Error(`webhook ${webhook.id} exists already`);
      webhooks.set(webhook.id, webhook);
    },
    get: async (id) => webhooks.get(id),
    list: async () =>
      [...webhooks.values()].sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
      ),
    update: async (id, change) => {
      const before = webhooks.get(id);
      if (before === undefined) return undefined;
      const { disabledReason: _dropped, ...rest } = before;
      const state = change.state ?? before.state;
      const reason = state === 'disabled' ? (change.disabledReason ?? before.disabledReason) : undefined;
      const after: Webhook = {
        ...rest,
        ...(change.url === undefined ? {} : { url: change.url }),
        ...(change.filter === undefined ? {} : { filter: change.filter }),
        ...(change.secret === undefined ? {} : { secret: change.secret }),
        state,
        ...(reason === undefined ? {} : { disabledReason: reason }),
        updatedAt: change.updatedAt,
        ...(change.replayFrom === undefined ? {} : { replayFrom: change.replayFrom }),
      };
      webhooks.set(id, after);
      return after;
    },
    clearReplay: async (id, from) => {
      const webhook = webhooks.get(id);
      if (webhook?.replayFrom !== from) return false;
      const { replayFrom: _done, ...rest } = webhook;
      webhooks.set(id, rest);
      return true;
    },
    remove: async (id) => {
      attempts.delete(id);
      return webhooks.delete(id);
    },
    recordAttempt: async (attempt: DeliveryAttempt) => {
      seq += 1n;
      const kept = attempts.get(attempt.webhookId) ?? [];
      kept.push({ ...attempt, seq });
      if (kept.length > keep) kept.splice(0, kept.length - keep);
      attempts.set(attempt.webhookId, kept);
    },
    attempts: async (webhookId, { limit, before }) => {
      const newest = [...(attempts.get(webhookId) ?? [])]
        .reverse()
        .filter((a) => before === undefined || a.seq < before);
      const items = newest.slice(0, limit);
      const last = items.at(-1);
      return newest.length > limit && last !== undefined ? { items, next: last.seq } : { items };
    },
  };
};
