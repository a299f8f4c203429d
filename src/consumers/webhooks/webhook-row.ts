// A webhook as both SQL webhook stores keep it (adapters/sqlite|postgres/webhook-store.ts): one
// row, the filter as JSON, the replay position as the driver gives a BIGINT (a bigint with safe
// integers, its text from PostgreSQL; null when no replay is asked for).
import type { EventFilter, Webhook, WebhookState } from '../../ports.js';

export interface WebhookRow {
  id: string;
  url: string;
  filter: string;
  secret: string;
  state: WebhookState;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
  replay_from: bigint | string | null;
}

export const webhookOfRow = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  filter: JSON.parse(row.filter) as EventFilter,
  secret: row.secret,
  state: row.state,
  ...(row.disabled_reason === null ? {} : { disabledReason: row.disabled_reason }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.replay_from === null ? {} : { replayFrom: BigInt(row.replay_from) }),
});
