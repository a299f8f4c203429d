// The command routes in the OpenAPI document, generated from the aggregates' command
// definitions: one path per command, each body's schema from its codec (with `at`, and the
// new aggregate's id, optional as the routes make them).
import {
  kebabCase,
  toJsonSchema,
  type CommandDefinition,
  type JsonSchema,
} from '../../domain/kernel/index.js';
import { AGGREGATES } from '../../src/commands/aggregates.js';
import { AGGREGATE_PATHS } from './command-routes.js';
import {
  ACCESS_PROBLEMS,
  jsonResponse,
  pathParameter,
  problemResponse,
  type Header,
  type Parameter,
} from './openapi-fragment.js';

export const COMMAND_RESULT_REF = '#/components/schemas/CommandResult';

export const commandSchemaName = (definition: CommandDefinition): string => `command.${definition.type}`;

/** The body a route takes: the command's data with the fields the route fills in made optional. */
export const commandBodySchema = (definition: CommandDefinition, filledIn: readonly string[]): JsonSchema => {
  const schema = toJsonSchema(definition.data) as { required?: readonly string[] } & JsonSchema;
  return {
    ...schema,
    title: definition.type,
    ...(schema.required === undefined
      ? {}
      : { required: schema.required.filter((field) => !filledIn.includes(field)) }),
  };
};

const ETAG: Header = {
  description: 'The stream revision after the command: "<revision>"',
  schema: { type: 'string' },
};

const HEADERS: readonly Parameter[] = [
  {
    name: 'Idempotency-Key',
    in: 'header',
    description:
      'Becomes the command id: a retry with the same key writes nothing twice and answers the same',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
  {
    name: 'X-Correlation-Id',
    in: 'header',
    description: 'Recorded in the events’ metadata',
    schema: { type: 'string' },
  },
];

const IF_MATCH: Parameter = {
  name: 'If-Match',
  in: 'header',
  description: 'The expected revision, as an ETag of this API ("<revision>"); a mismatch is a 412',
  schema: { type: 'string', pattern: '^(W/)?"?[0-9]{1,20}"?$' },
};

const BODY_PROBLEMS = {
  '400': problemResponse(
    'A body that is not valid, with every bad field (INVALID_REQUEST, MALFORMED_JSON)',
    true,
  ),
  '413': problemResponse('A body over 1 MB (PAYLOAD_TOO_LARGE)'),
  '415': problemResponse('A body that is not JSON (UNSUPPORTED_MEDIA_TYPE)'),
  '422': problemResponse(
    'A business rule refused the command; `code` is the domain code (e.g. DISCOUNT_ABOVE_TIER_CAP)',
  ),
};

const requestBody = (definition: CommandDefinition) => ({
  required: false,
  content: {
    'application/json': { schema: { $ref: `#/components/schemas/${commandSchemaName(definition)}` } },
  },
});

const camelCase = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** `components.schemas` entries: each command's body as its route takes it. */
export const commandSchemas = (): Record<string, JsonSchema> =>
  Object.fromEntries(
    Object.values(AGGREGATES).flatMap((aggregate) =>
      aggregate.commands.map((definition) => [
        commandSchemaName(definition),
        commandBodySchema(definition, definition.creates ? ['at', aggregate.idField] : ['at']),
      ]),
    ),
  );

export const commandPaths = (): Record<string, object> => {
  const paths: Record<string, object> = {};
  for (const aggregate of Object.values(AGGREGATES)) {
    const base = AGGREGATE_PATHS[aggregate.kind];
    for (const definition of aggregate.commands) {
      const common = {
        operationId: camelCase(definition.type),
        summary: `${definition.type}${definition.creates ? ` (creates the ${aggregate.kind}; ${aggregate.idField} is generated when absent)` : ''}`,
        description: '`at` defaults to the server’s clock.',
        tags: ['commands'],
        'x-roles': ['operator'],
        requestBody: requestBody(definition),
      };
      if (definition.creates) {
        paths[base] = {
          post: {
            ...common,
            parameters: HEADERS,
            responses: {
              '201': {
                ...jsonResponse(
                  'Created: the events written',
                  { $ref: COMMAND_RESULT_REF },
                  {
                    ETag: ETAG,
                    Location: { description: `${base}/{id}`, schema: { type: 'string' } },
                  },
                ),
              },
              ...BODY_PROBLEMS,
              '409': problemResponse(`A ${aggregate.kind} with this id exists already (ALREADY_EXISTS)`),
              ...ACCESS_PROBLEMS,
            },
          },
        };
        continue;
      }
      paths[`${base}/{id}/${kebabCase(definition.type)}`] = {
        post: {
          ...common,
          parameters: [pathParameter('id', `The ${aggregate.kind}’s id`), ...HEADERS, IF_MATCH],
          responses: {
            '200': jsonResponse('The events written', { $ref: COMMAND_RESULT_REF }, { ETag: ETAG }),
            ...BODY_PROBLEMS,
            '404': problemResponse(`No such ${aggregate.kind} (NOT_FOUND)`),
            '409': problemResponse('The stream kept changing; gave up after retries (CONFLICT)'),
            '412': problemResponse('If-Match names another revision (REVISION_MISMATCH)'),
            ...ACCESS_PROBLEMS,
          },
        },
      };
    }
  }
  return paths;
};
