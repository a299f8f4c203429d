// The webhook store contract against the memory store and the SQLite read-model database, and
// what the SQLite one adds: webhooks and their attempts survive a reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryWebhookStore } from '../../../../adapters/memory/webhook-store.js';
import { openReadModelDatabase } from '../../../../adapters/sqlite/read-model-database.js';
import { createSqliteWebhookStore } from '../../../../adapters/sqlite/webhook-store.js';
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

describe('SQLite webhook store', () => {
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
