// The webhook store contract against the memory store, the SQLite read-model database and the
// PostgreSQL one (in a database of its own, hooks_…, dropped afterwards), and what the
// stored ones add: webhooks and their attempts survive a reopen, and on PostgreSQL a second
// server on the same database sees what the first wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryWebhookStore } from '../../../../adapters/memory/webhook-store.js';
import { createPostgresWebhookStore } from '../../../../adapters/postgres/webhook-store.js';
import { openReadModelDatabase } from '../../../../adapters/sqlite/read-model-database.js';
import { createSqliteWebhookStore } from '../../../../adapters/sqlite/webhook-store.js';
import { scratchDatabase, scratchName, withPostgres } from '../../../adapters/postgres/postgres-fixture.js';
import { webhookStoreContract } from '../../../contracts/webhook-store.contract.js';

webhookStoreContract({
  name: 'memory',
  create: async (keep) => ({ store: createMemoryWebhookStore(keep), cleanup: async () => undefined }),
});

webhookStoreContract({
  name: 'sqlite',
  create: async (keep) => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-webhooks-'));
    const db = openReadModelDatabase(join(dir, 'read.sqlite'));
    return {
      store: createSqliteWebhookStore(db, keep),
      cleanup: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

/** The webhooks table as versions before replay requests made it. */
const TABLE_BEFORE_REPLAY_FROM = `CREATE TABLE webhooks (
  id TEXT PRIMARY KEY, url TEXT NOT NULL, filter TEXT NOT NULL, secret TEXT NOT NULL,
  state TEXT NOT NULL, disabled_reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
INSERT INTO webhooks VALUES ('old', 'https://example.com/old', '{}',
  'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'active', NULL, '2026-05-04T09:00:00.000Z',
  '2026-05-04T09:00:00.000Z');`;

describe('SQLite webhook store', () => {
  it('adds the replay column to a table an earlier version made, its webhooks kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-webhooks-'));
    const db = openReadModelDatabase(join(dir, 'read.sqlite'));
    try {
      db.exec(TABLE_BEFORE_REPLAY_FROM);
      const store = createSqliteWebhookStore(db);
      expect(await store.get('old')).not.toHaveProperty('replayFrom');
      await store.update('old', { replayFrom: 2n ** 60n, updatedAt: '2026-05-04T10:00:00.000Z' });
      expect((await createSqliteWebhookStore(db).get('old'))?.replayFrom).toBe(2n ** 60n);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps webhooks and their attempts across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-webhooks-'));
    const path = join(dir, 'read.sqlite');
    try {
      const first = openReadModelDatabase(path);
      const store = createSqliteWebhookStore(first);
      await store.create({
        id: 'w1',
        url: 'https://example.com/hook',
        filter: { types: ['AccountLost'] },
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        state: 'active',
        createdAt: '2026-05-04T09:00:00.000Z',
        updatedAt: '2026-05-04T09:00:00.000Z',
      });
      await store.recordAttempt({
        webhookId: 'w1',
        eventId: 'e1',
        eventType: 'AccountLost',
        position: 2n ** 60n,
        attempt: 1,
        at: '2026-05-04T09:00:01.000Z',
        ok: true,
        status: 200,
        durationMs: 3,
      });
      first.close();
      const again = createSqliteWebhookStore(openReadModelDatabase(path));
      expect((await again.get('w1'))?.filter).toEqual({ types: ['AccountLost'] });
      expect((await again.attempts('w1', { limit: 1 })).items[0]?.position).toBe(2n ** 60n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A database of this suite's own on the test server, made on first use and dropped after. */
const ownDatabase = (serverUrl: string) => {
  const name = scratchName('hooks_webhook_store');
  let made: Promise<string> | undefined;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url: (): Promise<string> =>
      (made ??= admin((client) => client.query(`CREATE DATABASE "${name}"`)).then(() => {
        const url = new URL(serverUrl);
        url.pathname = `/${name}`;
        return url.toString();
      })),
    drop: async (): Promise<void> => {
      if (made !== undefined)
        await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};

withPostgres((serverUrl) => {
  const database = ownDatabase(serverUrl);
  afterAll(() => database.drop());

  webhookStoreContract({
    name: 'postgres',
    create: async (keep) => {
      const scratch = await scratchDatabase(await database.url());
      return { store: createPostgresWebhookStore(scratch.db, keep), cleanup: scratch.drop };
    },
  });

  describe('PostgreSQL webhook store', () => {
    it('shows a second server what the first registered, changed and recorded, across a reopen', async () => {
      const scratch = await scratchDatabase(await database.url());
      try {
        const first = createPostgresWebhookStore(scratch.db);
        const second = createPostgresWebhookStore(scratch.open());
        await first.create({
          id: 'w1',
          url: 'https://example.com/hook',
          filter: { types: ['AccountLost'] },
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          state: 'active',
          createdAt: '2026-05-04T09:00:00.000Z',
          updatedAt: '2026-05-04T09:00:00.000Z',
        });
        await second.update('w1', { state: 'paused', updatedAt: '2026-05-04T10:00:00.000Z' });
        await second.recordAttempt({
          webhookId: 'w1',
          eventId: 'e1',
          eventType: 'AccountLost',
          position: 2n ** 60n,
          attempt: 1,
          at: '2026-05-04T09:00:01.000Z',
          ok: true,
          status: 200,
          durationMs: 3,
        });
        const reopened = createPostgresWebhookStore(scratch.open());
        expect(await reopened.get('w1')).toMatchObject({
          state: 'paused',
          filter: { types: ['AccountLost'] },
        });
        expect((await first.attempts('w1', { limit: 1 })).items[0]?.position).toBe(2n ** 60n);
      } finally {
        await scratch.drop();
      }
    });

    it('adds the replay column to a table an earlier version made, its webhooks kept', async () => {
      const scratch = await scratchDatabase(await database.url());
      try {
        await scratch.db.pool.query(TABLE_BEFORE_REPLAY_FROM);
        const store = createPostgresWebhookStore(scratch.db);
        expect(await store.get('old')).not.toHaveProperty('replayFrom');
        await store.update('old', { replayFrom: 2n ** 60n, updatedAt: '2026-05-04T10:00:00.000Z' });
        expect((await createPostgresWebhookStore(scratch.open()).get('old'))?.replayFrom).toBe(2n ** 60n);
      } finally {
        await scratch.drop();
      }
    });

    it('makes its tables once when several servers start on an empty database together', async () => {
      const scratch = await scratchDatabase(await database.url());
      try {
        const stores = [scratch.db, scratch.open(), scratch.open()].map((db) =>
          createPostgresWebhookStore(db),
        );
        expect(await Promise.all(stores.map((store) => store.list()))).toEqual([[], [], []]);
      } finally {
        await scratch.drop();
      }
    });
  });
});
