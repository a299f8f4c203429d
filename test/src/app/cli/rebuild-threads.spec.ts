// `kare rebuild` over worker threads: each share rebuilt in a thread of its own, through the
// engine the thread opens; a share that fails is named, the others are swapped in all the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteProjectionStorage } from '../../../../adapters/sqlite/projection-storage.js';
import { loadConfig } from '../../../../src/app/config.js';
import { openEngine } from '../../../../src/app/open-engine.js';
import { RebuildFailed, rebuildInThreads } from '../../../../src/app/cli/rebuild-threads.js';
import { MIN_ACCOUNTS } from '../../../../demo/demo-book.js';
import { BOOK_DAY, removeDir, servedRows, tempDir } from '../../../demo/demo-fixture.js';
import { kare } from './cli-harness.js';

/** Each projection's live build: which one, of which version, where. */
const liveBuilds = async (dir: string) => {
  const engine = openEngine({ dataDir: dir });
  try {
    const storage = createSqliteProjectionStorage(engine.readDb);
    const names = engine.projector.names;
    const builds = await Promise.all(names.map(async (name) => (await storage.builds(name)).live));
    return Object.fromEntries(names.map((name, i) => [name, builds[i]]));
  } finally {
    await engine.close();
  }
};

describe('rebuilding in threads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('cli-threads');
    await kare(dir, ['demo', '--as-of', BOOK_DAY, '--accounts', String(MIN_ACCOUNTS)]);
  }, 60_000);
  afterAll(() => removeDir(dir));

  it('kare rebuild all --threads 3 rebuilds every projection anew, with the same read models', async () => {
    const engine = openEngine({ dataDir: dir });
    const before = await servedRows(engine);
    await engine.close();
    const buildsBefore = await liveBuilds(dir);

    const { code, stdout } = await kare(dir, ['rebuild', 'all', '--threads', '3']);
    expect(code).toBe(0);
    expect(stdout).toContain('Rebuilt stock-coverage');

    const buildsAfter = await liveBuilds(dir);
    for (const [name, build] of Object.entries(buildsAfter)) {
      expect(build?.build, name).not.toBe(buildsBefore[name]?.build);
      expect(build?.position, name).toBe(buildsBefore[name]?.position);
    }
    const again = openEngine({ dataDir: dir });
    expect(await servedRows(again)).toEqual(before);
    await again.close();
  }, 60_000);

  it('names the share that failed, and swaps the others in', async () => {
    const buildsBefore = await liveBuilds(dir);
    const config = loadConfig({ KARE_DATA_DIR: dir });
    const rebuilt = rebuildInThreads([['group'], ['no-such-projection']], {
      config,
      batchSize: 1000,
      heldBytes: 64 * 1024 * 1024,
    });
    await expect(rebuilt).rejects.toThrow(RebuildFailed);
    await expect(rebuilt).rejects.toThrow(
      /^The rebuild failed for no-such-projection: Unknown projection "no-such-projection"/,
    );
    const buildsAfter = await liveBuilds(dir);
    expect(buildsAfter['group']?.build).not.toBe(buildsBefore['group']?.build);
    expect(buildsAfter['tier-status']?.build).toBe(buildsBefore['tier-status']?.build);
  }, 60_000);

  it('refuses --threads 0 or not a number (exit 2)', async () => {
    for (const threads of ['0', 'two']) {
      const { code, stderr } = await kare(dir, ['rebuild', 'all', '--threads', threads]);
      expect(code, threads).toBe(2);
      expect(stderr).toContain('--threads');
    }
  });
});
