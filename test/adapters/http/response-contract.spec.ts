// Real responses against the published contract: a book written over HTTP to the real app on the
// SQLite engine, then every endpoint with a JSON answer called, each response body checked twice:
// by the endpoint's io-ts response codec, and by its schema in the served OpenAPI document
// (compiled by ajv; `$ref`s resolve in the document's components).
// OpenAPI 3.1 schemas are JSON Schema 2020-12: ajv's 2020 dialect compiles them.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isRight } from 'fp-ts/lib/Either.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ENDPOINTS } from '../../../adapters/http/audit-routes.js';
import { COMMAND_ENDPOINTS } from '../../../adapters/http/command-routes.js';
import type { Endpoint } from '../../../adapters/http/endpoint.js';
import { INTEGRATOR_ENDPOINTS } from '../../../adapters/http/integrator-routes.js';
import { OPERATOR_ENDPOINTS } from '../../../adapters/http/operator-routes.js';
import { PERSONAL_DATA_ENDPOINTS } from '../../../adapters/http/personal-data-routes.js';
import { PUBLIC_ENDPOINTS } from '../../../adapters/http/public-routes.js';
import { readModelEndpoints } from '../../../adapters/http/read-model-routes.js';
import { WEBHOOK_ENDPOINTS } from '../../../adapters/http/webhook-routes.js';
import { openTestServer, type TestServer } from './server-fixture.js';

const AT = '2026-05-04T09:00:00.000Z';

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** One request and what came back, named by the document's path. */
interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

const ENDPOINTS: readonly Endpoint<never>[] = [
  ...COMMAND_ENDPOINTS,
  ...OPERATOR_ENDPOINTS,
  ...readModelEndpoints(),
  ...AUDIT_ENDPOINTS,
  ...INTEGRATOR_ENDPOINTS,
  ...PUBLIC_ENDPOINTS,
  ...WEBHOOK_ENDPOINTS,
  ...PERSONAL_DATA_ENDPOINTS,
];

/** The ids the book writes, by the path parameters that name them. */
const ID_OF_BASE: Record<string, string> = {
  accounts: 'acme',
  agreements: 'acme-g',
  'supply-commitments': 'acme-s',
  groups: 'acme-grp',
};
const urlOf = (path: string): string =>
  path
    .replace(/^\/([a-z-]+)\/\{id\}/, (_all, base: string) => `/${base}/${ID_OF_BASE[base]}`)
    .replace('{streamId}', 'account-acme')
    .replace('{accountId}', 'acme');

const BOOK: readonly [string, string, Record<string, unknown>][] = [
  ['/accounts', '/accounts', { accountId: 'acme', name: 'Acme', industry: 'RETAIL', region: 'North' }],
  [
    '/accounts/{id}/assign-account-manager',
    '/accounts/acme/assign-account-manager',
    { managerId: 'm-1', effectiveFrom: '2026-05-01' },
  ],
  [
    '/agreements',
    '/agreements',
    {
      agreementId: 'acme-g',
      accountId: 'acme',
      validity: { from: '2026-05-01', to: '2027-04-30' },
      deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 7 },
      priceExpectations: {},
    },
  ],
  [
    '/agreements/{id}/activate-agreement',
    '/agreements/acme-g/activate-agreement',
    { signedBy: 'Chen Wei', signedOn: '2026-05-03' },
  ],
  [
    '/supply-commitments',
    '/supply-commitments',
    {
      commitmentId: 'acme-s',
      accountId: 'acme',
      agreementId: 'acme-g',
      sku: 'SKU-ROUTER',
      window: { from: '2026-06-01', to: '2026-12-31' },
      committedQty: 500,
    },
  ],
  ...['2026-01', '2026-02', '2026-03', '2026-04'].map((period): [string, string, Record<string, unknown>] => [
    '/accounts/{id}/record-revenue',
    '/accounts/acme/record-revenue',
    { period, amount: { amount: 30_000_000, currency: 'CNY' }, sourceRef: `ERP-${period}` },
  ]),
  [
    '/accounts/{id}/set-account-plan',
    '/accounts/acme/set-account-plan',
    {
      year: 2026,
      revenueTarget: { amount: 400_000_000, currency: 'CNY' },
      skuTargets: { 'SKU-ROUTER': 1000 },
      promotionBudget: { amount: 1_000_000, currency: 'CNY' },
      stockTargets: { 'SKU-ROUTER': { offSeasonDays: 14, peakDays: 30 } },
    },
  ],
  [
    '/agreements/{id}/propose-promotion',
    '/agreements/acme-g/propose-promotion',
    {
      promotionId: 'p1',
      kind: 'JOINT_PROMOTION',
      window: { from: '2026-06-01', to: '2026-06-30' },
      skus: ['SKU-ROUTER'],
      plannedQty: 500,
      budget: { amount: 100_000, currency: 'CNY' },
      concessionBp: 500,
      fundingSplitBp: 5000,
    },
  ],
  ...[
    ['2026-05-01', 400, 0],
    ['2026-05-03', 330, 70],
  ].map(([asOf, onHand, soldSinceLast]): [string, string, Record<string, unknown>] => [
    '/supply-commitments/{id}/report-stock-position',
    '/supply-commitments/acme-s/report-stock-position',
    { asOf, onHand, soldSinceLast },
  ]),
  [
    '/groups',
    '/groups',
    { groupId: 'acme-grp', name: 'Acme Group', industry: 'RETAIL', headquartersRegion: 'North' },
  ],
  ['/groups/{id}/add-member', '/groups/acme-grp/add-member', { accountId: 'acme' }],
  ['/month-end', '/month-end', { period: '2026-04' }],
  ['/shortages', '/shortages', { sku: 'SKU-ROUTER', available: 100 }],
];

/** Requests that go wrong, for the problem details' schemas. */
const PROBLEMS: readonly [string, string][] = [
  ['/accounts/{id}/history', '/accounts/ghost/history'],
  ['/streams/{streamId}/events', '/streams/account-acme/events?limit=0&page=2'],
  ['/read-models/tier-status', '/read-models/tier-status?tier=Q'],
];

let server: TestServer;
let document: Document;
const exchanges: Exchange[] = [];

const record = (method: string, path: string, res: request.Response): void => {
  exchanges.push({
    method,
    path,
    status: res.status,
    contentType: String(res.headers['content-type'] ?? ''),
    body: res.body,
  });
};

const jsonAnswerPaths = (doc: Document): [string, string][] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) =>
        Object.entries(op.responses).some(
          ([s, r]) => s < '300' && r.content?.['application/json'] !== undefined,
        ),
      )
      .map(([method]): [string, string] => [method, path]),
  );

beforeAll(async () => {
  server = openTestServer();
  for (const [path, url, body] of BOOK)
    record(
      'post',
      path,
      await request(server.app)
        .post(url)
        .send({ at: AT, ...body }),
    );
  await server.engine.projector.waitFor(await server.engine.store.headPosition(), 5000);
  // A webhook (to a public IP literal: no DNS, and the server delivers nothing here), changed and replayed.
  const hook = await request(server.app).post('/webhooks').send({ url: 'http://93.184.216.34/hook' });
  record('post', '/webhooks', hook);
  ID_OF_BASE['webhooks'] = (hook.body as { id: string }).id;
  const hookUrl = `/webhooks/${ID_OF_BASE['webhooks']}`;
  record('patch', '/webhooks/{id}', await request(server.app).patch(hookUrl).send({ state: 'paused' }));
  record('post', '/webhooks/{id}/replay', await request(server.app).post(`${hookUrl}/replay?from=0`));
  // A contact added, then its personal data erased: the reads below serve the erased event.
  await request(server.app)
    .post('/accounts/acme/add-contact')
    .send({ at: AT, contactId: 'ct-chen', name: 'Chen Jing', role: 'PURCHASER' })
    .expect(200);
  record('post', '/contacts/{contactId}/erase', await request(server.app).post('/contacts/ct-chen/erase'));
  document = (await request(server.app).get('/openapi.json')).body as Document;
  const posted = new Set(BOOK.map(([path]) => path));
  for (const [method, path] of jsonAnswerPaths(document)) {
    if (method !== 'get' || posted.has(path)) continue;
    record(method, path, await request(server.app).get(urlOf(path)));
  }
  for (const [path, url] of PROBLEMS) record('get', path, await request(server.app).get(url));
});
afterAll(async () => server.close());

const schemaOf = (exchange: Exchange, media: string): Schema | undefined =>
  document.paths[exchange.path]?.[exchange.method]?.responses[String(exchange.status)]?.content?.[media]
    ?.schema;

describe('real responses against the OpenAPI document', () => {
  it('writes the book (every command and process accepted)', () => {
    const refused = exchanges.filter((e) => e.method === 'post' && e.status >= 300);
    expect(refused.map((e) => `${e.path} ${JSON.stringify(e.body)}`)).toEqual([]);
  });

  it('reads a row of every read model (so every row codec meets a real row)', () => {
    const lists = exchanges.filter((e) => e.status === 200 && /^\/read-models\/[a-z-]+$/.test(e.path));
    expect(lists.length).toBeGreaterThan(3);
    for (const list of lists)
      expect((list.body as { items: unknown[] }).items.length, list.path).toBeGreaterThan(0);
  });

  it('calls every endpoint with a JSON answer, or one sharing its schema (a command’s result)', () => {
    const answered = new Set(exchanges.filter((e) => e.status < 300).map((e) => `${e.method} ${e.path}`));
    const schemasSeen = new Set(
      exchanges.filter((e) => e.status < 300).map((e) => JSON.stringify(schemaOf(e, 'application/json'))),
    );
    const unchecked = jsonAnswerPaths(document).filter(([method, path]) => {
      if (answered.has(`${method} ${path}`)) return false;
      const ok = document.paths[path]![method]!.responses;
      return !Object.entries(ok).some(
        ([s, r]) => s < '300' && schemasSeen.has(JSON.stringify(r.content?.['application/json']?.schema)),
      );
    });
    expect(unchecked).toEqual([]);
    expect(answered.size).toBeGreaterThan(20);
  });

  it('answers every call with what its endpoint declares (status and media type)', () => {
    for (const exchange of exchanges) {
      const media = exchange.contentType.split(';')[0]!;
      expect(
        schemaOf(exchange, media),
        `${exchange.method} ${exchange.path} ${exchange.status} ${media}`,
      ).toBeDefined();
    }
  });

  it('matches the schemas of the document', () => {
    const ajv = new Ajv2020({ allErrors: true });
    // The document's components ride along with each schema so its `$ref`s resolve.
    ajv.addKeyword('components');
    addFormats.default(ajv);
    for (const exchange of exchanges) {
      const schema = schemaOf(exchange, exchange.contentType.split(';')[0]!)!;
      const validate = ajv.compile({ ...schema, components: document.components });
      const valid = validate(exchange.body);
      expect(
        valid,
        `${exchange.method} ${exchange.path} ${exchange.status}: ${ajv.errorsText(validate.errors)}`,
      ).toBe(true);
    }
  });

  it('decodes with the endpoints’ response codecs', () => {
    const byOperation = new Map(ENDPOINTS.map((endpoint) => [endpoint.operationId, endpoint]));
    for (const exchange of exchanges.filter((e) => e.status < 300 || e.path === '/health')) {
      const operationId = document.paths[exchange.path]![exchange.method]!.operationId;
      const codec = byOperation.get(operationId)?.answers[String(exchange.status)]?.json;
      expect(codec, operationId).toBeDefined();
      expect(isRight(codec!.decode(exchange.body)), `${operationId}: ${JSON.stringify(exchange.body)}`).toBe(
        true,
      );
    }
  });
});
