// The projection storage contract (partitions of a build) on SQLite (a file per test) and on
// PostgreSQL (a schema per test; without KARE_TEST_POSTGRES_URL its part fails, saying so).
import type Database from 'better-sqlite3';
import { createPostgresProjectionStorage } from '../../adapters/postgres/projection-storage.js';
import { createSqliteProjectionStorage } from '../../adapters/sqlite/projection-storage.js';
import { openReadModelDatabase } from '../../adapters/sqlite/read-model-database.js';
import { projectionStorageContract } from '../contracts/projection-storage.contract.js';
import { tempDir } from '../src/consumers/projector/fixtures.js';
import { scratchDatabase, withPostgres } from './postgres/postgres-fixture.js';

projectionStorageContract({
  name: 'sqlite',
  concurrentTransactions: false,
  create: async () => {
    const dir = tempDir();
    const path = dir.path('read.sqlite');
    const connections: Database.Database[] = [];
    const connect = () => {
      const db = openReadModelDatabase(path);
      connections.push(db);
      return createSqliteProjectionStorage(db);
    };
    return {
      storage: connect(),
      connect,
      cleanup: async () => {
        for (const db of connections) db.close();
        dir.remove();
      },
    };
  },
});

withPostgres((url) => {
  projectionStorageContract({
    name: 'postgresql',
    concurrentTransactions: true,
    create: async () => {
      const scratch = await scratchDatabase(url);
      return {
        storage: createPostgresProjectionStorage(scratch.db),
        connect: () => createPostgresProjectionStorage(scratch.open()),
        cleanup: () => scratch.drop(),
      };
    },
  });
});
