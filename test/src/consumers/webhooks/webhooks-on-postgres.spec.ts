// With the read models in PostgreSQL the webhooks are there too: two servers (two data
// directories, one database of this suite's own, workbench_…) see the same webhooks and the
// changes either makes, with their secrets sealed in the table under the key they share; a
// server with another key says so instead of signing with garbage; no webhooks.sqlite is made,
// and one left by an earlier version (webhooks beside PostgreSQL in SQLite) is imported once.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadModelDatabase } from '../../../../adapters/sqlite/read-model-database.js';
import { createSqliteCheckpointStore } from '../../../../adapters/sqlite/checkpoint-store.js';
import { createSqliteWebhookStore } from '../../../../adapters/sqlite/webhook-store.js';
import { loadConfig } from '../../../../src/app/config.js';
import { openConfiguredEngine, type OpenedEngine } from '../../../../src/app/open-engine.js';
import { SEALED_PREFIX } from '../../../../src/consumers/webhooks/sealed-secrets.js';
import { serverDatabase, withPostgres } from '../../../adapters/postgres/postgres-fixture.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

withPostgres((serverUrl) => {
  describe('webhooks shared by the servers on one PostgreSQL read-model database', () => {
    const database = serverDatabase(serverUrl, 'workbench_webhooks_engine');
    const key = randomBytes(32).toString('base64');
    const dirs: string[] = [];
    const engines: OpenedEngine[] = [];
    const newDataDir = (): string => {
      const dataDir = mkdtempSync(join(tmpdir(), 'kare-webhooks-pg-'));
      dirs.push(dataDir);
      return dataDir;
    };
    const server = async (sealingKey = key, dataDir = newDataDir()): Promise<OpenedEngine> => {
      const engine = await openConfiguredEngine(
        loadConfig({
          KARE_DATA_DIR: dataDir,
          KARE_READ_DB: database.url,
          KARE_SQLITE_SYNC: 'normal',
          KARE_WEBHOOKS_ALLOW_PRIVATE: 'true',
          KARE_WEBHOOKS_SECRET_KEY: sealingKey,
        }),
      );
      engines.push(engine);
      return engine;
    };

    beforeAll(() => database.create());
    afterAll(async () => {
      await Promise.all(engines.map((engine) => engine.close()));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await database.drop();
    });

    it('shows a webhook registered on one server, and a pause made on the other, to both', async () => {
      const first = await server();
      const second = await server();
      const registered = await first.webhooks.register({
        url: 'http://127.0.0.1:9/hook',
        types: ['AccountLost'],
        secret: SECRET,
      });
      if (E.isLeft(registered)) throw new Error(registered.left.message);
      const id = registered.right.id;
      expect((await second.webhooks.list()).map((each) => [each.id, each.secret, each.state])).toEqual([
        [id, SECRET, 'active'],
      ]);
      const paused = await second.webhooks.change(id, { state: 'paused' });
      expect(E.isRight(paused)).toBe(true);
      expect((await first.webhooks.get(id))?.state).toBe('paused');
      // Where a new webhook starts in the log is a checkpoint both servers read.
      expect((await second.webhooks.get(id))?.position).toBe(registered.right.position);

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const rows = await client.query<{ secret: string }>('SELECT secret FROM webhooks');
        expect(rows.rows).toHaveLength(1);
        expect(rows.rows[0]!.secret.startsWith(SEALED_PREFIX)).toBe(true);
        expect(rows.rows[0]!.secret).not.toContain(SECRET.slice('whsec_'.length));
      } finally {
        await client.end();
      }
      for (const dir of dirs) expect(existsSync(join(dir, 'webhooks.sqlite'))).toBe(false);
    });

    it('imports the webhooks an earlier version kept in webhooks.sqlite beside PostgreSQL, once', async () => {
      const dataDir = newDataDir();
      const legacyFile = join(dataDir, 'webhooks.sqlite');
      const legacy = openReadModelDatabase(legacyFile);
      await createSqliteWebhookStore(legacy).create({
        id: 'legacy-1',
        url: 'http://127.0.0.1:9/old',
        filter: { categories: ['account'] },
        secret: SECRET,
        state: 'paused',
        createdAt: '2026-05-04T09:00:00.000Z',
        updatedAt: '2026-05-04T09:00:00.000Z',
      });
      await createSqliteCheckpointStore(legacy).save('webhook:legacy-1', 2n ** 60n);
      legacy.close();
      const upgraded = await server(key, dataDir);
      const imported = await upgraded.webhooks.get('legacy-1');
      expect(imported).toMatchObject({ secret: SECRET, state: 'paused', position: 2n ** 60n });
      expect(existsSync(legacyFile)).toBe(false);
      expect(existsSync(`${legacyFile}.imported`)).toBe(true);
      // Every server on the database sees it, and a restart does not import it again.
      expect((await (await server()).webhooks.list()).map((each) => each.id)).toContain('legacy-1');
    });

    it('refuses to read the secrets with another key, naming the setting to share', async () => {
      const stranger = await server(randomBytes(32).toString('base64'));
      await expect(stranger.webhooks.list()).rejects.toThrow(/KARE_WEBHOOKS_SECRET_KEY/);
    });
  });
});
