// `kare project` and `kare serve --no-projector` split one server into workers and API servers
// that share their read models in PostgreSQL. On the embedded read models nobody would project
// for an API server, and workers would have no leases to share: both refuse, naming the variable,
// before they open anything.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../demo/demo-fixture.js';
import { kare } from './cli-harness.js';

describe('the scale-out commands without PostgreSQL', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('cli-scale-out');
  });
  afterEach(() => removeDir(dir));

  it('kare project refuses with exit 1, naming KARE_READ_DB, and opens no store', async () => {
    const { code, stderr } = await kare(dir, ['project']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^kare: cannot start: kare project needs the read models in PostgreSQL \(KARE_READ_DB=postgres:\/\/…\)/,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'kare.sqlite'))).toBe(false);
  });

  it('kare project refuses a SQLite file as KARE_READ_DB too', async () => {
    const { code, stderr } = await kare(dir, ['project'], {
      env: { KARE_READ_DB: join(dir, 'reads.sqlite') },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('KARE_READ_DB=postgres://');
  });

  it('kare serve --no-projector refuses with exit 1, naming KARE_READ_DB, and opens no store', async () => {
    const { code, stderr } = await kare(dir, ['serve', '--no-projector']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^kare: cannot start: --no-projector needs the read models in PostgreSQL \(KARE_READ_DB=postgres:\/\/…\)/,
    );
    expect(existsSync(join(dir, 'kare.sqlite'))).toBe(false);
  });

  it('lists both in help', async () => {
    const { stdout } = await kare(dir, ['help']);
    expect(stdout).toContain('serve [--no-projector]');
    expect(stdout).toMatch(/^ {2}project +a projection worker/m);
  });
});
