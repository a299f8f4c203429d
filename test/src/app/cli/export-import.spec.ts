// kare export and kare import: a book moves between stores with the same ids, revisions and
// hashes — embedded to embedded, and embedded to EventStoreDB (the test stand-in) and back —
// verifies on arrival, gives the same read models, and a second import writes nothing. A bad
// file is refused with its line number before anything is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../../src/cloud-events.js';
import { MIN_ACCOUNTS } from '../../../../demo/demo-book.js';
import { openEngine } from '../../../../src/app/open-engine.js';
import { EsdbStandIn } from '../../../support/esdb-stand-in.js';
import { removeDir, servedRows, tempDir, writeDemo } from '../../../demo/demo-fixture.js';
import { kare } from './cli-harness.js';

const linesOf = (ndjson: string): CloudEvent[] =>
  ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CloudEvent);

const headOf = async (dir: string, eventStoreUrl?: string): Promise<bigint> => {
  const engine = openEngine({ dataDir: dir, ...(eventStoreUrl === undefined ? {} : { eventStoreUrl }) });
  try {
    return await engine.store.headPosition();
  } finally {
    await engine.close();
  }
};

/** The read models of a store once its projections have caught up. */
const readModelsOf = async (dir: string, eventStoreUrl?: string) => {
  const engine = openEngine({ dataDir: dir, ...(eventStoreUrl === undefined ? {} : { eventStoreUrl }) });
  try {
    await engine.projector.catchUp();
    return await servedRows(engine);
  } finally {
    await engine.close();
  }
};

/** What must survive a move: everything but the global position, which each store assigns. */
const identity = (event: CloudEvent) => {
  const { position: _position, ...rest } = event;
  return rest;
};

describe('kare export and import', () => {
  const dirs: string[] = [];
  const fresh = (name = 'cli-import') => {
    const dir = tempDir(name);
    dirs.push(dir);
    return dir;
  };
  let source: string;
  let exported: string;
  let file: string;

  beforeAll(async () => {
    source = fresh('cli-source');
    await writeDemo(source, { accounts: MIN_ACCOUNTS });
    const run = await kare(source, ['export']);
    expect(run.code).toBe(0);
    exported = run.stdout;
    file = join(fresh('cli-files'), 'book.ndjson');
    writeFileSync(file, exported);
  }, 60_000);
  afterAll(() => dirs.forEach(removeDir));

  it('exports every event as a CloudEvent with the extensions that rebuild it, in log order', async () => {
    const events = linesOf(exported);
    expect(BigInt(events.length)).toBe(await headOf(source));
    const first = events[0]!;
    expect(first).toMatchObject({
      specversion: '1.0',
      source: 'urn:kare',
      type: 'kare.account.AccountRegistered',
      subject: 'account-acc-0001',
      datacontenttype: 'application/json',
      position: '1',
      revision: '0',
      schemaversion: 1,
    });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.commandid).toBeTruthy();
    const positions = events.map((event) => BigInt(event.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('exports one category, and only the events after --from', async () => {
    const supply = linesOf((await kare(source, ['export', '--category', 'supply'])).stdout);
    expect(supply.length).toBeGreaterThan(100);
    expect(supply.every((event) => event.subject.startsWith('supply-'))).toBe(true);
    const two = linesOf(
      (await kare(source, ['export', '--category', 'account', '--category', 'agreement'])).stdout,
    );
    expect(new Set(two.map((event) => event.subject.split('-')[0]))).toEqual(
      new Set(['account', 'agreement']),
    );
    const after = linesOf((await kare(source, ['export', '--from', '100'])).stdout);
    expect(after[0]!.position).toBe('101');
    expect(after).toHaveLength(linesOf(exported).length - 100);
    const bad = await kare(source, ['export', '--from', 'yesterday']);
    expect(bad.code).toBe(2);
  });

  it('imports into an empty store: every stream verifies and every read model equals the source’s', async () => {
    const target = fresh();
    const run = await kare(target, ['import', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Imported \d+ events into sqlite:.* \(0 were there already\); \d+ streams grew and every one verifies\.\n$/,
    );
    expect((await kare(target, ['verify'])).code).toBe(0);
    expect((await kare(target, ['export'])).stdout).toBe(exported);
    expect(await readModelsOf(target)).toEqual(await readModelsOf(source));
  }, 60_000);

  it('imports the same file again without writing anything', async () => {
    const target = fresh();
    await kare(target, ['import', file]);
    const head = await headOf(target);
    const again = await kare(target, ['import', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to import');
    expect(await headOf(target)).toBe(head);
  }, 60_000);

  it('imports only what the store lacks when it holds the first part of the book', async () => {
    const target = fresh();
    const lines = exported.trim().split('\n');
    const half = join(fresh('cli-files'), 'half.ndjson');
    writeFileSync(half, `${lines.slice(0, 2000).join('\n')}\n`);
    expect((await kare(target, ['import', half])).code).toBe(0);
    expect(await headOf(target)).toBe(2000n);
    const rest = await kare(target, ['import', file]);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain(`Imported ${lines.length - 2000} events`);
    expect(rest.stdout).toContain('(2000 were there already)');
    expect((await kare(target, ['export'])).stdout).toBe(exported);
  }, 60_000);

  it('refuses a malformed line with its number, and writes nothing at all', async () => {
    const target = fresh();
    const lines = exported.trim().split('\n');
    const broken = join(fresh('cli-files'), 'broken.ndjson');
    writeFileSync(broken, [...lines.slice(0, 40), '{"specversion":"1.0",', ...lines.slice(40)].join('\n'));
    const run = await kare(target, ['import', broken]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${broken}: line 41: not JSON`);
    expect(await headOf(target)).toBe(0n);
  });

  it('refuses an event whose content no longer matches its hash, naming the line', async () => {
    const target = fresh();
    const lines = exported.trim().split('\n');
    const altered = JSON.parse(lines[500]!) as CloudEvent & { data: Record<string, unknown> };
    const forged = { ...altered, data: { ...altered.data, at: '2020-01-01T00:00:00.000Z' } };
    const path = join(fresh('cli-files'), 'forged.ndjson');
    writeFileSync(path, [...lines.slice(0, 500), JSON.stringify(forged), ...lines.slice(501)].join('\n'));
    const run = await kare(target, ['import', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 501: the hash of');
    expect(await headOf(target)).toBe(0n);
  });

  it('refuses lines that are JSON but not KARE events, naming what is wrong', async () => {
    const target = fresh();
    const first = JSON.parse(exported.split('\n')[0]!) as Record<string, unknown>;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...first, specversion: '0.3' }, 'specversion'],
      [{ ...first, revision: 3 }, 'revision must be a decimal string'],
      [{ ...first, type: 'kare.account.AccountCelebrated' }, 'unknown event type AccountCelebrated'],
      [{ ...first, type: 'kare.supply.AccountRegistered' }, 'does not belong to stream'],
      [
        { ...first, data: { ...(first['data'] as object), industry: 'ALCHEMY' } },
        'data of AccountRegistered is invalid: industry',
      ],
    ];
    for (const [line, message] of cases) {
      const path = join(fresh('cli-files'), 'odd.ndjson');
      writeFileSync(path, `${JSON.stringify(line)}\n`);
      const run = await kare(target, ['import', path]);
      expect(run.code, message).toBe(1);
      expect(run.stderr).toContain('line 1: ');
      expect(run.stderr).toContain(message);
    }
    expect(await headOf(target)).toBe(0n);
  });

  it('refuses a stream that starts in the middle, or a history other than the store’s', async () => {
    const tail = join(fresh('cli-files'), 'tail.ndjson');
    writeFileSync(tail, (await kare(source, ['export', '--from', '3000'])).stdout);
    const empty = fresh();
    const gap = await kare(empty, ['import', tail]);
    expect(gap.code).toBe(1);
    expect(gap.stderr).toMatch(/line 1: \S+ starts at revision \d+ here, but the store has no such stream/);
    expect(await headOf(empty)).toBe(0n);

    const other = fresh();
    await writeDemo(other, { accounts: MIN_ACCOUNTS, seed: 99 });
    const head = await headOf(other);
    const clash = await kare(other, ['import', file]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('they hold different histories');
    expect(await headOf(other)).toBe(head);
  }, 60_000);

  it('exits 1 on a file it cannot read and 2 without a file', async () => {
    const target = fresh();
    const missing = await kare(target, ['import', join(target, 'nowhere.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    const directory = await kare(target, ['import', target]);
    expect(directory.code).toBe(1);
    expect((await kare(target, ['import'])).code).toBe(2);
  });

  it('shows the import’s progress on a terminal', async () => {
    const run = await kare(fresh(), ['import', file], { tty: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('import: check: ');
    expect(run.stderr).toContain('import: append: ');
    expect(run.stderr).toContain('import: verify: ');
  }, 60_000);

  describe('to EventStoreDB and back', () => {
    let standIn: EsdbStandIn;
    beforeAll(async () => {
      standIn = await EsdbStandIn.start();
    });
    afterAll(async () => {
      await standIn.stop();
    });

    it('moves the book with the same ids, revisions and hashes; it verifies there and back', async () => {
      const esdb = { KARE_EVENTSTORE_URL: standIn.connectionString };
      const onEsdb = fresh('cli-esdb');
      const imported = await kare(onEsdb, ['import', file], { env: esdb });
      expect(imported.code, imported.stderr).toBe(0);
      expect((await kare(onEsdb, ['verify'], { env: esdb })).code).toBe(0);
      const fromEsdb = (await kare(onEsdb, ['export'], { env: esdb })).stdout;
      // The stand-in's positions start above 2^53: they travel as exact decimal strings.
      expect(BigInt(linesOf(fromEsdb)[0]!.position)).toBeGreaterThan(2n ** 53n);
      expect(linesOf(fromEsdb).map(identity)).toEqual(linesOf(exported).map(identity));

      const back = join(fresh('cli-files'), 'back.ndjson');
      writeFileSync(back, fromEsdb);
      const home = fresh();
      expect((await kare(home, ['import', back])).code).toBe(0);
      expect((await kare(home, ['export'])).stdout).toBe(exported);
      expect(await readModelsOf(home)).toEqual(await readModelsOf(source));
      expect(readFileSync(back, 'utf8')).toBe(fromEsdb);
    }, 120_000);
  });
});
