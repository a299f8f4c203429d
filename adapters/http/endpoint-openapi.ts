// The OpenAPI 3.1 entries of an endpoint table: parameters from the path and query codecs, the
// body's schema, each answer's schema from its codec, and every problem the route may answer.
import { toJsonSchema, type JsonSchema } from '../../domain/kernel/index.js';
import { componentRef } from './documented-codec.js';
import type { Answer, Endpoint, HeaderDoc, ProblemDoc } from './endpoint.js';
import type { ParamsCodec } from './route-params.js';

export interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header';
  readonly description: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
  readonly style?: 'form';
  readonly explode?: boolean;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: Readonly<Record<string, HeaderDoc>>;
  readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
}

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: object;
  readonly responses: Readonly<Record<string, ResponseObject>>;
  /** The roles allowed besides admin (informative; the document's security scheme is bearer). */
  readonly 'x-roles'?: readonly string[];
  readonly security?: readonly object[];
}

export interface PathItem {
  readonly get?: Operation;
  readonly post?: Operation;
  readonly patch?: Operation;
  readonly delete?: Operation;
}

const problemResponse = (doc: ProblemDoc, status: string): ResponseObject => ({
  ...(typeof doc === 'string' ? { description: doc } : doc),
  content: {
    'application/problem+json': {
      schema: { $ref: componentRef(status === '400' ? 'ValidationProblem' : 'Problem') },
    },
  },
});

/** What every route behind an API key may answer besides its own problems. */
const ACCESS_PROBLEMS = {
  '401': 'No API key, or one that is not valid (UNAUTHENTICATED)',
  '403': 'The key’s role may not call this route (FORBIDDEN)',
};

const BODY_PROBLEMS = {
  '413': 'A body over 1 MB (PAYLOAD_TOO_LARGE)',
  '415': 'A body that is not JSON (UNSUPPORTED_MEDIA_TYPE)',
};

const NOT_ACCEPTABLE = { '406': 'The Accept header allows none of the representations (NOT_ACCEPTABLE)' };

const parameters = (codec: ParamsCodec | undefined, where: 'path' | 'query'): Parameter[] =>
  Object.entries(codec?.params ?? {}).map(([name, { codec: read, description, default: fallback }]) => {
    const schema: JsonSchema = {
      ...toJsonSchema(read),
      ...(fallback === undefined ? {} : { default: fallback }),
    };
    return {
      name,
      in: where,
      description,
      ...(where === 'path' ? { required: true } : {}),
      schema,
      ...(schema['type'] === 'array' ? { style: 'form' as const, explode: true } : {}),
    };
  });

const answerResponse = (answer: Answer): ResponseObject => ({
  description: answer.description,
  ...(answer.headers === undefined ? {} : { headers: answer.headers }),
  content: {
    ...(answer.json === undefined ? {} : { 'application/json': { schema: toJsonSchema(answer.json) } }),
    ...Object.fromEntries(Object.entries(answer.other ?? {}).map(([type, schema]) => [type, { schema }])),
  },
});

const operationOf = (endpoint: Endpoint<never>): Operation => {
  const params = [
    ...parameters(endpoint.params, 'path'),
    ...(endpoint.headers ?? []).map(({ name, description, schema }) => ({
      name,
      in: 'header' as const,
      description,
      schema,
    })),
    ...parameters(endpoint.query, 'query'),
  ];
  const problems: Record<string, ProblemDoc> = {
    ...endpoint.problems,
    ...(endpoint.body === undefined ? {} : BODY_PROBLEMS),
    ...(endpoint.negotiated ? NOT_ACCEPTABLE : {}),
    ...(endpoint.roles === 'public' ? {} : ACCESS_PROBLEMS),
  };
  const body = endpoint.body;
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
    tags: [endpoint.tag],
    ...(endpoint.roles === 'public' ? { security: [] } : { 'x-roles': endpoint.roles }),
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(body === undefined
      ? {}
      : {
          requestBody: {
            required: body.required,
            content: { 'application/json': { schema: body.schema ?? toJsonSchema(body.codec) } },
          },
        }),
    responses: {
      ...Object.fromEntries(
        Object.entries(endpoint.answers).map(([status, a]) => [status, answerResponse(a)]),
      ),
      ...Object.fromEntries(
        Object.entries(problems).map(([status, doc]) => [status, problemResponse(doc, status)]),
      ),
    },
  };
};

/** The document's paths of an endpoint table. */
export const pathsOf = (endpoints: readonly Endpoint<never>[]): Record<string, PathItem> => {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const endpoint of endpoints) (paths[endpoint.path] ??= {})[endpoint.method] = operationOf(endpoint);
  return paths;
};
