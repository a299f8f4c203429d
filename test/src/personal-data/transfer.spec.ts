// Personal data across `kare export` / `kare import`, and `kare erase-contact`. A book exported
// before an erasure imports with the same hashes and its contacts readable (the key travels with
// the sealed envelope); one exported after it imports verifiable, with the contact erased there
// too: an export cannot bring erased data back, nor can importing an older export.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../../adapters/http/auth.js';
import { createHttpServer } from '../../../adapters/http/server.js';
import { openEngine } from '../../../src/app/open-engine.js';
import type { JsonObject, StoredEvent } from '../../../src/ports.js';
import { removeDir, tempDir } from '../../demo/demo-fixture.js';
import { kare } from '../app/cli/cli-harness.js';

const AT = '2026-05-04T09:00:00.000Z';
const CHEN = { name: 'Chen Jingwei', phone: '+86 10 6552-8888', email: 'chen.jingwei@acme.example' };

/** The contacts' personal objects and every event's hash, as a store shows them. */
const bookOf = async (dataDir: string) => {
  const engine = openEngine({ dataDir, sqliteSync: 'normal' });
  try {
    const events: StoredEvent[] = [];
    for await (const event of engine.store.readAll()) events.push(event);
    const personal = Object.fromEntries(
      events
        .filter((event) => event.type === 'ContactAdded')
        .map((event) => [event.data['contactId'] as string, event.data['personal'] as JsonObject]),
    );
    return { personal, hashes: events.map((event) => `${event.eventId} ${event.hash}`) };
  } finally {
    await engine.close();
  }
};

describe('personal data across export and import', () => {
  const dirs: string[] = [];
  const fresh = (name: string) => {
    const dir = tempDir(name);
    dirs.push(dir);
    return dir;
  };
  let source: string;
  let before: string;

  const exportTo = async (dir: string, name: string): Promise<string> => {
    const run = await kare(dir, ['export']);
    expect(run.code, run.stderr).toBe(0);
    const file = join(fresh('transfer-files'), name);
    writeFileSync(file, run.stdout);
    return file;
  };

  beforeAll(async () => {
    source = fresh('transfer-source');
    const engine = openEngine({ dataDir: source, sqliteSync: 'normal' });
    const http = createHttpServer(engine, { apiKeys: parseApiKeys(undefined) }, pino({ level: 'silent' }), {
      processMetrics: false,
    });
    for (const [accountId, contactId, details] of [
      ['acme', 'ct-chen', CHEN],
      ['beta', 'ct-li', { name: 'Li Xiaoming' }],
    ] as const) {
      await request(http.app)
        .post('/accounts')
        .send({ accountId, name: accountId, industry: 'FINANCE', region: 'North', at: AT })
        .expect((res) => expect(res.status).toBeLessThan(300));
      await request(http.app)
        .post(`/accounts/${accountId}/add-contact`)
        .send({ contactId, role: 'FINANCE', ...details, at: AT })
        .expect((res) => expect(res.status).toBeLessThan(300));
    }
    await http.close();
    await engine.close();
    before = await exportTo(source, 'before.ndjson');
  }, 30_000);
  afterAll(() => dirs.forEach(removeDir));

  it('imports a book exported before the erasure with the same hashes, its contacts readable', async () => {
    const target = fresh('transfer-target');
    const imported = await kare(target, ['import', before]);
    expect(imported.code, imported.stderr).toBe(0);
    const there = await bookOf(target);
    const here = await bookOf(source);
    expect(there.hashes).toEqual(here.hashes);
    expect(there.personal).toEqual({ 'ct-chen': CHEN, 'ct-li': { name: 'Li Xiaoming' } });
  }, 30_000);

  describe('kare erase-contact', () => {
    it('erases a contact, says so, and answers a second run with the first time', async () => {
      const first = await kare(source, ['erase-contact', 'ct-chen']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('Erased the personal data of contact ct-chen');
      const second = await kare(source, ['erase-contact', 'ct-chen']);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/ct-chen was erased already, at \d{4}-\d\d-\d\dT/);
      expect((await bookOf(source)).personal).toEqual({
        'ct-chen': { erased: true },
        'ct-li': { name: 'Li Xiaoming' },
      });
    });

    it('fails (exit 1) for a contact it never had, and wants one (exit 2)', async () => {
      const unknown = await kare(source, ['erase-contact', 'ct-nobody']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no contact ct-nobody has personal data');
      expect((await kare(source, ['erase-contact'])).code).toBe(2);
    });
  });

  it('imports a book exported after the erasure: it verifies there, the contact erased there too', async () => {
    const after = await exportTo(source, 'after.ndjson');
    const target = fresh('transfer-erased');
    const imported = await kare(target, ['import', after]);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await kare(target, ['verify'])).code).toBe(0);
    const there = await bookOf(target);
    expect(there.hashes).toEqual((await bookOf(source)).hashes);
    expect(there.personal).toEqual({ 'ct-chen': { erased: true }, 'ct-li': { name: 'Li Xiaoming' } });
  }, 30_000);

  it('does not bring an erased contact back by importing an export made before the erasure', async () => {
    const again = await kare(source, ['import', before]);
    expect(again.code, again.stderr).toBe(0);
    expect((await bookOf(source)).personal['ct-chen']).toEqual({ erased: true });
  }, 30_000);
});
