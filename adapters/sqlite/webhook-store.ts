// Webhooks and their recent delivery attempts in the read-model database, beside the consumers'
// checkpoints. The attempts are a bounded log: each new one drops what is older than the most
// recent `keep` of its webhook, so a target that fails for a day costs a fixed amount of disk.
import type Database from 'better-sqlite3';
import {
  DEFAULT_KEPT_ATTEMPTS,
  type DeliveryAttempt,
  type StoredDeliveryAttempt,
  type WebhookStore,
} from '../../src/ports.js';
import { webhookOfRow, type WebhookRow } from '../../src/consumers/webhooks/webhook-row.js';

interface AttemptRow {
  // Read with safe integers: every number comes back a bigint.
  seq: bigint;
  webhook_id: string;
  event_id: string;
  event_type: string;
  position: bigint;
  attempt: bigint;
  at: string;
  ok: bigint;
  status: bigint | null;
  error: string | null;
  duration_ms: bigint;
}

const attemptOf = (row: AttemptRow): StoredDeliveryAttempt => ({
  seq: BigInt(row.seq),
  webhookId: row.webhook_id,
  eventId: row.event_id,
  eventType: row.event_type,
  position: BigInt(row.position),
  attempt: Number(row.attempt),
  at: row.at,
  ok: Number(row.ok) === 1,
  ...(row.status === null ? {} : { status: Number(row.status) }),
  ...(row.error === null ? {} : { error: row.error }),
  durationMs: Number(row.duration_ms),
});

export const createSqliteWebhookStore = (
  db: Database.Database,
  keep: number = DEFAULT_KEPT_ATTEMPTS,
): WebhookStore => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS webhooks (
      id              TEXT PRIMARY KEY,
      url             TEXT NOT NULL,
      filter          TEXT NOT NULL,
      secret          TEXT NOT NULL,
      state           TEXT NOT NULL,
      disabled_reason TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS webhook_deliveries (
      seq         INTEGER PRIMARY KEY AUTOINCREMENT,
      webhook_id  TEXT    NOT NULL,
      event_id    TEXT    NOT NULL,
      event_type  TEXT    NOT NULL,
      position    INTEGER NOT NULL,
      attempt     INTEGER NOT NULL,
      at          TEXT    NOT NULL,
      ok          INTEGER NOT NULL,
      status      INTEGER,
      error       TEXT,
      duration_ms INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, seq);
  `);
  // Added after the table: a database made by an earlier version gets the column on opening.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(webhooks)').all();
  if (!columns.some((column) => column.name === 'replay_from'))
    db.exec('ALTER TABLE webhooks ADD COLUMN replay_from INTEGER');
  const insert = db.prepare(
    `INSERT INTO webhooks
       (id, url, filter, secret, state, disabled_reason, created_at, updated_at, replay_from)
     VALUES (@id, @url, @filter, @secret, @state, @disabled_reason, @created_at, @updated_at, @replay_from)`,
  );
  const byId = db.prepare<[string], WebhookRow>('SELECT * FROM webhooks WHERE id = ?');
  byId.safeIntegers(true);
  const all = db.prepare<[], WebhookRow>('SELECT * FROM webhooks ORDER BY created_at, id');
  all.safeIntegers(true);
  const change = db.prepare(
    `UPDATE webhooks SET url = @url, filter = @filter, secret = @secret, state = @state,
       disabled_reason = @disabled_reason, updated_at = @updated_at, replay_from = @replay_from
     WHERE id = @id`,
  );
  const replayDone = db.prepare('UPDATE webhooks SET replay_from = NULL WHERE id = ? AND replay_from = ?');
  const dropWebhook = db.prepare('DELETE FROM webhooks WHERE id = ?');
  const dropAttempts = db.prepare('DELETE FROM webhook_deliveries WHERE webhook_id = ?');
  const record = db.prepare(
    `INSERT INTO webhook_deliveries
       (webhook_id, event_id, event_type, position, attempt, at, ok, status, error, duration_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Everything of the webhook older than its `keep` most recent attempts.
  const prune = db.prepare(
    `DELETE FROM webhook_deliveries WHERE webhook_id = ? AND seq <= (
       SELECT seq FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
  );
  const page = db.prepare<[string, bigint | null, bigint | null, number], AttemptRow>(
    `SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND (? IS NULL OR seq < ?)
     ORDER BY seq DESC LIMIT ?`,
  );
  page.safeIntegers(true);

  const remove = db.transaction((id: string) => {
    dropAttempts.run(id);
    return dropWebhook.run(id).changes > 0;
  });
  const recordAttempt = db.transaction((a: DeliveryAttempt) => {
    record.run(
      a.webhookId,
      a.eventId,
      a.eventType,
      a.position,
      a.attempt,
      a.at,
      a.ok ? 1 : 0,
      a.status ?? null,
      a.error ?? null,
      a.durationMs,
    );
    prune.run(a.webhookId, a.webhookId, keep);
  });

  return {
    create: async (webhook) => {
      insert.run({
        id: webhook.id,
        url: webhook.url,
        filter: JSON.stringify(webhook.filter),
        secret: webhook.secret,
        state: webhook.state,
        disabled_reason: webhook.disabledReason ?? null,
        created_at: webhook.createdAt,
        updated_at: webhook.updatedAt,
        replay_from: webhook.replayFrom ?? null,
      });
    },
    get: async (id) => {
      const row = byId.get(id);
      return row === undefined ? undefined : webhookOfRow(row);
    },
    list: async () => all.all().map(webhookOfRow),
    update: async (id, next) => {
      const row = byId.get(id);
      if (row === undefined) return undefined;
      const state = next.state ?? row.state;
      change.run({
        id,
        url: next.url ?? row.url,
        filter: next.filter === undefined ? row.filter : JSON.stringify(next.filter),
        secret: next.secret ?? row.secret,
        state,
        disabled_reason: state === 'disabled' ? (next.disabledReason ?? row.disabled_reason) : null,
        updated_at: next.updatedAt,
        replay_from: next.replayFrom ?? row.replay_from,
      });
      return webhookOfRow(byId.get(id)!);
    },
    clearReplay: async (id, from) => replayDone.run(id, from).changes > 0,
    remove: async (id) => remove(id),
    recordAttempt: async (attempt) => recordAttempt(attempt),
    attempts: async (webhookId, { limit, before }) => {
      const rows = page.all(webhookId, before ?? null, before ?? null, limit + 1);
      const items = rows.slice(0, limit).map(attemptOf);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined ? { items, next: last.seq } : { items };
    },
  };
};
