// Issue #14, "A suite that keeps it so": every route of the API under arbitrary path parameters,
// query strings, headers and bodies never answers a 5xx (but the 503s a route documents for a
// read that waits on a projection), answers a refusal as a problem, and stores nothing when it
// refuses, nor on any read. The routes come from the OpenAPI document the endpoint tables build,
// so a route added to a table is fuzzed without a line here.
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../adapters/http/server.js';
import { bodyOf, valueOf } from '../adapters/http/json-schema-arbitrary.js';
import { openTestServer, seedAcmeBook, type TestServer } from '../adapters/http/server-fixture.js';

/** Requests per route: ~60 routes in well under 30 s (KARE_FUZZ_RUNS=500 digs deeper). */
const RUNS = Number(process.env['KARE_FUZZ_RUNS'] ?? 12);
const AT = '2026-05-04T09:00:00.000Z';

type Schema = Record<string, unknown>;
interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly schema?: Schema;
}
interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: Schema }> };
  readonly responses: Record<string, unknown>;
}
interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

let server: TestServer;
let base: string;

/** What the seeded book holds, and some that it does not: a fuzzed id hits one often. */
const IDS = ['acme', 'acme-g', 'acme-s', 'ghost'];
const KNOWN = [
  ...IDS,
  'account-acme',
  'agreement-acme-g',
  'supply-acme-s',
  'account-ghost',
  'AccountRegistered',
  'RevenueRecorded',
  'matrix',
];
/** The seeded aggregate or stream of a collection. */
const SEEDED: Readonly<Record<string, readonly string[]>> = {
  accounts: ['acme'],
  agreements: ['acme-g'],
  'supply-commitments': ['acme-s'],
  streams: ['account-acme', 'agreement-acme-g', 'supply-acme-s'],
  schemas: ['AccountRegistered', 'RevenueRecorded'],
  'read-models': ['acme', 'matrix'],
};
const PLAUSIBLE = [
  '',
  '0',
  '1',
  '-1',
  '3',
  '500',
  '99999999999999999999',
  '1e3',
  '2026-05-04',
  '2026-02-30',
  '1999-12-31',
  '2026-05',
  '2026-05-04T09:00:00Z',
  'A',
  'NONE',
  'RETAIL',
  'account',
  'true',
  'false',
  'up',
  'backward',
  '-t12mAmount',
  '%zz',
  '__proto__',
  'constructor',
  '\u0000',
  'é',
];

/** A JSON Schema with its `$ref`s to the document's components inlined (a few levels deep). */
const resolve = (schema: unknown, components: Record<string, unknown>, depth = 0): unknown => {
  if (Array.isArray(schema)) return schema.map((s) => resolve(s, components, depth));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref !== undefined)
    return depth > 6 ? {} : resolve(components[ref.split('/').pop()!], components, depth + 1);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, resolve(v, components, depth)]));
};

/** Every operation of the document: method, path template and what it takes. */
const operationsOf = (doc: Record<string, unknown>) => {
  const components = ((doc['components'] as { schemas?: Record<string, unknown> }).schemas ?? {}) as Record<
    string,
    unknown
  >;
  return Object.entries(doc['paths'] as Record<string, Record<string, Operation>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const json = operation.requestBody?.content['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          path,
          parameters: operation.parameters ?? [],
          body: json === undefined ? undefined : (resolve(json, components) as Schema),
          documents503: '503' in operation.responses,
        };
      }),
  );
};
type Route = ReturnType<typeof operationsOf>[number];

/** Sends one request as written (no normalisation of its path); an event stream is hung up on at its head. */
const send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Answer> =>
  new Promise((resolveAnswer, reject) => {
    // Framed by its length: a GET's body is otherwise sent bare, and read as the next request.
    const framed =
      body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest(`${base}${path}`, { method, headers: framed }, (res) => {
      const type = res.headers['content-type'] ?? '';
      if (type.startsWith('text/event-stream')) {
        resolveAnswer({ status: res.statusCode!, type, body: '' });
        req.destroy();
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveAnswer({ status: res.statusCode!, type, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });

const text = (value: unknown): string =>
  Array.isArray(value)
    ? value.map(String).join(',')
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

type Part = 'path' | 'query' | 'headers' | 'body';
/** Each part of a request as a careful client sends it, and as a hostile or clumsy one does. */
type Parts<A> = { readonly plausible: fc.Arbitrary<A>; readonly hostile: fc.Arbitrary<A> };

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

/** The webhook the book registers (its id is made by the server). */
const WEBHOOK_IDS: string[] = [];

/** The seeded ids a path under this collection most likely takes (all of them for another). */
const seededFor = (path: string): readonly string[] => {
  const collection = path.split('/')[1];
  const seeded = collection === 'webhooks' ? WEBHOOK_IDS : SEEDED[collection ?? ''];
  return seeded === undefined ? KNOWN : [...seeded, 'ghost'];
};

/** The path parameters: seeded ids, or anything at all (a broken %-escape included). */
const pathOf = (route: Route): Parts<string> => {
  const names = route.parameters.filter((p) => p.in === 'path');
  const fill = (value: (p: Parameter) => fc.Arbitrary<string>) =>
    fc
      .tuple(...names.map(value))
      .map((values) => names.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i]!), route.path));
  return {
    plausible: fill(() => fc.constantFrom(...seededFor(route.path)).map(encodeURIComponent)),
    hostile: fill((p) =>
      fc.oneof(
        valueOf(p.schema ?? {}, { ids: IDS }).map((v) => encodeURIComponent(text(v))),
        fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent),
        fc.constantFrom('%zz', '%E0%A4%A', '..', '%2F', 'a%00b'),
      ),
    ),
  };
};

/** The query: the route's own parameters with values their schemas allow, or anything. */
const queryOf = (route: Route): Parts<string> => {
  const known = route.parameters.filter((p) => p.in === 'query');
  const pairs = (pair: fc.Arbitrary<string>) => fc.array(pair, { maxLength: 4 }).map((all) => all.join('&'));
  const plausible =
    known.length === 0
      ? fc.constant('')
      : fc.oneof(
          fc.constant(''),
          pairs(
            fc
              .constantFrom(...known)
              .chain((p) =>
                valueOf(p.schema ?? {}, { ids: IDS }).map((v) => `${p.name}=${encodeURIComponent(text(v))}`),
              ),
          ),
        );
  const name = fc.oneof(
    ...(known.length > 0 ? [{ arbitrary: fc.constantFrom(...known.map((p) => p.name)), weight: 3 }] : []),
    { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
  );
  const value = fc.oneof(fc.constantFrom(...PLAUSIBLE), fc.string({ maxLength: 16 }));
  const pair = fc
    .tuple(name, fc.constantFrom('', '', '[]', '[x]'), value, fc.boolean())
    .map(([key, suffix, v, bare]) =>
      bare
        ? encodeURIComponent(key) + suffix
        : `${encodeURIComponent(key)}${suffix}=${encodeURIComponent(v)}`,
    );
  return {
    plausible,
    hostile: fc.oneof(
      pairs(pair),
      // Raw query text, broken escapes included.
      fc.string({ unit: fc.constantFrom(...'aZ09-_.~%&=[],+;:'.split('')), maxLength: 30 }),
    ),
  };
};

/** The headers the route reads and a representation asked for; hostile ones are any printable ASCII. */
const headersOf = (route: Route): Parts<Record<string, string>> => {
  const own = route.parameters.filter((p) => p.in === 'header').map((p) => p.name);
  const hostileValue = fc.oneof(printable, fc.constantFrom('1', '0', '"0"', '*', '99999999999999999999', ''));
  const headers = (value: fc.Arbitrary<string | undefined>, accepts: readonly (string | undefined)[]) =>
    fc.tuple(fc.tuple(...own.map(() => value)), fc.constantFrom(...accepts)).map(([values, accept]) => {
      const out: Record<string, string> = {};
      own.forEach((name, i) => {
        if (values[i] !== undefined) out[name] = values[i];
      });
      if (accept !== undefined) out['accept'] = accept;
      return out;
    });
  return {
    plausible: headers(fc.constant(undefined), [undefined, 'application/json', '*/*']),
    hostile: headers(fc.option(hostileValue, { nil: undefined }), [
      'text/csv',
      'text/event-stream',
      'image/png',
      'application/json;q=0',
      undefined,
    ]),
  };
};

interface SentBody {
  readonly text?: string;
  readonly type?: string;
}
const json = (value: unknown): SentBody => ({ text: JSON.stringify(value), type: 'application/json' });
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body: one the schema suggests (so requests get past validation), or a broken one, or none. */
const bodyFor = (route: Route): Parts<SentBody> => {
  const broken = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }).map(json),
    fc.string({ maxLength: 30 }).map((t) => ({ text: t, type: 'application/json' })),
    fc.jsonValue({ maxDepth: 1 }).map((v) => ({ text: JSON.stringify(v), type: 'text/plain' })),
  );
  if (route.body === undefined) return { plausible: fc.constant({}), hostile: broken };
  const schema = route.body;
  return {
    plausible: valueOf(schema, { ids: IDS }).map((body) => json(isObject(body) ? { ...body, at: AT } : body)),
    hostile: fc.oneof(
      {
        arbitrary: bodyOf(schema, { ids: IDS }).map((b) => json(isObject(b) ? { at: AT, ...b } : b)),
        weight: 3,
      },
      { arbitrary: broken, weight: 1 },
    ),
  };
};

/** A request with at most one hostile part, so most get past the others into the part under attack. */
const requestOf = (route: Route) => {
  const parts = {
    path: pathOf(route),
    query: queryOf(route),
    headers: headersOf(route),
    body: bodyFor(route),
  };
  return fc.constantFrom<Part | 'none'>('none', 'path', 'query', 'headers', 'body', 'body').chain((hostile) =>
    fc.record({
      path: hostile === 'path' ? parts.path.hostile : parts.path.plausible,
      query: hostile === 'query' ? parts.query.hostile : parts.query.plausible,
      headers: hostile === 'headers' ? parts.headers.hostile : parts.headers.plausible,
      body: hostile === 'body' ? parts.body.hostile : parts.body.plausible,
    }),
  );
};

/** The webhook registry as it stands (the routes under /webhooks store there, not in the log). */
const webhooksNow = async (): Promise<string> =>
  JSON.stringify(await server.engine.webhooks.list(), (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );

const post = async (path: string, body: Record<string, unknown>) => {
  const answer = await send(
    'POST',
    path,
    { 'content-type': 'application/json' },
    JSON.stringify({ at: AT, ...body }),
  );
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${answer.body}`);
};

beforeAll(async () => {
  // The projector runs (the reads read something); the process managers do not, so nothing but
  // the request under test writes to the log. A read waiting on a position gives up at once.
  server = openTestServer({ start: false, minPositionWaitMs: 5, indexWaitMs: 2000 });
  base = await server.listen();
  await seedAcmeBook(post);
  await post('/accounts/acme/record-revenue', {
    period: '2026-04',
    amount: { amount: 500_000_00, currency: 'CNY' },
    sourceRef: 'billing-run',
  });
  await server.engine.projector.catchUp();
  server.engine.projector.start();
  // A webhook to a public address literal (no DNS needed); the webhooks don't run, nothing is sent.
  const hook = await send(
    'POST',
    '/webhooks',
    { 'content-type': 'application/json' },
    JSON.stringify({ url: 'http://93.184.216.34/hook' }),
  );
  if (hook.status !== 201) throw new Error(`/webhooks: ${hook.status} ${hook.body}`);
  WEBHOOK_IDS.push((JSON.parse(hook.body) as { id: string }).id);
}, 30_000);
afterAll(() => server.close());

describe('every route under arbitrary requests', () => {
  // The document the server serves, built from every endpoint table.
  const routes = operationsOf(buildOpenApi());

  const statuses = new Map(routes.map((route) => [route, new Set<number>()]));

  it('covers every route the document declares', () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: never a 5xx, a refusal is a problem and stores nothing',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(requestOf(route), async ({ path, query, headers, body }) => {
          const url = query === '' ? path : `${path}?${query}`;
          const head = await server.engine.store.headPosition();
          const hooks = await webhooksNow();
          const answer = await send(
            route.method,
            url,
            { ...headers, ...(body.type === undefined ? {} : { 'content-type': body.type }) },
            body.text,
          );
          statuses.get(route)!.add(answer.status);
          const what = `${route.method} ${url} ${JSON.stringify(headers)} ${body.text ?? ''} → ${answer.status} ${answer.body.slice(0, 300)}`;
          if (answer.status >= 500) {
            // A read that waits on a projection or the index may give up: documented, and a 503.
            expect(route.documents503 && answer.status === 503, what).toBe(true);
            expect(answer.body, what).toMatch(/"code":"(PROJECTION_BEHIND|INDEX_BEHIND)"/);
            if (answer.body.includes('PROJECTION_BEHIND')) expect(query, what).toMatch(/minPosition/);
          }
          if (answer.status >= 400) expect(answer.type, what).toMatch(/^application\/problem\+json/);
          if (answer.status >= 400 || route.method === 'GET') {
            expect(await server.engine.store.headPosition(), `stored something: ${what}`).toBe(head);
            expect(await webhooksNow(), `changed a webhook: ${what}`).toBe(hooks);
          }
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('gets past validation into the handlers: not everything is bounced at the door', () => {
    const bounced = routes
      .filter((route) => [...statuses.get(route)!].every((status) => status === 400 || status === 415))
      .map((route) => `${route.method} ${route.path}`);
    expect(bounced.length, bounced.join(', ')).toBeLessThanOrEqual(routes.length / 10);
  });
});
