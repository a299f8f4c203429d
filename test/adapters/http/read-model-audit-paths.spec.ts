// The OpenAPI fragments of the analysts' and auditors' routes: valid OpenAPI 3.1 once placed in a
// document that defines the Problem schemas, and describing every route, parameter and problem.
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { auditPaths } from '../../../adapters/http/audit-routes.js';
import type { Operation, PathItem } from '../../../adapters/http/endpoint-openapi.js';
import { readModelPaths } from '../../../adapters/http/read-model-routes.js';
import { READ_MODELS } from '../../../projections/index.js';

// Through JSON, as the document is served: plain data, no TypeScript shapes.
const documentOf = (paths: Record<string, PathItem>) =>
  JSON.parse(
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'fragments', version: '0' },
      paths,
      components: {
        schemas: {
          Problem: { type: 'object', required: ['type', 'title', 'status', 'detail', 'code'] },
          ValidationProblem: { type: 'object', required: ['errors'] },
          AuditEvent: { type: 'object' },
        },
      },
    }),
  );

const operation = (paths: Record<string, PathItem>, path: string): Operation => {
  const op = paths[path]?.get;
  if (op === undefined) throw new Error(`no GET ${path}`);
  return op;
};

describe('OpenAPI fragments of the read-model and audit routes', () => {
  it('validate as OpenAPI 3.1', async () => {
    const result = await validate(
      JSON.parse(JSON.stringify(documentOf({ ...readModelPaths(), ...auditPaths() }))),
    );
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('catch a broken fragment (the validation can fail)', async () => {
    const broken = { '/read-models/x': { get: { responses: { '200': {} } } } } as unknown as Record<
      string,
      PathItem
    >;
    expect((await validate(documentOf(broken))).valid).toBe(false);
  });

  it('describe every analyst route: lists, reports, the tier-status row and /projections', () => {
    const paths = readModelPaths();
    const expected = [
      '/projections',
      ...READ_MODELS.flatMap((m) => [
        `/read-models/${m.name}`,
        ...m.reports.map((r) => `/read-models/${m.name}/${r.name}`),
      ]),
      '/read-models/tier-status/{accountId}',
    ];
    expect(Object.keys(paths).sort()).toEqual(expected.sort());
  });

  it('describe each list route’s filters, page parameters, CSV and problems', () => {
    const paths = readModelPaths();
    for (const model of READ_MODELS) {
      const op = operation(paths, `/read-models/${model.name}`);
      expect(op.parameters?.map((p) => p.name)).toEqual([
        ...model.filters.map((f) => f.param),
        'sort',
        'limit',
        'cursor',
        'asOf',
        'minPosition',
      ]);
      expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '406', '503']);
      expect(Object.keys(op.responses['200']!.content!)).toEqual(['application/json', 'text/csv']);
      expect(op['x-roles']).toEqual(['analyst']);
      const enumerated = model.filters.find((f) => f.values !== undefined);
      if (enumerated !== undefined) {
        const parameter = op.parameters!.find((p) => p.name === enumerated.param)!;
        expect(parameter.schema).toEqual({
          type: 'array',
          items: { type: 'string', enum: [...enumerated.values!] },
        });
      }
    }
    const row = operation(paths, '/read-models/tier-status/{accountId}');
    expect(row.responses['404']).toBeDefined();
  });

  it('describe every auditor route with its 404 and 400 problems', () => {
    const paths = auditPaths();
    expect(Object.keys(paths).sort()).toEqual([
      '/accounts/{id}/history',
      '/accounts/{id}/state',
      '/agreements/{id}/state',
      '/groups/{id}/state',
      '/streams/{streamId}/events',
      '/streams/{streamId}/verify',
      '/supply-commitments/{id}/state',
    ]);
    for (const path of Object.keys(paths)) {
      const op = operation(paths, path);
      expect(Object.keys(op.responses).sort(), path).toEqual(['200', '400', '401', '403', '404']);
      expect(op['x-roles']).toEqual(['auditor']);
    }
    expect(JSON.stringify(operation(paths, '/accounts/{id}/state').responses['404'])).toMatch(
      /REVISION_BEYOND_END.*BEFORE_FIRST_EVENT/,
    );
  });
});
