// Property: whatever query string a client sends to a read-model route (list, row, report), the
// answer is never a 5xx; a 400 is a validation problem naming query parameters.
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { READ_MODELS } from '../../../projections/index.js';
import { bearer, startServer, writeBook, type TestServer } from './analyst-book.js';

let server: TestServer;
let validCursor: string;

beforeAll(async () => {
  // A short minPosition wait: a fuzzed position beyond the head answers 503 quickly.
  server = startServer({ minPositionWaitMs: 5 });
  await writeBook(server);
  const page = await request(server.app)
    .get('/read-models/tier-status?limit=1')
    .set('Authorization', bearer('analyst'));
  validCursor = page.body.nextCursor as string;
});
afterAll(() => server.close());

const routes = READ_MODELS.flatMap((model) => [
  `/read-models/${model.name}`,
  ...model.reports.map((report) => `/read-models/${model.name}/${report.name}`),
]).concat(['/read-models/tier-status/acme', '/read-models/tier-status/ghost']);

const knownParams = [
  ...new Set(READ_MODELS.flatMap((model) => model.filters.map((filter) => filter.param))),
  'sort',
  'limit',
  'cursor',
  'asOf',
  'minPosition',
];

const plausibleValues = [
  'A',
  'NONE',
  'TECHNOLOGY',
  'STALE_DATA,OVERSTOCK',
  'true',
  'false',
  'up',
  '2026-06-15',
  '2026-02-30',
  '2026-06',
  '-t12mAmount',
  'dos',
  '0',
  '1',
  '500',
  '-1',
  '99999999999999999999999',
  '1e3',
  '',
  '%zz',
  '__proto__',
  'constructor',
];

const key = fc.tuple(
  fc.oneof(fc.constantFrom(...knownParams), fc.string({ maxLength: 10 })),
  fc.constantFrom('', '[]', '[x]', '[0]'),
);
const value = fc.oneof(
  fc.constantFrom(...plausibleValues),
  fc.string({ maxLength: 24 }),
  fc.integer().map(String),
  fc.constant('cursor'),
);

/** One `key=value` pair, percent-encoded except for the bracket suffix qs reads as nesting. */
const pair = fc
  .tuple(key, value, fc.boolean())
  .map(([[name, suffix], v, bare]) =>
    bare
      ? encodeURIComponent(name) + suffix
      : `${encodeURIComponent(name)}${suffix}=${encodeURIComponent(v === 'cursor' ? validCursor : v)}`,
  );

const queryString = fc.oneof(
  fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&')),
  // Raw text of the characters a query may carry, broken escapes included.
  fc.string({ unit: fc.constantFrom(...'aA0-_.~%&=[],+;:'.split('')), maxLength: 40 }),
);

describe('read-model routes under arbitrary query strings', () => {
  for (const route of routes) {
    it(`never answer ${route} with a 5xx other than a 503 for minPosition`, async () => {
      await fc.assert(
        fc.asyncProperty(
          queryString,
          fc.constantFrom('application/json', 'text/csv', '*/*'),
          async (query, accept) => {
            const res = await request(server.app)
              .get(`${route}?${query}`)
              .set('Authorization', bearer('analyst'))
              .set('Accept', accept);
            if (res.status === 503)
              return res.body.code === 'PROJECTION_BEHIND' && /minPosition(\[\w*\])?=/.test(query);
            if (res.status >= 500) return false;
            if (res.status === 400)
              return (
                res.body.code === 'INVALID_REQUEST' &&
                (res.body.errors as { path: string }[]).every((e) => e.path.startsWith('query.'))
              );
            return res.status === 200 || res.status === 404 || res.status === 406;
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
