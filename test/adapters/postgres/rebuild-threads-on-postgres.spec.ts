// `kare rebuild all --threads 2` with the read models in PostgreSQL: each thread opens its own
// pool, rebuilds its share beside the live builds and swaps it in; an analyst reads the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresProjectionStorage } from '../../../adapters/postgres/projection-storage.js';
import { openPostgresReadModelDatabase } from '../../../adapters/postgres/read-model-database.js';
import { MIN_ACCOUNTS } from '../../../demo/demo-book.js';
import { loadConfig } from '../../../src/app/config.js';
import { openConfiguredEngine } from '../../../src/app/open-engine.js';
import { BOOK_DAY, removeDir, servedRows, tempDir } from '../../demo/demo-fixture.js';
import { kare } from '../../src/app/cli/cli-harness.js';
import { serverDatabase, withPostgres } from './postgres-fixture.js';

withPostgres((url) => {
  describe('kare rebuild in threads, on PostgreSQL', () => {
    const database = serverDatabase(url, 'kare_rebuild_threads');
    const env = { KARE_READ_DB: database.url };
    let dir: string;

    const served = async () => {
      const engine = await openConfiguredEngine(loadConfig({ KARE_DATA_DIR: dir, ...env }));
      try {
        return await servedRows(engine);
      } finally {
        await engine.close();
      }
    };

    const liveBuilds = async () => {
      const db = openPostgresReadModelDatabase({ connectionString: database.url });
      try {
        const storage = createPostgresProjectionStorage(db);
        const engine = await openConfiguredEngine(loadConfig({ KARE_DATA_DIR: dir, ...env }));
        const names = engine.projector.names;
        await engine.close();
        return Object.fromEntries(
          await Promise.all(names.map(async (name) => [name, (await storage.builds(name)).live] as const)),
        );
      } finally {
        await db.close();
      }
    };

    beforeAll(async () => {
      await database.create();
      dir = tempDir('pg-rebuild-threads');
      const loaded = await kare(dir, ['demo', '--as-of', BOOK_DAY, '--accounts', String(MIN_ACCOUNTS)], {
        env,
      });
      expect(loaded.code, loaded.stderr).toBe(0);
    }, 120_000);
    afterAll(async () => {
      removeDir(dir);
      await database.drop();
    });

    it('rebuilds every projection anew, with the same read models', async () => {
      const before = await served();
      const buildsBefore = await liveBuilds();

      const { code, stdout, stderr } = await kare(dir, ['rebuild', 'all', '--threads', '2'], { env });
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('Rebuilt account-risk');

      const buildsAfter = await liveBuilds();
      for (const [name, build] of Object.entries(buildsAfter)) {
        expect(build?.build, name).not.toBe(buildsBefore[name]?.build);
        expect(build?.position, name).toBe(buildsBefore[name]?.position);
      }
      expect(await served()).toEqual(before);
    }, 120_000);
  });
});
