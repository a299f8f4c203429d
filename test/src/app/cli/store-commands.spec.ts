// kare demo, status, rebuild and verify against a store on disk: what they print, what they
// change and the exit code of each error path.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_ACCOUNTS } from '../../../../demo/demo-book.js';
import { openEngine } from '../../../../src/app/open-engine.js';
import { PROJECTIONS } from '../../../../projections/index.js';
import { BOOK_DAY, removeDir, servedRows, tempDir } from '../../../demo/demo-fixture.js';
import { kare } from './cli-harness.js';

const SMALL = String(MIN_ACCOUNTS);

const headOf = async (dir: string): Promise<bigint> => {
  const engine = openEngine({ dataDir: dir });
  try {
    return await engine.store.headPosition();
  } finally {
    await engine.close();
  }
};

describe('kare demo', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = tempDir('cli-demo');
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach(removeDir));

  it('loads the demo book into an empty store and says what it loaded', async () => {
    const dir = fresh();
    const { code, stdout, stderr } = await kare(dir, [
      'demo',
      '--as-of',
      BOOK_DAY,
      '--accounts',
      SMALL,
      '--seed',
      '3',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Loaded the demo book into sqlite:.*kare\.sqlite: 24 accounts, \d+ events from 2024-11-01 to 2026-11-25 \(seed 3\)/,
    );
    // Not a terminal: no progress.
    expect(stderr).toBe('');
    expect(await headOf(dir)).toBeGreaterThan(1000n);
  }, 60_000);

  it('refuses a store with events (exit 1), skips it with --if-empty (exit 0), replaces it with --force', async () => {
    const dir = fresh();
    expect((await kare(dir, ['demo', '--as-of', BOOK_DAY, '--accounts', SMALL, '--seed', '1'])).code).toBe(0);
    const head = await headOf(dir);

    const refused = await kare(dir, ['demo', '--as-of', BOOK_DAY, '--accounts', SMALL]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    expect(await headOf(dir)).toBe(head);

    const skipped = await kare(dir, ['demo', '--if-empty']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('not loaded again');
    expect(await headOf(dir)).toBe(head);

    const other = fresh();
    await kare(other, ['demo', '--as-of', BOOK_DAY, '--accounts', SMALL, '--seed', '2']);
    const forced = await kare(dir, [
      'demo',
      '--as-of',
      BOOK_DAY,
      '--accounts',
      SMALL,
      '--seed',
      '2',
      '--force',
    ]);
    expect(forced.code).toBe(0);
    expect(await headOf(dir)).toBe(await headOf(other));
  }, 120_000);

  it('shows progress with a rate and an ETA when stderr is a terminal', async () => {
    const { code, stderr } = await kare(fresh(), ['demo', '--as-of', BOOK_DAY, '--accounts', SMALL], {
      tty: true,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/demo: [\d,]+\/755 days · [\d,]+\/s/);
    expect(stderr).toContain('ETA');
  }, 60_000);

  it('exits 2 on options it cannot use', async () => {
    const dir = fresh();
    for (const args of [
      ['demo', '--as-of', BOOK_DAY, '--accounts', '5'],
      ['demo', '--as-of', BOOK_DAY, '--accounts', 'many'],
      ['demo', '--as-of', BOOK_DAY, '--seed', '-4'],
      ['demo', '--as-of', BOOK_DAY, '--force', '--if-empty'],
    ]) {
      const { code, stderr } = await kare(dir, args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain('kare: demo');
    }
    expect(await headOf(dir)).toBe(0n);
  });
});

describe('kare status, rebuild and verify', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('cli-book');
    await kare(dir, ['demo', '--as-of', BOOK_DAY, '--accounts', SMALL]);
  }, 60_000);
  afterAll(() => removeDir(dir));

  it('status prints the store, its head and each projection caught up', async () => {
    const head = (await headOf(dir)).toString();
    const { code, stdout } = await kare(dir, ['status']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Head   ${head}`);
    for (const { name, version } of PROJECTIONS) {
      expect(stdout).toMatch(new RegExp(`${name}\\s+${version}\\s+${head}\\s+0\\s+up to date`));
    }
    const json = JSON.parse((await kare(dir, ['status', '--json'])).stdout) as {
      head: string;
      projections: { name: string; lag: string }[];
    };
    expect(json.head).toBe(head);
    expect(json.projections.map((p) => p.lag)).toEqual(PROJECTIONS.map(() => '0'));
  });

  it('rebuild names the known projections on an unknown one (exit 2) and asks for a name', async () => {
    const unknown = await kare(dir, ['rebuild', 'tier_status']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      `Unknown projection "tier_status". Known projections: ${PROJECTIONS.map((p) => p.name).join(', ')} (or all)`,
    );
    const missing = await kare(dir, ['rebuild']);
    expect(missing.code).toBe(2);
  });

  it('rebuild all gives back the same read models', async () => {
    const engine = openEngine({ dataDir: dir });
    const before = await servedRows(engine);
    await engine.close();
    const { code, stdout } = await kare(dir, ['rebuild', 'all']);
    expect(code).toBe(0);
    expect(stdout).toContain('Rebuilt tier-status');
    const again = openEngine({ dataDir: dir });
    expect(await servedRows(again)).toEqual(before);
    await again.close();
  }, 60_000);

  it('rebuild and verify show their progress on a terminal, and only there', async () => {
    const rebuild = await kare(dir, ['rebuild', 'tier-status'], { tty: true });
    expect(rebuild.code).toBe(0);
    expect(rebuild.stderr).toContain('rebuild tier-status: 100.0 %');
    const verify = await kare(dir, ['verify'], { tty: true });
    expect(verify.stderr).toMatch(/verify: [\d,]+\/[\d,]+ streams · [\d,]+\/s/);
    expect((await kare(dir, ['verify'])).stderr).toBe('');
  }, 60_000);

  it('verify holds for every stream and for one, and exits 1 for a stream that is not there', async () => {
    const all = await kare(dir, ['verify']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^Verified \d+ streams in sqlite:.*: every hash chain holds\.\n$/);
    const one = await kare(dir, ['verify', 'agreement-agr-0001-1']);
    expect(one.code).toBe(0);
    const none = await kare(dir, ['verify', 'account-nobody']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no stream account-nobody');
  });

  it('verify exits 1 naming the stream and revision an altered event broke', async () => {
    const tampered = tempDir('cli-tampered');
    try {
      await kare(tampered, ['demo', '--as-of', BOOK_DAY, '--accounts', SMALL]);
      const db = new Database(join(tampered, 'kare.sqlite'));
      db.prepare(
        "UPDATE events SET data = json_set(data, '$.name', 'Mallory Ltd') WHERE stream_id = ? AND revision = 0",
      ).run('account-acc-0003');
      db.close();
      const all = await kare(tampered, ['verify']);
      expect(all.code).toBe(1);
      expect(all.stdout).toContain('1 of ');
      expect(all.stdout).toContain('account-acc-0003 at revision 0');
      const one = await kare(tampered, ['verify', 'account-acc-0003']);
      expect(one.code).toBe(1);
      expect(one.stdout).toContain('account-acc-0003: BROKEN at revision 0');
    } finally {
      removeDir(tampered);
    }
  }, 60_000);
});
