// kare anchor and the anchor options of kare verify and kare serve: what they print, and the usage
// errors (exit 2) of a root that is no root or a root with a stream id.
import { v4 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/app/config.js';
import { openEngine } from '../../../../src/app/open-engine.js';
import { serve } from '../../../../src/app/serve.js';
import { removeDir, tempDir } from '../../../demo/demo-fixture.js';
import { commands } from '../../../domain/account/builders.js';
import { kare } from './cli-harness.js';

const register = async (dir: string, accountId: string): Promise<void> => {
  const engine = openEngine({ dataDir: dir, sqliteSync: 'normal' });
  try {
    const outcome = await engine.handler.handle({
      aggregate: 'account',
      aggregateId: accountId,
      command: commands.register({ accountId }),
      commandId: uuid(),
    });
    expect(outcome.ok).toBe(true);
  } finally {
    await engine.close();
  }
};

describe('kare anchor', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = tempDir('cli-anchor');
    dirs.push(dir);
    return dir;
  };
  let dir: string;
  beforeAll(async () => {
    dir = fresh();
    await register(dir, 'a1');
  });
  afterAll(() => dirs.forEach(removeDir));

  it('says there is nothing to anchor in an empty store, and verify --anchor finds no anchor there', async () => {
    const empty = fresh();
    const run = await kare(empty, ['anchor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Nothing to anchor: sqlite:.* has no events\.\n$/);
    const verify = await kare(empty, ['verify', '--anchor', 'a'.repeat(64)]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('is not among the 0 anchors');
    expect(verify.stderr).toContain('there is no anchor');
  });

  it('anchors, prints the root, and writes nothing when nothing changed', async () => {
    const first = await kare(dir, ['anchor']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Anchored sqlite:.*: anchor #0 covers 1 streams through position \d+\. Root [0-9a-f]{64}\n$/,
    );
    const again = await kare(dir, ['anchor']);
    expect(again.stdout).toMatch(/^Nothing changed since the latest anchor: anchor #0 covers 1 streams/);
    const verify = await kare(dir, ['verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(
      /every hash chain holds, and every head anchor #0 recorded is there \(root [0-9a-f]{64}\)\.\n$/,
    );
  });

  it('refuses a root that is no root, or one given with a stream id (exit 2)', async () => {
    const bad = await kare(dir, ['verify', '--anchor', 'xyz']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--anchor must be a root');
    const withStream = await kare(dir, ['verify', 'account-a1', '--anchor', 'a'.repeat(64)]);
    expect(withStream.code).toBe(2);
    expect(withStream.stderr).toContain('leave out the stream id');
    expect((await kare(dir, ['anchor', 'extra'])).code).toBe(2);
  });
});

describe('the server’s anchor schedule', () => {
  it('reads KARE_ANCHOR_EVERY and KARE_ANCHOR_SECONDS, 0 turning a trigger off', () => {
    expect(loadConfig({}).anchors).toEqual({ everyEvents: 1000, everyMs: 60_000 });
    expect(loadConfig({ KARE_ANCHOR_EVERY: '0', KARE_ANCHOR_SECONDS: '5' }).anchors).toEqual({
      everyEvents: 0,
      everyMs: 5000,
    });
    expect(() => loadConfig({ KARE_ANCHOR_EVERY: 'often' })).toThrow(ConfigError);
  });

  it('anchors what the served engine writes', async () => {
    const dir = tempDir('serve-anchors');
    try {
      await register(dir, 'a1');
      const serving = await serve(
        loadConfig({
          PORT: '0',
          KARE_DATA_DIR: dir,
          KARE_SQLITE_SYNC: 'normal',
          LOG_LEVEL: 'silent',
          KARE_ANCHOR_EVERY: '1',
          KARE_ANCHOR_SECONDS: '0',
        }),
      );
      try {
        // kare verify only reads: the anchor it reports is the server's.
        const deadline = Date.now() + 10_000;
        let run = await kare(dir, ['verify']);
        while (!run.stdout.includes('anchor #0') && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          run = await kare(dir, ['verify']);
        }
        expect(run.stdout).toContain('every head anchor #0 recorded is there');
      } finally {
        await serving.close();
      }
    } finally {
      removeDir(dir);
    }
  });
});
