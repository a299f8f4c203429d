// /read-models/account-risk over HTTP on the analyst book: the top risks (sort=-score), by
// manager and by region (filters and summaries), a walk by cursor, CSV, and asOf. The book's
// accounts have no year-before revenue (no trend); the differences are feedback and the cadence
// of visits under v2 (A every 30 days, B 90, C 180; never visited since January).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_MODELS } from '../../../projections/index.js';
import { bearer, startServer, TODAY, writeBook, type TestServer } from './analyst-book.js';

let server: TestServer;

const get = (url: string) => request(server.app).get(url).set('Authorization', bearer('analyst'));

interface Item {
  readonly accountId: string;
  readonly score: number;
  readonly reasons: string[];
  readonly [field: string]: unknown;
}

const items = async (url: string): Promise<Item[]> => {
  const res = await get(url);
  expect(res.status, url).toBe(200);
  return res.body.items as Item[];
};

const ids = (rows: readonly Item[]): string[] => rows.map((row) => row.accountId);

beforeAll(async () => {
  server = startServer();
  await writeBook(server);
  const at = `${TODAY}T08:00:00.000Z`;
  await server.send(
    'account',
    'acme',
    'RecordFeedback',
    { score: 1, aboutManagerId: 'mgr-li', comment: '' },
    at,
  );
  await server.send(
    'account',
    'beta',
    'RecordFeedback',
    { score: 3, aboutManagerId: 'mgr-wang', comment: '' },
    at,
  );
  await server.send(
    'account',
    'delta',
    'RecordFeedback',
    { score: 5, aboutManagerId: 'mgr-li', comment: '' },
    at,
  );
  server.setNow(`${TODAY}T09:00:00.000Z`);
  await server.engine.projector.catchUp();
});
afterAll(() => server.close());

describe('GET /read-models/account-risk', () => {
  it('ranks the top risks by score with their reasons, revenue at risk and the policy that scored them', async () => {
    const top = await items('/read-models/account-risk?sort=-score');
    // delta (content, seen on its C cadence) and gamma (no tier, no cadence) score 0 alike.
    expect(ids(top).slice(0, 2)).toEqual(['acme', 'beta']);
    expect(top.map((row) => row.score)).toEqual([...top.map((row) => row.score)].sort((a, b) => b - a));
    expect(top.slice(2).map((row) => row.score)).toEqual([0, 0]);
    expect(top[0]).toMatchObject({
      accountId: 'acme',
      tier: 'A',
      managerId: 'mgr-li',
      region: 'East',
      accountStatus: 'ACTIVE',
      // Feedback 1 (all of FEEDBACK) and not visited for five months (all of VISIT_OVERDUE).
      score: 20,
      reasons: ['FEEDBACK 10/10', 'VISIT_OVERDUE 10/10'],
      atRisk: false,
      visitOverdue: true,
      concentration: true,
      flags: ['CONCENTRATION', 'VISIT_OVERDUE'],
      policyVersion: 'v2',
    });
    expect(top[0]!['revenueAtRisk']).toBe(Math.round(((top[0]!['t12mAmount'] as number) * 20) / 100));
    // The score is the sum of the reasons' shares.
    for (const row of top) {
      const shares = row.reasons.map((reason) => Number(/ ([\d.]+)\//.exec(reason)![1]));
      expect(Math.round(shares.reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(row.score * 100));
    }
    expect(ids(await items('/read-models/account-risk?sort=score')).slice(2)).toEqual(['beta', 'acme']);
  });

  it('filters by manager, by region, by flag and by a least score', async () => {
    expect(ids(await items('/read-models/account-risk?managerId=mgr-li&sort=-score'))).toEqual([
      'acme',
      'delta',
    ]);
    expect(ids(await items('/read-models/account-risk?region=West'))).toEqual(['beta']);
    // beta carries the West alone; acme nearly all of the East.
    expect(ids(await items('/read-models/account-risk?concentration=true'))).toEqual(['acme', 'beta']);
    expect(ids(await items('/read-models/account-risk?visitOverdue=true'))).toEqual(['acme', 'beta']);
    expect(ids(await items('/read-models/account-risk?minScore=10'))).toEqual(['acme', 'beta']);
    expect(ids(await items('/read-models/account-risk?atRisk=true'))).toEqual([]);
    const bad = await get('/read-models/account-risk?atRisk=maybe');
    expect(bad.status).toBe(400);
  });

  it('sums accounts, accounts at risk and revenue at risk per manager and per region', async () => {
    const byManager = await get('/read-models/account-risk/byManager');
    expect(byManager.status).toBe(200);
    expect(Object.keys(byManager.body)).toEqual(['', 'mgr-li', 'mgr-wang']);
    expect(byManager.body['mgr-li']).toMatchObject({ accounts: 2, atRisk: 0 });
    const byRegion = await get('/read-models/account-risk/byRegion');
    expect(byRegion.body).toMatchObject({ East: { accounts: 3 }, West: { accounts: 1 } });
  });

  it('walks the top risks a page at a time with the cursor, the same rows in the same order', async () => {
    const all = ids(await items('/read-models/account-risk?sort=-score'));
    const walked: string[] = [];
    let url = '/read-models/account-risk?sort=-score&limit=1';
    for (;;) {
      const res = await get(url);
      walked.push(...ids(res.body.items as Item[]));
      if (res.body.nextCursor === null) break;
      url = `/read-models/account-risk?sort=-score&limit=1&cursor=${res.body.nextCursor as string}`;
    }
    expect(walked).toEqual(all);
  });

  it('answers CSV with a header of the fields, lists joined with |', async () => {
    const model = READ_MODELS.find((m) => m.name === 'account-risk')!;
    const csv = await get('/read-models/account-risk?sort=-score&limit=1').set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, acme] = csv.text.split('\r\n');
    expect(header).toBe(model.fields.map((f) => f.name).join(','));
    const cells = acme!.split(',');
    expect(cells[0]).toBe('acme');
    expect(cells[model.fields.findIndex((f) => f.name === 'reasons')]).toBe(
      'FEEDBACK 10/10|VISIT_OVERDUE 10/10',
    );
  });

  it('serves the same top risks from the rows the daily job keeps current (sorted in SQL)', async () => {
    const before = await items('/read-models/account-risk?sort=-score');
    expect(await server.engine.currentRows.refresh()).toBeGreaterThanOrEqual(4);
    const current = await server.engine.readModels.find('account_risk', {
      where: { current_as: `${TODAY}/v2` },
      orderBy: [{ column: 'score', direction: 'desc' }],
    });
    expect(current.map((row) => row.key)).toEqual(ids(before).slice(0, current.length));
    expect(current).toHaveLength(4);
    expect(await items('/read-models/account-risk?sort=-score')).toEqual(before);
    expect(ids(await items('/read-models/account-risk?sort=-score&visitOverdue=true'))).toEqual([
      'acme',
      'beta',
    ]);
  });

  it('scores as of a past day from what was known then', async () => {
    // February 1st: acme seen within its 30 days of registration, no feedback yet.
    const [acme] = await items('/read-models/account-risk?accountId=acme&asOf=2026-02-01');
    expect(acme).toMatchObject({ score: 0, reasons: [], visitOverdue: false, flags: ['CONCENTRATION'] });
  });
});
