// Issue #14, item 2: the cursor's MAC key was a constant in the source, so anybody could mint a
// cursor, and what a cursor carried was not checked as a query would be: a forged cursor with
// the day 2026-02-30 or a sort the read model does not have gave a 500. The key now comes from
// configuration (or the data directory), a cursor signed with any other key is a 400, and a
// cursor's asOf and sort are checked as the parameters they stand for.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../adapters/http/cursor.js';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { CURSOR_KEY_FILE, cursorKeyOf } from '../../src/app/serve.js';
import { bearer, startServer, writeBook, type TestServer } from '../adapters/http/analyst-book.js';

const KEY = 'the configured cursor key of this test, 64 bytes of secret......';

/** A cursor as the old code made them: HMAC-SHA256 under the key that was in the source. */
const withPublishedKey = (fields: unknown[]): string => {
  const body = Buffer.from(JSON.stringify(fields), 'utf8');
  const mac = createHmac('sha256', 'kare/read-model-cursor/v1').update(body).digest().subarray(0, 16);
  return Buffer.concat([mac, body]).toString('base64url');
};

let server: TestServer;
const get = (url: string) => request(server.app).get(url).set('Authorization', bearer('analyst'));

beforeAll(async () => {
  server = startServer({ cursorKey: KEY });
  await writeBook(server);
});
afterAll(() => server.close());

describe('a forged read-model cursor', () => {
  it('is a 400 when signed with the key that used to be in the source', async () => {
    for (const asOf of ['2026-06-15', '2026-02-30']) {
      const forged = withPublishedKey([1, 'tier-status', 't12mAmount', asOf, 0, 'acme']);
      const res = await get(`/read-models/tier-status?cursor=${forged}`);
      expect(res.status, asOf).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.cursor']);
    }
  });

  it('is honoured only when signed with the configured key', async () => {
    const first = await get('/read-models/tier-status?limit=1');
    expect(first.status).toBe(200);
    const own = encodeCursor(KEY, {
      model: 'tier-status',
      sort: 'accountId',
      asOf: '2026-06-15',
      after: { value: 'acme', key: 'acme' },
    });
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const next = await get(`/read-models/tier-status?limit=1&cursor=${first.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect((await get(`/read-models/tier-status?cursor=${own}`)).status).toBe(200);
  });

  it('is a 400, never a 500, when what it carries is not what a query may ask', async () => {
    const carrying = (sort: string, asOf: string, value: string | number | null = null) =>
      encodeCursor(KEY, { model: 'tier-status', sort, asOf, after: { value, key: 'acme' } });
    for (const [sort, asOf] of [
      ['accountId', '2026-02-30'],
      ['accountId', '2026-13-01'],
      ['accountId', 'yesterday'],
      ['noSuchField', '2026-06-15'],
      ['-noSuchField', '2026-06-15'],
      ['', '2026-06-15'],
    ] as const) {
      const res = await get(`/read-models/tier-status?cursor=${carrying(sort, asOf)}`);
      expect(res.status, `${sort} ${asOf}`).toBe(400);
      expect(res.body.code).toBe('INVALID_REQUEST');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.cursor']);
    }
  });
});

describe('the cursor key', () => {
  it('comes from KARE_CURSOR_KEY, which must be long enough to be a secret', () => {
    expect(loadConfig({ KARE_CURSOR_KEY: KEY }).cursorKey).toBe(KEY);
    expect(loadConfig({}).cursorKey).toBeUndefined();
    expect(() => loadConfig({ KARE_CURSOR_KEY: 'short' })).toThrow(ConfigError);
    expect(cursorKeyOf({ cursorKey: KEY, dataDir: '/nonexistent/never-made' })).toBe(KEY);
  });

  it('is otherwise made once per data directory, kept there for the owner only, and reused', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kare-cursor-key-'));
    try {
      const first = cursorKeyOf({ dataDir });
      const second = cursorKeyOf({ dataDir });
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(second).toBe(first);
      expect(readFileSync(join(dataDir, CURSOR_KEY_FILE), 'utf8').trim()).toBe(first);
      expect(statSync(join(dataDir, CURSOR_KEY_FILE)).mode & 0o077).toBe(0);
      const other = mkdtempSync(join(tmpdir(), 'kare-cursor-key-'));
      try {
        expect(cursorKeyOf({ dataDir: other })).not.toBe(first);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
