// Tampering with the embedded store's file behind KARE's back, with plain SQL: an edited event,
// a stream's last events deleted, a whole stream deleted. Each is found by verifyAll and by
// `kare verify` once an anchor was taken (the deletions only then: a chain that is merely shorter
// still holds), `kare verify --anchor` refuses a root that is not among the anchors, and a broken
// stream takes no more events (409 CHAIN_BROKEN) while reads of it carry a Warning.
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, startServer, writeBook, type TestServer } from '../adapters/http/analyst-book.js';
import { kare } from '../src/app/cli/cli-harness.js';

let server: TestServer;
let dataDir: string;

beforeEach(async () => {
  server = startServer();
  await writeBook(server);
  dataDir = dirname(server.engine.readDbPath);
});
afterEach(() => server.close());

/** Plain SQL on the store's file, as someone with the file and no KARE would. */
const sql = (statement: string, ...params: unknown[]): number => {
  const db = new Database(server.engine.readDbPath);
  try {
    return db.prepare(statement).run(...params).changes;
  } finally {
    db.close();
  }
};

const headOf = (streamId: string): bigint => {
  const db = new Database(server.engine.readDbPath, { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    const row = db.prepare('SELECT MAX(revision) AS head FROM events WHERE stream_id = ?').get(streamId) as {
      head: bigint;
    };
    return row.head;
  } finally {
    db.close();
  }
};

const anchorRoot = async (): Promise<string> => {
  const run = await kare(dataDir, ['anchor']);
  expect(run.code).toBe(0);
  const root = /Root ([0-9a-f]{64})$/m.exec(run.stdout)?.[1];
  expect(root).toBeDefined();
  return root!;
};

const revenue = (period: string) => ({
  period,
  amount: { amount: 1000, currency: 'CNY' },
  sourceRef: `bill-${period}`,
  at: `${period}-28T09:00:00.000Z`,
});

const recordRevenue = (accountId: string, period: string) =>
  request(server.app)
    .post(`/accounts/${accountId}/record-revenue`)
    .set('Authorization', bearer('operator'))
    .send(revenue(period));

describe('tamper evidence on the embedded store', () => {
  it('finds an edited event, anchored or not (verifyAll and kare verify name stream and revision)', async () => {
    await server.engine.anchors.take();
    expect((await server.engine.audit.verifyAll()).ok).toBe(true);
    sql(
      "UPDATE events SET data = json_set(data, '$.name', 'Mallory Ltd') WHERE stream_id = ? AND revision = 0",
      'account-beta',
    );
    const summary = await server.engine.audit.verifyAll();
    expect(summary.ok).toBe(false);
    expect(summary.broken).toEqual([
      { streamId: 'account-beta', brokenAt: 0n, reason: expect.stringContaining('hash') },
    ]);
    const run = await kare(dataDir, ['verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('account-beta at revision 0');
  });

  it('finds a stream whose last events were deleted once an anchor recorded them', async () => {
    const head = headOf('account-acme');
    // Before any anchor, a chain that lost its last events still holds: nothing can tell.
    sql('DELETE FROM events WHERE stream_id = ? AND revision = ?', 'account-beta', headOf('account-beta'));
    expect((await server.engine.audit.verifyAll()).ok).toBe(true);

    await server.engine.anchors.take();
    expect(sql('DELETE FROM events WHERE stream_id = ? AND revision >= ?', 'account-acme', head - 1n)).toBe(
      2,
    );
    const summary = await server.engine.audit.verifyAll();
    expect(summary.ok).toBe(false);
    expect(summary.broken).toEqual([
      { streamId: 'account-acme', brokenAt: head - 1n, reason: expect.stringContaining('deleted') },
    ]);
    const all = await kare(dataDir, ['verify']);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`account-acme at revision ${(head - 1n).toString()}`);
    expect(all.stdout).toContain(`recorded its head at revision ${head.toString()}`);
    const one = await kare(dataDir, ['verify', 'account-acme']);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain(`account-acme: BROKEN at revision ${(head - 1n).toString()}`);
  });

  it('finds a stream deleted whole once an anchor recorded it', async () => {
    await server.engine.anchors.take();
    const head = headOf('supply-acme-sku-1');
    expect(sql('DELETE FROM events WHERE stream_id = ?', 'supply-acme-sku-1')).toBeGreaterThan(0);
    const summary = await server.engine.audit.verifyAll();
    expect(summary.ok).toBe(false);
    expect(summary.broken).toEqual([
      {
        streamId: 'supply-acme-sku-1',
        brokenAt: 0n,
        reason: expect.stringMatching(new RegExp(`disappeared.*revision ${head.toString()}`)),
      },
    ]);
    const all = await kare(dataDir, ['verify']);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('supply-acme-sku-1 at revision 0');
    const one = await kare(dataDir, ['verify', 'supply-acme-sku-1']);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('supply-acme-sku-1: BROKEN at revision 0');
  });

  it('kare verify --anchor holds for a root kare anchor printed, and fails in one line for another', async () => {
    const first = await anchorRoot();
    const same = await kare(dataDir, ['verify', '--anchor', first]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`Anchor root ${first} is the latest anchor's (#0).`);

    const wrong = await kare(dataDir, ['verify', '--anchor', 'f'.repeat(64)]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toContain(`anchor root ${'f'.repeat(64)} is not among the 1 anchors`);

    // A root kept earlier still holds: the later anchors chain from it.
    expect((await recordRevenue('acme', '2026-04')).status).toBe(200);
    const second = await anchorRoot();
    expect(second).not.toBe(first);
    const earlier = await kare(dataDir, ['verify', '--anchor', first]);
    expect(earlier.code).toBe(0);
    expect(earlier.stdout).toContain('1 later anchors chain from it');

    // The anchor stream truncated behind the store: the root kept elsewhere is not there any more.
    expect(sql("DELETE FROM events WHERE stream_id = 'anchor-store' AND revision = 1")).toBe(1);
    const truncated = await kare(dataDir, ['verify', '--anchor', second]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain('the anchor stream was rewritten or truncated');
  });

  it('refuses appends to a broken stream with 409 CHAIN_BROKEN, and warns on its reads', async () => {
    expect((await recordRevenue('acme', '2026-04')).status).toBe(200);
    await server.engine.anchors.take();
    const head = headOf('account-acme');
    sql('DELETE FROM events WHERE stream_id = ? AND revision = ?', 'account-acme', head);

    const refused = await recordRevenue('acme', '2026-05');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'CHAIN_BROKEN',
      streamId: 'account-acme',
      brokenAt: head.toString(),
    });
    expect(refused.type).toBe('application/problem+json');
    expect(headOf('account-acme')).toBe(head - 1n);
    // Refused again, now from what is remembered.
    expect((await recordRevenue('acme', '2026-05')).body.code).toBe('CHAIN_BROKEN');

    const events = await request(server.app)
      .get('/streams/account-acme/events')
      .set('Authorization', bearer('auditor'));
    expect(events.status).toBe(200);
    expect(events.headers['warning']).toBe(
      `199 - "hash chain of account-acme broken at revision ${head.toString()}"`,
    );
    const history = await request(server.app)
      .get('/accounts/acme/history')
      .set('Authorization', bearer('auditor'));
    expect(history.headers['warning']).toContain('account-acme broken');
    const state = await request(server.app)
      .get('/accounts/acme/state')
      .set('Authorization', bearer('auditor'));
    expect(state.headers['warning']).toContain('account-acme broken');
    // A stream that holds is served without one.
    const beta = await request(server.app)
      .get('/streams/account-beta/events')
      .set('Authorization', bearer('auditor'));
    expect(beta.headers['warning']).toBeUndefined();
  });

  it('refuses appends to a stream an edit broke, once a verification found it', async () => {
    sql(
      "UPDATE events SET data = json_set(data, '$.sourceRef', 'forged') WHERE stream_id = ? AND type = 'RevenueRecorded'",
      'account-delta',
    );
    const verified = await request(server.app)
      .get('/streams/account-delta/verify')
      .set('Authorization', bearer('auditor'));
    expect(verified.body.ok).toBe(false);
    expect(verified.headers['warning']).toContain('account-delta broken');
    const refused = await recordRevenue('delta', '2026-04');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CHAIN_BROKEN');
  });

  it('refuses to recreate a stream that was anchored and then dropped', async () => {
    await server.engine.anchors.take();
    sql('DELETE FROM events WHERE stream_id = ?', 'account-gamma');
    const recreated = await request(server.app)
      .post('/accounts')
      .set('Authorization', bearer('operator'))
      .send({
        accountId: 'gamma',
        name: 'Gamma Again',
        industry: 'RETAIL',
        region: 'East',
        at: '2026-06-01T09:00:00.000Z',
      });
    expect(recreated.status).toBe(409);
    expect(recreated.body).toMatchObject({ code: 'CHAIN_BROKEN', streamId: 'account-gamma', brokenAt: '0' });
  });
});
