import { compileErrors, validate } from '@readme/openapi-parser';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../../../domain/index.js';
import { kebabCase } from '../../../domain/kernel/index.js';
import { openApiDocument } from '../../../adapters/http/openapi.js';
import { openTestServer, type TestServer } from './server-fixture.js';

type Operation = {
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
  security: unknown[];
};

let server: TestServer;
afterEach(async () => server.close());

const fetchDocument = async (): Promise<Document> => {
  server = openTestServer({ keys: 'k=operator', start: false });
  const res = await request(server.app).get('/openapi.json');
  expect(res.status).toBe(200);
  return res.body as Document;
};

/** `/accounts/{id}/state` and `/accounts/:id/state` alike, placeholders unnamed. */
const shape = (path: string): string => path.replace(/\{[^}]+\}|:[A-Za-z]+/g, '{}');

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route the express app serves, as `METHOD path`. */
const servedRoutes = (stack: readonly Layer[]): string[] =>
  stack.flatMap((layer) => {
    if (layer.route !== undefined)
      return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${shape(layer.route!.path)}`);
    return layer.handle?.stack === undefined ? [] : servedRoutes(layer.handle.stack);
  });

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, served without a key', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes every route of the API contract', async () => {
    const { paths } = await fetchDocument();
    const described = new Set(
      Object.entries(paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${shape(path)}`),
      ),
    );
    const contract = [
      'POST /accounts',
      'POST /agreements',
      'POST /supply-commitments',
      'POST /accounts/{}/set-base-discount'.replace('accounts', 'agreements'),
      'POST /supply-commitments/{}/report-stock-position',
      'POST /month-end',
      'POST /shortages',
      'GET /read-models/tier-status',
      'GET /read-models/promotion-history',
      'GET /read-models/stock-coverage',
      'GET /read-models/tier-status/{}',
      'GET /read-models/tier-status/matrix',
      'GET /projections',
      'GET /accounts/{}/history',
      'GET /accounts/{}/state',
      'GET /agreements/{}/state',
      'GET /supply-commitments/{}/state',
      'GET /streams/{}/events',
      'GET /streams/{}/verify',
      'GET /subscriptions/events',
      'GET /events',
      'GET /schemas',
      'GET /schemas/{}',
      'GET /health',
      'GET /metrics',
      'GET /openapi.json',
    ];
    for (const route of contract) expect(described, route).toContain(route);
  });

  it('describes every route the app serves (a new route without a description fails here)', async () => {
    const document = await fetchDocument();
    const described = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${shape(path)}`),
      ),
    );
    const served = servedRoutes((server.app as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(served.length).toBeGreaterThan(20);
    // A generic route (`/accounts/:id/:command`, `/read-models/:name`) is described by the
    // concrete paths it serves: at least one must match it.
    const matcher = (route: string) =>
      new RegExp(`^${route.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\}/g, '[^/]+')}$`);
    for (const route of served)
      expect(
        [...described].some((d) => matcher(route).test(d)),
        route,
      ).toBe(true);
  });

  it("has one path per command, its body schema generated from the command's codec", async () => {
    const { paths, components } = await fetchDocument();
    for (const command of COMMAND_TYPES) {
      const path = Object.keys(paths).find((p) =>
        command.creates
          ? paths[p]?.['post']?.requestBody?.content['application/json']?.schema.$ref?.endsWith(
              `.${command.type}`,
            )
          : p.endsWith(`/{id}/${kebabCase(command.type)}`),
      );
      expect(path, command.type).toBeDefined();
    }
    const register = components.schemas['command.RegisterAccount']!;
    expect(Object.keys(register.properties!)).toEqual(['accountId', 'name', 'industry', 'region', 'at']);
    // The route fills in `at` and the new aggregate's id.
    expect(register.required).toEqual(['name', 'industry', 'region']);
    expect(components.schemas['command.SetBaseDiscount']!.required).toEqual(['discountBp']);
  });

  it('asks for a bearer key everywhere but on the public routes, and describes problems', async () => {
    const document = await fetchDocument();
    expect(document.security).toEqual([{ bearer: [] }]);
    for (const path of ['/health', '/metrics', '/openapi.json'])
      expect(document.paths[path]?.['get']?.security).toEqual([]);
    expect(document.paths['/events']?.['get']?.security).toBeUndefined();
    expect(document.components.schemas['Problem']!.required).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'code',
    ]);
    expect(Object.keys(document.paths['/agreements/{id}/set-base-discount']!['post']!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '413', '415', '422']),
    );
  });

  it('refuses a route described twice', () => {
    const item = { get: { responses: {} } };
    expect(() => openApiDocument({ version: '1', fragments: [{ '/x': item }, { '/x': item }] })).toThrow(
      /GET \/x is described twice/,
    );
  });
});
