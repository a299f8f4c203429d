import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { READ_MODELS } from '../../../projections/index.js';
import { bearer, startServer, TODAY, writeBook, type KeyRole, type TestServer } from './analyst-book.js';

let server: TestServer;

const get = (url: string, role: KeyRole | null = 'analyst', s: TestServer = server) => {
  const req = request(s.app).get(url);
  return role === null ? req : req.set('Authorization', bearer(role));
};

const ids = (body: { items: { accountId: string }[] }): string[] => body.items.map((row) => row.accountId);

const errorPaths = (body: { errors?: { path: string }[] }): string[] =>
  (body.errors ?? []).map((e) => e.path).sort();

beforeAll(async () => {
  server = startServer();
  await writeBook(server);
  // A group, so the groups read model has a row to serve.
  const at = `${TODAY}T09:00:00.000Z`;
  const group = {
    groupId: 'acme-grp',
    name: 'Acme Group',
    industry: 'TECHNOLOGY',
    headquartersRegion: 'East',
  };
  await server.send('group', 'acme-grp', 'RegisterGroup', group, at);
  await server.send('group', 'acme-grp', 'AddMember', { accountId: 'delta' }, at);
  // A plan with a SKU, so the account-plan read models have rows to serve.
  const cny = (amount: number) => ({ amount, currency: 'CNY' });
  const plan = {
    year: 2026,
    revenueTarget: cny(600_000_000),
    skuTargets: { 'SKU-1': 3650 },
    promotionBudget: cny(200_000),
    stockTargets: {},
  };
  await server.send('account', 'acme', 'SetAccountPlan', plan, at);
  server.setNow(`${TODAY}T09:00:00.000Z`);
  await server.engine.projector.catchUp();
});
afterAll(() => server.close());

describe('GET /read-models/{name}', () => {
  it('answers a page of presented rows sorted by the first sortable field, with the applied position', async () => {
    const head = await server.engine.store.headPosition();
    const res = await get('/read-models/tier-status');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(ids(res.body)).toEqual(['acme', 'beta', 'delta', 'gamma']);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.position).toBe(head.toString());
    expect(res.headers['x-projection-position']).toBe(head.toString());
    expect(res.headers['link']).toBeUndefined();
    expect(res.body.items[0]).toMatchObject({ accountId: 'acme', tier: 'A', industry: 'TECHNOLOGY' });
  });

  it('serves every read model with its fields, in the order of its definition', async () => {
    for (const model of READ_MODELS) {
      const res = await get(`/read-models/${model.name}`);
      expect(res.status, model.name).toBe(200);
      expect(res.body.items.length, model.name).toBeGreaterThan(0);
      for (const item of res.body.items) expect(Object.keys(item)).toEqual(model.fields.map((f) => f.name));
    }
  });

  it('filters on plain columns and on presented values, every filter holding', async () => {
    expect(ids((await get('/read-models/tier-status?industry=TECHNOLOGY')).body)).toEqual(['acme', 'delta']);
    expect(ids((await get('/read-models/tier-status?tier=C')).body)).toEqual(['delta']);
    expect(ids((await get('/read-models/tier-status?industry=TECHNOLOGY&tier=A')).body)).toEqual(['acme']);
    expect(ids((await get('/read-models/tier-status?managerId=mgr-li&status=ACTIVE')).body)).toEqual([
      'acme',
      'delta',
    ]);
    expect(ids((await get('/read-models/tier-status?region=West')).body)).toEqual(['beta']);
    // Several values of one filter: a row with any of them passes (tier A or B), repeated or
    // comma-separated, on presented values and on plain columns alike.
    const aOrB = ids((await get('/read-models/tier-status?tier=A&tier=B')).body);
    expect(aOrB).toEqual(['acme', 'beta']);
    expect(ids((await get('/read-models/tier-status?tier=A,B')).body)).toEqual(aOrB);
    expect(ids((await get('/read-models/tier-status?tier=B,C&industry=TECHNOLOGY')).body)).toEqual(['delta']);
    const retail = ids((await get('/read-models/tier-status?industry=RETAIL')).body);
    expect(retail.length).toBeGreaterThan(0);
    expect(ids((await get('/read-models/tier-status?industry=TECHNOLOGY,RETAIL')).body).sort()).toEqual(
      ['acme', 'delta', ...retail].sort(),
    );
    const changes = await get('/read-models/tier-changes?accountId=beta&direction=up');
    expect(changes.body.items.map((c: { toTier: string }) => c.toTier)).toEqual(['B']);
    const promotions = await get('/read-models/promotion-history?status=APPROVED&sku=SKU-1');
    expect(promotions.body.items.map((p: { promotionId: string }) => p.promotionId)).toEqual(['p1']);
  });

  it('bounds dates with from and to, inclusive', async () => {
    const daily = async (query: string) =>
      (await get(`/read-models/stock-coverage-daily?${query}`)).body.items.map(
        (r: { reportDate: string }) => r.reportDate,
      );
    expect(await daily('from=2026-06-01&to=2026-06-08')).toEqual(['2026-06-01', '2026-06-08']);
    expect(await daily('from=2026-06-09')).toEqual(['2026-06-15']);
    // Two lower bounds: the tighter one holds.
    expect(await daily('from=2026-05-01&from=2026-06-10')).toEqual(['2026-06-15']);
    const promotions = await get('/read-models/promotion-history?from=2026-06-01');
    expect(promotions.body.items.map((p: { promotionId: string }) => p.promotionId)).toEqual(['p2']);
  });

  it('filters stock coverage by the account’s region, and counts the rows per region', async () => {
    const all = (await get('/read-models/stock-coverage')).body.items as {
      accountId: string;
      region: string;
    }[];
    expect(all.length).toBeGreaterThan(0);
    expect(all.map((row) => [row.accountId, row.region])).toContainEqual(['acme', 'East']);
    const east = (await get('/read-models/stock-coverage?region=East')).body.items;
    expect(east).toEqual(all.filter((row) => row.region === 'East'));
    expect((await get('/read-models/stock-coverage?region=Atlantis')).body.items).toEqual([]);
    const counts = await get('/read-models/stock-coverage/region-counts');
    expect(counts.status).toBe(200);
    expect(counts.body.rows).toBe(all.length);
    expect(counts.body.regions['East']).toBe(east.length);
  });

  it('computes time-dependent flags as of asOf, today by default', async () => {
    const today = await get('/read-models/stock-coverage?flag=STALE_DATA');
    expect(today.body.items).toEqual([]);
    const later = await get('/read-models/stock-coverage?flag=STALE_DATA&asOf=2026-07-15');
    expect(later.body.items).toHaveLength(1);
    expect(later.body.items[0]).toMatchObject({ accountId: 'acme', sku: 'SKU-1', asOf: '2026-07-15' });
    expect(later.body.items[0].flags).toContain('STALE_DATA');
    const both = await get('/read-models/stock-coverage?flag=STALE_DATA,OVERSTOCK&asOf=2026-07-15');
    const repeated = await get('/read-models/stock-coverage?flag=STALE_DATA&flag=OVERSTOCK&asOf=2026-07-15');
    expect(both.body.items).toEqual(repeated.body.items);
    // Either flag: the STALE_DATA row is among them, and every row has one of the two.
    expect(both.body.items).toEqual(expect.arrayContaining(later.body.items));
    expect(
      both.body.items.every(
        (r: { flags: string[] }) => r.flags.includes('OVERSTOCK') || r.flags.includes('STALE_DATA'),
      ),
    ).toBe(true);
    expect((await get('/read-models/stock-coverage')).body.items[0].asOf).toBe(TODAY);
  });

  it('sorts by a sortable field, descending with a leading -', async () => {
    const res = await get('/read-models/tier-status?sort=-t12mAmount');
    expect(res.status).toBe(200);
    const amounts = res.body.items.map((r: { t12mAmount: number | null }) => r.t12mAmount);
    expect(ids(res.body).slice(0, 3)).toEqual(['acme', 'beta', 'delta']);
    const numbers = amounts.filter((a: number | null): a is number => a !== null);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(ids((await get('/read-models/tier-status?sort=-accountId')).body)).toEqual([
      'gamma',
      'delta',
      'beta',
      'acme',
    ]);
  });

  it('walks every row a page at a time with nextCursor, and links the next page', async () => {
    const seen: string[] = [];
    let url = '/read-models/tier-status?limit=1&sort=-name';
    for (let pages = 0; pages < 10; pages += 1) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      seen.push(...ids(res.body));
      if (res.body.nextCursor === null) {
        expect(res.headers['link']).toBeUndefined();
        break;
      }
      expect(res.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      // The link is this request's URL with the cursor set.
      const sort = pages === 0 ? '&sort=-name' : '';
      expect(res.headers['link']).toBe(
        `</read-models/tier-status?limit=1${sort}&cursor=${res.body.nextCursor}>; rel="next"`,
      );
      url = `/read-models/tier-status?limit=1&cursor=${res.body.nextCursor}`;
    }
    expect(seen).toEqual(['gamma', 'delta', 'beta', 'acme']);
  });

  it('keeps the sort and asOf of the walk in the cursor, and refuses a different one beside it', async () => {
    const first = await get('/read-models/stock-coverage-daily?limit=1&sort=-reportDate&asOf=2026-07-01');
    const cursor = first.body.nextCursor as string;
    const next = await get(`/read-models/stock-coverage-daily?limit=1&cursor=${cursor}`);
    expect(next.body.items[0].reportDate).toBe('2026-06-08');
    const same = await get(
      `/read-models/stock-coverage-daily?limit=1&cursor=${cursor}&sort=-reportDate&asOf=2026-07-01`,
    );
    expect(same.body.items).toEqual(next.body.items);
    const otherSort = await get(`/read-models/stock-coverage-daily?cursor=${cursor}&sort=reportDate`);
    expect(otherSort.status).toBe(400);
    expect(errorPaths(otherSort.body)).toEqual(['query.cursor']);
    const otherDay = await get(`/read-models/stock-coverage-daily?cursor=${cursor}&asOf=2026-06-01`);
    expect(otherDay.status).toBe(400);
    expect(otherDay.body.errors[0].message).toMatch(/asOf=2026-07-01/);
  });

  it('answers a tampered, foreign or garbage cursor with 400 at query.cursor', async () => {
    const cursor = (await get('/read-models/tier-status?limit=1')).body.nextCursor as string;
    const flipped = `${cursor.slice(0, 30)}${cursor[30] === 'A' ? 'B' : 'A'}${cursor.slice(31)}`;
    const decoded = Buffer.from(cursor, 'base64url');
    const edited = Buffer.from(decoded.toString('latin1').replace('acme', 'beta'), 'latin1').toString(
      'base64url',
    );
    for (const bad of [flipped, edited, 'not-a-cursor', '!!!', 'e30']) {
      const res = await get(`/read-models/tier-status?cursor=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
      expect(errorPaths(res.body)).toEqual(['query.cursor']);
    }
    const foreign = await get(`/read-models/tier-changes?cursor=${cursor}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].message).toMatch(/tier-status/);
  });

  it('answers every bad parameter at once: 400 with errors at query.<param>', async () => {
    const res = await get(
      '/read-models/tier-status?tier=Q&limit=0&asOf=2026-02-30&bogus=1&sort=-region&capBreach=maybe&minPosition=-1&industry[x]=1',
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:kare:problem:invalid-request',
      title: 'Bad request',
      status: 400,
      code: 'INVALID_REQUEST',
    });
    expect(errorPaths(res.body)).toEqual([
      'query.asOf',
      'query.bogus',
      'query.capBreach',
      'query.industry',
      'query.limit',
      'query.minPosition',
      'query.sort',
      'query.tier',
    ]);
    expect(res.body.errors.find((e: { path: string }) => e.path === 'query.tier').message).toMatch(
      /A, B, C, NONE/,
    );
  });

  it('checks each value against its filter’s type and the page parameters’ ranges', async () => {
    const cases: [string, string][] = [
      ['/read-models/tier-changes?from=2026-13-01', 'query.from'],
      ['/read-models/tier-changes?to=yesterday', 'query.to'],
      ['/read-models/tier-changes?direction=sideways', 'query.direction'],
      ['/read-models/stock-coverage?insufficientData=yes', 'query.insufficientData'],
      ['/read-models/stock-coverage?flag=STALE_DATA,', 'query.flag'],
      ['/read-models/promotion-history?kind=GIFT', 'query.kind'],
      ['/read-models/tier-status?limit=501', 'query.limit'],
      ['/read-models/tier-status?limit=1.5', 'query.limit'],
      ['/read-models/tier-status?limit=1&limit=2', 'query.limit'],
      ['/read-models/tier-status?sort=name&sort=tier', 'query.sort'],
      ['/read-models/tier-status?region=', 'query.region'],
      ['/read-models/tier-status?asOf=2026-06-15T00:00:00Z', 'query.asOf'],
      ['/read-models/tier-status?minPosition=abc', 'query.minPosition'],
    ];
    for (const [url, path] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(400);
      expect(errorPaths(res.body), url).toEqual([path]);
    }
  });

  it('answers Accept: text/csv with the same rows as CSV, a header line of the field names', async () => {
    const model = READ_MODELS.find((m) => m.name === 'tier-status')!;
    const json = await get('/read-models/tier-status?industry=TECHNOLOGY');
    const csv = await get('/read-models/tier-status?industry=TECHNOLOGY').set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['x-projection-position']).toBe(json.body.position);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(model.fields.map((f) => f.name).join(','));
    expect(lines).toHaveLength(json.body.items.length + 2);
    expect(lines.at(-1)).toBe('');
    const acme = lines[1]!.split(',');
    expect(acme[0]).toBe('acme');
    expect(acme[model.fields.findIndex((f) => f.name === 'managerId')]).toBe('mgr-li');
    const overrideUntil = model.fields.findIndex((f) => f.name === 'overrideUntil');
    expect(acme[overrideUntil]).toBe('');
  });

  it('pages CSV with a Link header and joins lists with |', async () => {
    const first = await get('/read-models/stock-coverage-daily?limit=2').set('Accept', 'text/csv');
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers['link'] ?? '');
    expect(link).not.toBeNull();
    const second = await get(link![1]!).set('Accept', 'text/csv');
    expect(second.status).toBe(200);
    const column = READ_MODELS.find((m) => m.name === 'stock-coverage-daily')!.fields.findIndex(
      (f) => f.name === 'reportDate',
    );
    const dates = [first, second].flatMap((res) =>
      res.text
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[column]),
    );
    expect(dates).toEqual(['2026-05-25', '2026-06-01', '2026-06-08', '2026-06-15']);
    const promotions = await get('/read-models/promotion-history?promotionId=p1').set('Accept', 'text/csv');
    expect(promotions.status).toBe(400); // promotionId is no filter
    const p1 = await get('/read-models/promotion-history?status=APPROVED').set('Accept', 'text/csv');
    expect(p1.text.split('\r\n')[1]).toContain(',SKU-1,');
  });

  it('answers an Accept it cannot satisfy with 406', async () => {
    const res = await get('/read-models/tier-status').set('Accept', 'application/xml');
    expect(res.status).toBe(406);
    expect(res.body).toMatchObject({ code: 'NOT_ACCEPTABLE', available: ['application/json', 'text/csv'] });
    const any = await get('/read-models/tier-status').set('Accept', '*/*');
    expect(any.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers an unknown read model with 404 UNKNOWN_READ_MODEL naming the known ones', async () => {
    const res = await get('/read-models/revenue-forecast');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_READ_MODEL' });
    expect(res.body.readModels).toEqual(READ_MODELS.map((m) => m.name));
  });
});

describe('GET /read-models/tier-status/{accountId}', () => {
  it('answers the one presented row, as of asOf', async () => {
    const res = await get('/read-models/tier-status/beta');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      accountId: 'beta',
      tier: 'B',
      industry: 'FINANCE',
      managerId: 'mgr-wang',
    });
    const list = await get('/read-models/tier-status?accountId=beta');
    expect(res.body).toEqual(list.body.items[0]);
    expect(res.headers['x-projection-position']).toBe(list.body.position);
    const asOf = await get('/read-models/tier-status/beta?asOf=2026-01-10');
    expect(asOf.status).toBe(200);
    const csv = await get('/read-models/tier-status/beta').set('Accept', 'text/csv');
    expect(csv.text.split('\r\n')[1]!.startsWith('beta,beta Ltd,FINANCE,West,mgr-wang,')).toBe(true);
  });

  it('answers an absent account with 404 NOT_FOUND, and page parameters with 400', async () => {
    const res = await get('/read-models/tier-status/ghost');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', accountId: 'ghost', status: 404 });
    const sorted = await get('/read-models/tier-status/acme?sort=name&tier=A');
    expect(sorted.status).toBe(400);
    expect(errorPaths(sorted.body)).toEqual(['query.sort', 'query.tier']);
  });
});

describe('GET /read-models/{name}/{report}', () => {
  it('runs the tier × industry matrix over the filtered rows', async () => {
    const all = await get('/read-models/tier-status/matrix');
    expect(all.status).toBe(200);
    expect(all.body.A.TECHNOLOGY).toBe(1);
    expect(all.body.B.FINANCE).toBe(1);
    expect(all.body.C.TECHNOLOGY).toBe(1);
    expect(all.body.NONE.RETAIL).toBe(1);
    const technology = await get('/read-models/tier-status/matrix?industry=TECHNOLOGY');
    expect(technology.body.B.FINANCE).toBe(0);
    expect(technology.body.A.TECHNOLOGY).toBe(1);
  });

  it('runs every report of every read model', async () => {
    for (const model of READ_MODELS) {
      for (const report of model.reports) {
        const res = await get(`/read-models/${model.name}/${report.name}`);
        expect(res.status, `${model.name}/${report.name}`).toBe(200);
        expect(res.headers['x-projection-position']).toMatch(/^[0-9]+$/);
      }
    }
    const flags = await get('/read-models/stock-coverage/flag-counts?asOf=2026-07-15');
    expect(flags.body).toMatchObject({ asOf: '2026-07-15', rows: 1, flags: { STALE_DATA: 1 } });
    const spend = await get('/read-models/promotion-history/spend-by-tier?status=APPROVED');
    expect(spend.body).toEqual([
      expect.objectContaining({ group: 'A', promotions: 1, budgetAmount: 100_000 }),
    ]);
  });

  it('answers an unknown report with 404 UNKNOWN_REPORT, page parameters with 400, CSV with 406', async () => {
    const unknown = await get('/read-models/promotion-history/best-sellers');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_REPORT' });
    expect(unknown.body.reports).toContain('spend-by-tier');
    const paged = await get('/read-models/tier-status/matrix?limit=5');
    expect(paged.status).toBe(400);
    expect(errorPaths(paged.body)).toEqual(['query.limit']);
    const csv = await get('/read-models/tier-status/matrix').set('Accept', 'text/csv');
    expect(csv.status).toBe(406);
  });
});

describe('GET /projections', () => {
  it('answers each projection’s version, position, head and lag as decimal strings, and its state', async () => {
    const head = (await server.engine.store.headPosition()).toString();
    const res = await get('/projections');
    expect(res.status).toBe(200);
    expect(res.body.projections.map((p: { name: string }) => p.name)).toEqual(server.engine.projector.names);
    for (const projection of res.body.projections)
      expect(projection).toEqual({
        name: projection.name,
        version: expect.any(Number),
        position: head,
        head,
        lag: '0',
        state: 'stopped',
      });
  });
});

describe('access', () => {
  const routes = [
    '/read-models/tier-status',
    '/read-models/tier-status/acme',
    '/read-models/tier-status/matrix',
    '/read-models/stock-coverage/flag-counts',
    '/projections',
  ];

  it('lets analysts and admins in', async () => {
    for (const url of routes) {
      expect((await get(url, 'analyst')).status, url).toBe(200);
      expect((await get(url, 'admin')).status, url).toBe(200);
    }
  });

  it('answers other roles with 403 FORBIDDEN and a missing or unknown key with 401', async () => {
    for (const url of routes) {
      for (const role of ['auditor', 'operator', 'integrator'] as const) {
        const res = await get(url, role);
        expect(res.status, `${role} ${url}`).toBe(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN', type: 'urn:kare:problem:forbidden' });
      }
      const none = await get(url, null);
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('UNAUTHENTICATED');
      const wrong = await request(server.app).get(url).set('Authorization', 'Bearer nope');
      expect(wrong.status).toBe(401);
    }
  });

  it('answers a path that is not valid percent-encoding with 400, not 500', async () => {
    const res = await get('/read-models/tier-status/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_PATH');
  });
});

describe('with writes between reads', () => {
  let own: TestServer | undefined;
  afterEach(async () => {
    await own?.close();
    own = undefined;
  });

  const register = (s: TestServer, accountId: string, name = `${accountId} Ltd`) =>
    s.send(
      'account',
      accountId,
      'RegisterAccount',
      { accountId, name, industry: 'RETAIL', region: 'North' },
      `${TODAY}T10:00:00.000Z`,
    );

  it('keeps pages stable when rows arrive before and after the cursor', async () => {
    own = startServer();
    for (const id of ['b', 'd', 'f', 'h']) await register(own, id);
    await own.engine.projector.catchUp();
    const first = await get('/read-models/tier-status?limit=2', 'analyst', own);
    expect(ids(first.body)).toEqual(['b', 'd']);
    for (const id of ['a', 'c', 'e', 'z']) await register(own, id);
    await own.engine.projector.catchUp();
    const second = await get(
      `/read-models/tier-status?limit=2&cursor=${first.body.nextCursor}`,
      'analyst',
      own,
    );
    expect(ids(second.body)).toEqual(['e', 'f']);
    const third = await get(
      `/read-models/tier-status?limit=2&cursor=${second.body.nextCursor}`,
      'analyst',
      own,
    );
    expect(ids(third.body)).toEqual(['h', 'z']);
    expect(third.body.nextCursor).toBeNull();
  });

  it('quotes CSV cells holding commas, quotes and line breaks (RFC 4180)', async () => {
    own = startServer();
    await register(own, 'q1', 'Quote "Q", Ltd');
    await own.engine.projector.catchUp();
    const csv = await get('/read-models/tier-status', 'analyst', own).set('Accept', 'text/csv');
    expect(csv.text.split('\r\n')[1]!.startsWith('q1,"Quote ""Q"", Ltd",RETAIL,North,,PROSPECT,')).toBe(true);
  });

  it('serves a report over an account of the same name only through the filter', async () => {
    own = startServer();
    await register(own, 'matrix');
    await own.engine.projector.catchUp();
    const report = await get('/read-models/tier-status/matrix', 'analyst', own);
    expect(report.body.NONE.RETAIL).toBe(1);
    expect(report.body.accountId).toBeUndefined();
    const row = await get('/read-models/tier-status?accountId=matrix', 'analyst', own);
    expect(ids(row.body)).toEqual(['matrix']);
  });

  it('waits for minPosition: answers once the projection has passed it', async () => {
    own = startServer();
    await register(own, 'first');
    await own.engine.projector.catchUp();
    const written = await register(own, 'second');
    const reading = get(`/read-models/tier-status?minPosition=${written.position}`, 'analyst', own).then(
      (r) => r,
    );
    await own.engine.projector.catchUp();
    const res = await reading;
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(['first', 'second']);
    expect(BigInt(res.body.position)).toBeGreaterThanOrEqual(written.position);
    const reached = await get(`/read-models/tier-status?minPosition=1`, 'analyst', own);
    expect(reached.status).toBe(200);
  });

  it('never serves presented rows older than the projection: a new event shows in the next read', async () => {
    own = startServer();
    await register(own, 'first');
    await own.engine.projector.catchUp();
    expect(ids((await get('/read-models/tier-status', 'analyst', own)).body)).toEqual(['first']);
    expect(ids((await get('/read-models/tier-status', 'analyst', own)).body)).toEqual(['first']);
    await register(own, 'second');
    await own.engine.projector.catchUp();
    expect(ids((await get('/read-models/tier-status', 'analyst', own)).body)).toEqual(['first', 'second']);
  });

  it('answers 503 with Retry-After when minPosition is not reached in time', async () => {
    own = startServer({ minPositionWaitMs: 50 });
    await register(own, 'first');
    await own.engine.projector.catchUp();
    const beyond = (await own.engine.store.headPosition()) + 5n;
    for (const url of [
      `/read-models/tier-status?minPosition=${beyond}`,
      `/read-models/tier-status/first?minPosition=${beyond}`,
      `/read-models/tier-status/matrix?minPosition=${beyond}`,
    ]) {
      const res = await get(url, 'analyst', own);
      expect(res.status, url).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({
        code: 'PROJECTION_BEHIND',
        projection: 'tier-status',
        minPosition: beyond.toString(),
      });
    }
  });

  it('answers 503 READ_MODEL_UNAVAILABLE before a read model is first built', async () => {
    own = startServer();
    const res = await get('/read-models/tier-status', 'analyst', own);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.code).toBe('READ_MODEL_UNAVAILABLE');
  });
});
