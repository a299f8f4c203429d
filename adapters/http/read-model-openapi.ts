// The analysts' routes in OpenAPI 3.1, generated from the read models' definitions: each
// filter, sort and field as declared, so the document can't drift from what the routes accept.
import type { Field, Filter, ReadModel } from '../../projections/read-model.js';
import { READ_MODELS } from '../../projections/index.js';
import {
  ACCESS_PROBLEMS,
  DECIMAL_STRING,
  jsonResponse,
  pathParameter,
  PROBLEM_REF,
  problemResponse,
  queryParameter,
  type Header,
  type JsonSchema,
  type Parameter,
  type PathItem,
  type ResponseObject,
} from './openapi-fragment.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './read-model-request.js';
import { ROW_ROUTES } from './row-routes.js';

const TAG = 'Read models (analyst)';
const ROLES = ['analyst'] as const;

const pascal = (name: string): string =>
  name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const FIELD_TYPES: Readonly<Record<Field['type'], JsonSchema>> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  'string[]': { type: 'array', items: { type: 'string' } },
};

const fieldSchema = (field: Field): JsonSchema => {
  const schema = FIELD_TYPES[field.type];
  const type = schema['type'] as string;
  return {
    ...schema,
    ...(field.nullable === true ? { type: [type, 'null'] } : {}),
    description: field.description,
  };
};

export const rowSchema = (model: ReadModel): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(model.fields.map((field) => [field.name, fieldSchema(field)])),
  required: model.fields.map((field) => field.name),
});

const FILTER_TYPES: Readonly<Record<Filter['type'], JsonSchema>> = {
  string: { type: 'string', minLength: 1 },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  period: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
};

const filterParameter = (filter: Filter): Parameter =>
  filter.values === undefined
    ? queryParameter(filter.param, filter.description, FILTER_TYPES[filter.type])
    : {
        ...queryParameter(
          filter.param,
          `${filter.description}. Repeat the parameter or separate values by commas: every value must hold.`,
          { type: 'array', items: { type: 'string', enum: [...filter.values] } },
        ),
        style: 'form',
        explode: true,
      };

const AS_OF = queryParameter(
  'asOf',
  'The day time-dependent fields and flags are computed for (default: today, by the server’s clock)',
  { type: 'string', format: 'date' },
);
const MIN_POSITION = queryParameter(
  'minPosition',
  'Read your writes: wait (up to 2 s) until the read model has applied this global position, else 503',
  DECIMAL_STRING,
);

const pageParameters = (model: ReadModel): Parameter[] => [
  queryParameter(
    'sort',
    `A sortable field, \`-\` first for descending (default ${model.sortable[0] ?? 'the key'})`,
    {
      type: 'string',
      enum: model.sortable.flatMap((field) => [field, `-${field}`]),
    },
  ),
  queryParameter('limit', 'Rows per page', {
    type: 'integer',
    minimum: 1,
    maximum: MAX_LIMIT,
    default: DEFAULT_LIMIT,
  }),
  queryParameter(
    'cursor',
    'The `nextCursor` of the previous page (opaque). It carries the walk’s sort and asOf; pass the same filters.',
    { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
  ),
];

const POSITION_HEADER: Record<string, Header> = {
  'X-Projection-Position': {
    description: 'The global position the read model had applied when the rows were read',
    schema: DECIMAL_STRING,
  },
};

const UNAVAILABLE: ResponseObject = {
  description:
    'The read model did not reach minPosition within 2 s (PROJECTION_BEHIND), or is not built yet (READ_MODEL_UNAVAILABLE)',
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
  content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
};

const BAD_QUERY = problemResponse(
  'A parameter the route does not take, or a value of the wrong type or outside the filter’s values, a tampered cursor (INVALID_REQUEST, errors at query.<param>)',
  true,
);
const NOT_ACCEPTABLE = problemResponse(
  'The Accept header allows none of the representations (NOT_ACCEPTABLE)',
);

const listPath = (model: ReadModel): PathItem => ({
  get: {
    operationId: `list${pascal(model.name)}`,
    summary: `Rows of ${model.name}: filtered, sorted, a page at a time`,
    description:
      'Rows are presented as of `asOf`, sorted by `sort` then by key; pages are keyset pages, stable when rows are ' +
      'added between them. `Accept: text/csv` gives the same rows as CSV (RFC 4180, a header line with the field ' +
      'names, lists joined by `|`); a CSV page links its next page in the `Link` header (`rel="next"`).',
    tags: [TAG],
    'x-roles': ROLES,
    parameters: [...model.filters.map(filterParameter), ...pageParameters(model), AS_OF, MIN_POSITION],
    responses: {
      '200': {
        description: 'A page of rows',
        headers: {
          ...POSITION_HEADER,
          Link: { description: '`<url>; rel="next"` when a next page exists', schema: { type: 'string' } },
        },
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                items: { type: 'array', items: rowSchema(model) },
                nextCursor: { type: ['string', 'null'], description: 'null on the last page' },
                position: { ...DECIMAL_STRING, description: 'The position the read model had applied' },
              },
              required: ['items', 'nextCursor', 'position'],
            },
          },
          'text/csv': { schema: { type: 'string' } },
        },
      },
      '400': BAD_QUERY,
      ...ACCESS_PROBLEMS,
      '406': NOT_ACCEPTABLE,
      '503': UNAVAILABLE,
    },
  },
});

const reportPath = (model: ReadModel, report: ReadModel['reports'][number]): PathItem => ({
  get: {
    operationId: `report${pascal(model.name)}${pascal(report.name)}`,
    summary: `${model.name}: ${report.name}`,
    description: `${report.description}. Over the rows the filters select, as of asOf.`,
    tags: [TAG],
    'x-roles': ROLES,
    parameters: [...model.filters.map(filterParameter), AS_OF, MIN_POSITION],
    responses: {
      '200': jsonResponse(report.description, { type: 'object' }, POSITION_HEADER),
      '400': BAD_QUERY,
      ...ACCESS_PROBLEMS,
      '406': NOT_ACCEPTABLE,
      '503': UNAVAILABLE,
    },
  },
});

const rowPath = (model: ReadModel, keyName: string): PathItem => ({
  get: {
    operationId: `get${pascal(model.name)}Row`,
    summary: `One row of ${model.name}`,
    description: `The row of one ${keyName}, as of asOf. A report of the same name wins over a ${keyName}.`,
    tags: [TAG],
    'x-roles': ROLES,
    parameters: [pathParameter(keyName, `The ${keyName}`), AS_OF, MIN_POSITION],
    responses: {
      '200': {
        description: 'The presented row',
        headers: POSITION_HEADER,
        content: {
          'application/json': { schema: rowSchema(model) },
          'text/csv': { schema: { type: 'string' } },
        },
      },
      '400': BAD_QUERY,
      ...ACCESS_PROBLEMS,
      '404': problemResponse(`No row for that ${keyName} (NOT_FOUND)`),
      '406': NOT_ACCEPTABLE,
      '503': UNAVAILABLE,
    },
  },
});

const PROJECTIONS_PATH: PathItem = {
  get: {
    operationId: 'listProjections',
    summary: 'Each projection’s version, position, head, lag and state',
    tags: [TAG],
    'x-roles': ROLES,
    responses: {
      '200': jsonResponse('The projections', {
        type: 'object',
        properties: {
          projections: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                version: { type: 'integer' },
                position: DECIMAL_STRING,
                head: DECIMAL_STRING,
                lag: DECIMAL_STRING,
                state: { type: 'string', enum: ['catching_up', 'live', 'rebuilding', 'stopped', 'failed'] },
                error: { type: 'string' },
                rebuild: {
                  type: 'object',
                  properties: { version: { type: 'integer' }, position: DECIMAL_STRING },
                  required: ['version', 'position'],
                },
              },
              required: ['name', 'version', 'position', 'head', 'lag', 'state'],
            },
          },
        },
        required: ['projections'],
      }),
      ...ACCESS_PROBLEMS,
    },
  },
};

/** Every analyst route: `/projections`, and per read model its list, reports and row route. */
export const readModelPaths = (models: readonly ReadModel[] = READ_MODELS): Record<string, PathItem> => {
  const paths: Record<string, PathItem> = { '/projections': PROJECTIONS_PATH };
  for (const model of models) {
    paths[`/read-models/${model.name}`] = listPath(model);
    for (const report of model.reports)
      paths[`/read-models/${model.name}/${report.name}`] = reportPath(model, report);
    const keyName = ROW_ROUTES[model.name];
    if (keyName !== undefined) paths[`/read-models/${model.name}/{${keyName}}`] = rowPath(model, keyName);
  }
  return paths;
};
