// The OpenAPI 3.1 pieces a route file describes itself with: plain objects, merged into the full
// document by openapi.ts, which defines the components referred to here (Problem, ValidationProblem).
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header';
  readonly description: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
  readonly style?: 'form' | 'simple';
  readonly explode?: boolean;
}

export interface Header {
  readonly description: string;
  readonly schema: JsonSchema;
}

export interface MediaType {
  readonly schema: JsonSchema;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: Readonly<Record<string, Header>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly responses: Readonly<Record<string, ResponseObject>>;
  /** The roles allowed besides admin (informative; the document's security scheme is bearer). */
  readonly 'x-roles': readonly string[];
}

export interface PathItem {
  readonly get?: Operation;
  readonly post?: Operation;
}

export const PROBLEM_REF = '#/components/schemas/Problem';
export const VALIDATION_PROBLEM_REF = '#/components/schemas/ValidationProblem';

/** Revisions and positions: bigint in code, decimal strings in JSON. */
export const DECIMAL_STRING: JsonSchema = { type: 'string', pattern: '^[0-9]+$' };

export const problemResponse = (description: string, validation = false): ResponseObject => ({
  description,
  content: {
    'application/problem+json': { schema: { $ref: validation ? VALIDATION_PROBLEM_REF : PROBLEM_REF } },
  },
});

/** What every route behind an API key may answer besides its own responses. */
export const ACCESS_PROBLEMS: Readonly<Record<string, ResponseObject>> = {
  '401': problemResponse('No API key, or one that is not valid (UNAUTHENTICATED)'),
  '403': problemResponse('The key’s role may not call this route (FORBIDDEN)'),
};

export const jsonResponse = (
  description: string,
  schema: JsonSchema,
  headers?: Readonly<Record<string, Header>>,
): ResponseObject => ({
  description,
  ...(headers === undefined ? {} : { headers }),
  content: { 'application/json': { schema } },
});

export const pathParameter = (name: string, description: string, schema: JsonSchema = { type: 'string' }) =>
  ({ name, in: 'path', required: true, description, schema }) satisfies Parameter;

export const queryParameter = (name: string, description: string, schema: JsonSchema) =>
  ({ name, in: 'query', description, schema }) satisfies Parameter;
