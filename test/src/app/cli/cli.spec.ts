// The CLI's entry: help, usage errors, exit codes, and one real process (`tsx bin/kare-dev.ts`).
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir, writeDemo } from '../../../demo/demo-fixture.js';
import { kare } from './cli-harness.js';

const run = promisify(execFile);

describe('kare', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('cli');
  });
  afterAll(() => removeDir(dir));

  it('prints its commands for help, with exit code 0', async () => {
    for (const args of [['help'], ['--help'], ['status', '--help']]) {
      const { code, stdout } = await kare(dir, args);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: kare <command>');
      for (const command of ['serve', 'demo', 'rebuild', 'status', 'verify', 'export', 'import']) {
        expect(stdout).toContain(command);
      }
    }
  });

  it('exits 2 on a missing or unknown command, pointing at help', async () => {
    const missing = await kare(dir, []);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('a command is missing');
    const unknown = await kare(dir, ['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch"');
    expect(unknown.stderr).toContain('kare help');
  });

  it('exits 2 on an unknown option or an extra argument, naming it', async () => {
    const option = await kare(dir, ['status', '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("'--colour'");
    const extra = await kare(dir, ['status', 'now']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('unexpected argument "now"');
  });

  it('exits 2 on a bad configuration, naming the variable', async () => {
    const { code, stderr } = await kare(dir, ['status'], { env: { KARE_SQLITE_SYNC: 'sometimes' } });
    expect(code).toBe(2);
    expect(stderr).toContain('KARE_SQLITE_SYNC');
  });

  it('exits 1 with one clear line when EventStoreDB cannot be reached', async () => {
    const { code, stderr } = await kare(dir, ['status'], {
      env: { KARE_EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' },
      storeTimeoutMs: 5000,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^kare: the event store esdb:\/\/127\.0\.0\.1:1\?tls=false is unreachable: /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('runs as a process: `tsx bin/kare-dev.ts` with the exit codes above', async () => {
    const book = tempDir('cli-process');
    try {
      await writeDemo(book, { accounts: 24 });
      const env = { ...process.env, KARE_DATA_DIR: book };
      const ok = await run('node', ['--import', 'tsx', 'bin/kare-dev.ts', 'verify', 'account-acc-0001'], {
        env,
      });
      expect(ok.stdout).toMatch(/^account-acc-0001: ok — \d+ events, head hash [0-9a-f]{64}\n$/);
      const failed = await run('node', ['--import', 'tsx', 'bin/kare-dev.ts', 'rebuild', 'everything'], {
        env,
      }).catch((error: { code: number; stderr: string }) => error);
      expect('code' in failed && failed.code).toBe(2);
      expect((failed as { stderr: string }).stderr).toContain('Unknown projection "everything"');
    } finally {
      removeDir(book);
    }
  }, 60_000);

  it('refuses to serve beyond loopback without API keys (exit 1, one line why)', async () => {
    const refused = await run('node', ['--import', 'tsx', 'bin/kare-dev.ts', 'serve', '--data', dir], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', KARE_API_KEYS: '' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in refused && refused.code).toBe(1);
    expect((refused as { stderr: string }).stderr).toContain('without API keys');
  }, 30_000);

  it('serves the book with `kare serve --data`, and stops on SIGTERM', async () => {
    const book = tempDir('cli-serve');
    let server: ReturnType<typeof spawn> | undefined;
    try {
      await writeDemo(book, { accounts: 24 });
      server = spawn('node', ['--import', 'tsx', 'bin/kare-dev.ts', 'serve', '--data', book], {
        env: {
          ...process.env,
          KARE_DATA_DIR: '/nonexistent/not-this-one',
          PORT: '0',
          HOST: '127.0.0.1',
          KARE_API_KEYS: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const running = server;
      const exited = new Promise<number | null>((resolve) => running.on('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        running.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (found !== null) resolve(found[1]!);
        });
        void exited.then((code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
      });
      const rows = (await (await fetch(`${url}/read-models/tier-status?accountId=acc-0001`)).json()) as {
        items: { status: string }[];
      };
      expect(rows.items[0]!.status).toBe('LOST');
      running.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      // A failed test must not leave its server behind.
      if (server?.exitCode === null) server.kill('SIGKILL');
      removeDir(book);
    }
  }, 60_000);
});
