// Webhooks and their recent delivery attempts in the PostgreSQL read-model database, so every
// API server on it sees the same webhooks (the SQLite store's twin: adapters/sqlite/webhook-store.ts).
// The tables are made on first use, under an advisory lock so servers starting together agree.
// The attempts are a bounded log: each new one drops what is older than the most recent `keep`
// of its webhook. Positions and sequence numbers travel as text: a BIGINT through a JS number
// would lose digits past 2^53.
import {
  DEFAULT_KEPT_ATTEMPTS,
  type DeliveryAttempt,
  type StoredDeliveryAttempt,
  type WebhookStore,
} from '../../src/ports.js';
import { webhookOfRow, type WebhookRow } from '../../src/consumers/webhooks/webhook-row.js';
import { inTransaction, type PostgresReadModelDatabase } from './read-model-database.js';

/** Another key than the migrations' (0x4b415245_0001): the webhook tables have their own. */
const WEBHOOK_TABLES_LOCK = 0x4b415245_0057n;

const TABLES = `
  CREATE TABLE IF NOT EXISTS webhooks (
    id              TEXT COLLATE "C" PRIMARY KEY,
    url             TEXT NOT NULL,
    filter          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('active', 'paused', 'disabled')),
    disabled_reason TEXT,
    created_at      TEXT COLLATE "C" NOT NULL,
    updated_at      TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id  TEXT COLLATE "C" NOT NULL,
    event_id    TEXT    NOT NULL,
    event_type  TEXT    NOT NULL,
    position    BIGINT  NOT NULL,
    attempt     INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    ok          BOOLEAN NOT NULL,
    status      INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, seq);
  -- Added after the table: a database made by an earlier version gets the column here.
  ALTER TABLE webhooks ADD COLUMN IF NOT EXISTS replay_from BIGINT;`;

interface AttemptRow {
  seq: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  position: string;
  attempt: number;
  at: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

const WEBHOOK_COLUMNS = `id, url, filter, secret, state, disabled_reason, created_at, updated_at,
  replay_from::text AS replay_from`;

const attemptOf = (row: AttemptRow): StoredDeliveryAttempt => ({
  seq: BigInt(row.seq),
  webhookId: row.webhook_id,
  eventId: row.event_id,
  eventType: row.event_type,
  position: BigInt(row.position),
  attempt: row.attempt,
  at: row.at,
  ok: row.ok,
  ...(row.status === null ? {} : { status: row.status }),
  ...(row.error === null ? {} : { error: row.error }),
  durationMs: row.duration_ms,
});

const ATTEMPT_COLUMNS = `seq::text AS seq, webhook_id, event_id, event_type, position::text AS position,
  attempt, at, ok, status, error, duration_ms`;

export const createPostgresWebhookStore = (
  db: PostgresReadModelDatabase,
  keep: number = DEFAULT_KEPT_ATTEMPTS,
): WebhookStore => {
  let made: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    made ??= inTransaction(db, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [WEBHOOK_TABLES_LOCK.toString()]);
      await client.query(TABLES);
    }).catch((error: unknown) => {
      made = undefined; // the next call tries again: the server may be back
      throw error;
    });
    return made;
  };
  const byId = async (id: string): Promise<WebhookRow | undefined> => {
    await ready();
    const result = await db.pool.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1`, [
      id,
    ]);
    return result.rows[0];
  };

  return {
    create: async (webhook) => {
      await ready();
      await db.pool.query(
        `INSERT INTO webhooks
           (id, url, filter, secret, state, disabled_reason, created_at, updated_at, replay_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint)`,
        [
          webhook.id,
          webhook.url,
          JSON.stringify(webhook.filter),
          webhook.secret,
          webhook.state,
          webhook.disabledReason ?? null,
          webhook.createdAt,
          webhook.updatedAt,
          webhook.replayFrom?.toString() ?? null,
        ],
      );
    },
    get: async (id) => {
      const row = await byId(id);
      return row === undefined ? undefined : webhookOfRow(row);
    },
    list: async () => {
      await ready();
      const result = await db.pool.query<WebhookRow>(
        `SELECT ${WEBHOOK_COLUMNS} FROM webhooks ORDER BY created_at, id`,
      );
      return result.rows.map(webhookOfRow);
    },
    update: async (id, next) => {
      await ready();
      // One statement: a change made by another server between a read and a write is not lost.
      const result = await db.pool.query<WebhookRow>(
        `UPDATE webhooks SET
           url = coalesce($2, url),
           filter = coalesce($3, filter),
           state = coalesce($4, state),
           disabled_reason = CASE WHEN coalesce($4, state) = 'disabled' THEN coalesce($5, disabled_reason) END,
           updated_at = $6,
           secret = coalesce($7, secret),
           replay_from = coalesce($8::bigint, replay_from)
         WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`,
        [
          id,
          next.url ?? null,
          next.filter === undefined ? null : JSON.stringify(next.filter),
          next.state ?? null,
          next.disabledReason ?? null,
          next.updatedAt,
          next.secret ?? null,
          next.replayFrom?.toString() ?? null,
        ],
      );
      const row = result.rows[0];
      return row === undefined ? undefined : webhookOfRow(row);
    },
    clearReplay: async (id, from) => {
      await ready();
      const result = await db.pool.query(
        'UPDATE webhooks SET replay_from = NULL WHERE id = $1 AND replay_from = $2::bigint',
        [id, from.toString()],
      );
      return (result.rowCount ?? 0) > 0;
    },
    remove: async (id) => {
      await ready();
      return inTransaction(db, async (client) => {
        await client.query('DELETE FROM webhook_deliveries WHERE webhook_id = $1', [id]);
        const removed = await client.query('DELETE FROM webhooks WHERE id = $1', [id]);
        return (removed.rowCount ?? 0) > 0;
      });
    },
    recordAttempt: async (a: DeliveryAttempt) => {
      await ready();
      await inTransaction(db, async (client) => {
        await client.query(
          `INSERT INTO webhook_deliveries
             (webhook_id, event_id, event_type, position, attempt, at, ok, status, error, duration_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            a.webhookId,
            a.eventId,
            a.eventType,
            a.position.toString(),
            a.attempt,
            a.at,
            a.ok,
            a.status ?? null,
            a.error ?? null,
            Math.round(a.durationMs),
          ],
        );
        // Everything of the webhook older than its `keep` most recent attempts.
        await client.query(
          `DELETE FROM webhook_deliveries WHERE webhook_id = $1 AND seq <= (
             SELECT seq FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)`,
          [a.webhookId, keep],
        );
      });
    },
    attempts: async (webhookId, { limit, before }) => {
      await ready();
      // The table's seq, not the text column of the same name the select answers with.
      const result = await db.pool.query<AttemptRow>(
        `SELECT ${ATTEMPT_COLUMNS} FROM webhook_deliveries
         WHERE webhook_id = $1 AND ($2::bigint IS NULL OR webhook_deliveries.seq < $2::bigint)
         ORDER BY webhook_deliveries.seq DESC LIMIT $3`,
        [webhookId, before === undefined ? null : before.toString(), limit + 1],
      );
      const items = result.rows.slice(0, limit).map(attemptOf);
      const last = items.at(-1);
      return result.rows.length > limit && last !== undefined ? { items, next: last.seq } : { items };
    },
  };
};
