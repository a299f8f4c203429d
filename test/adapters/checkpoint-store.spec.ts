// The checkpoint store contract against the memory store and the SQLite read-model database,
// and what the SQLite one adds: checkpoints survive a reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../adapters/memory/checkpoint-store.js';
import { createSqliteCheckpointStore } from '../../adapters/sqlite/checkpoint-store.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { checkpointStoreContract } from '../contracts/checkpoint-store.contract.js';

checkpointStoreContract({
  name: 'memory',
  create: async () => ({ store: createMemoryCheckpointStore(), cleanup: async () => undefined }),
});

checkpointStoreContract({
  name: 'sqlite',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-checkpoints-'));
    const db = openReadModelDatabase(join(dir, 'read.sqlite'));
    return {
      store: createSqliteCheckpointStore(db),
      cleanup: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite checkpoint store', () => {
  it('keeps checkpoints across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kare-checkpoints-'));
    const path = join(dir, 'read.sqlite');
    try {
      const first = openReadModelDatabase(path);
      await createSqliteCheckpointStore(first).save('process:account-lost', 2n ** 60n);
      first.close();
      const again = openReadModelDatabase(path);
      expect(await createSqliteCheckpointStore(again).load('process:account-lost')).toBe(2n ** 60n);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
