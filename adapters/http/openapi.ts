// The OpenAPI 3.1 document, assembled from what each route file says about its routes and
// from the codecs (command bodies, event data), so it can't drift from what the server does.
// Every route needs a bearer key unless its operation says `security: []`.
import { EVENT_TYPES } from '../../domain/index.js';
import { toJsonSchema, type JsonSchema } from '../../domain/kernel/index.js';
import { commandSchemas } from './command-openapi.js';
import { DECIMAL_STRING } from './openapi-fragment.js';

export type Paths = Readonly<Record<string, object>>;

export interface OpenApiOptions {
  /** The paths of every route file; a path and method declared twice is a mistake and throws. */
  readonly fragments: readonly Paths[];
  readonly version: string;
}

const PROBLEM: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable (a domain code such as DISCOUNT_ABOVE_TIER_CAP)',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', examples: ['urn:kare:problem:discount-above-tier-cap'] },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
  },
  additionalProperties: true,
};

const VALIDATION_PROBLEM: JsonSchema = {
  allOf: [
    { $ref: '#/components/schemas/Problem' },
    {
      type: 'object',
      required: ['errors'],
      properties: {
        errors: {
          type: 'array',
          description: 'Every bad field: its dotted path from the body’s root ("" for the body itself)',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  ],
};

const COMMAND_RESULT: JsonSchema = {
  type: 'object',
  required: ['streamId', 'revision', 'position', 'events'],
  properties: {
    streamId: { type: 'string' },
    revision: DECIMAL_STRING,
    position: DECIMAL_STRING,
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['eventId', 'type', 'revision', 'data'],
        properties: {
          eventId: { type: 'string', format: 'uuid' },
          type: { type: 'string' },
          revision: DECIMAL_STRING,
          data: { type: 'object' },
        },
      },
    },
  },
};

const CLOUD_EVENT: JsonSchema = {
  type: 'object',
  description:
    'A CloudEvent 1.0 (JSON format). `data` follows the schema of its event type (GET /schemas/{type}); ' +
    'the envelope travels as extensions (position, revision, schemaversion, hash, commandid …).',
  required: [
    'specversion',
    'id',
    'source',
    'type',
    'subject',
    'time',
    'datacontenttype',
    'data',
    'position',
    'revision',
  ],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', description: 'The event id' },
    source: { type: 'string' },
    type: { type: 'string', pattern: '^kare\\.[a-z]+\\.[A-Za-z]+$', examples: ['kare.account.TierChanged'] },
    subject: { type: 'string', description: 'The stream id' },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    data: { type: 'object' },
    position: { ...DECIMAL_STRING, description: 'The global position' },
    revision: { ...DECIMAL_STRING, description: 'The revision in the stream' },
    schemaversion: { type: 'integer' },
    hash: { type: 'string' },
    commandid: { type: 'string' },
    correlationid: { type: 'string' },
    causationid: { type: 'string' },
    actor: { type: 'string' },
    policyversion: { type: 'string' },
  },
};

const EVENT_PAGE: JsonSchema = {
  type: 'object',
  required: ['items', 'next'],
  properties: {
    items: { type: 'array', items: { $ref: '#/components/schemas/CloudEvent' } },
    next: { ...DECIMAL_STRING, description: 'Pass as `from` for the next page' },
  },
};

const EVENT_SCHEMA_LIST: JsonSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'schemaVersion', 'aggregate', '$id'],
        properties: {
          type: { type: 'string' },
          schemaVersion: { type: 'integer' },
          aggregate: { type: 'string' },
          $id: { type: 'string' },
        },
      },
    },
  },
};

const HEALTH: JsonSchema = {
  type: 'object',
  required: ['status', 'store', 'projections'],
  properties: {
    status: { enum: ['ok', 'unavailable'] },
    store: {
      type: 'object',
      required: ['reachable'],
      properties: { reachable: { type: 'boolean' }, head: DECIMAL_STRING },
    },
    projections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'state', 'position', 'lag'],
        properties: {
          name: { type: 'string' },
          state: { enum: ['catching_up', 'live', 'rebuilding', 'stopped', 'failed'] },
          position: DECIMAL_STRING,
          lag: DECIMAL_STRING,
        },
      },
    },
  },
};

const eventSchemas = (): Record<string, JsonSchema> =>
  Object.fromEntries(
    EVENT_TYPES.map((definition) => [`event.${definition.type}`, toJsonSchema(definition.data)]),
  );

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Merges the fragments' paths, refusing a path and method that two of them declare. */
const mergePaths = (fragments: readonly Paths[]): Record<string, Record<string, unknown>> => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const fragment of fragments) {
    for (const [path, item] of Object.entries(fragment)) {
      const merged = (paths[path] ??= {});
      for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
        if (METHODS.includes(method) && merged[method] !== undefined)
          throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is described twice`);
        merged[method] = operation;
      }
    }
  }
  return paths;
};

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  commands: 'Role operator',
  processes: 'Role operator: month end and shortages',
  integrators: 'Role integrator: event subscriptions, pages of the log, event schemas',
  public: 'No key needed',
};

/** Every tag the operations use, in order of first use, described where we know it. */
const tagsOf = (paths: Record<string, Record<string, unknown>>): { name: string; description?: string }[] => {
  const names = new Set<string>();
  for (const item of Object.values(paths))
    for (const operation of Object.values(item))
      for (const tag of (operation as { tags?: readonly string[] }).tags ?? []) names.add(tag);
  return [...names].map((name) => ({
    name,
    ...(TAG_DESCRIPTIONS[name] === undefined ? {} : { description: TAG_DESCRIPTIONS[name] }),
  }));
};

export const openApiDocument = (options: OpenApiOptions): Record<string, unknown> => {
  const paths = mergePaths(options.fragments);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'KARE — Key Account Relationship Engine',
      version: options.version,
      description:
        'Commands (operator), read models (analyst), audit (auditor), event subscriptions and schemas ' +
        '(integrator). Send `Authorization: Bearer <key>`; admin keys may call everything. Revisions and ' +
        'positions are decimal strings. Errors are application/problem+json.',
    },
    tags: tagsOf(paths),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key from KARE_API_KEYS' },
      },
      schemas: {
        Problem: PROBLEM,
        ValidationProblem: VALIDATION_PROBLEM,
        CommandResult: COMMAND_RESULT,
        CloudEvent: CLOUD_EVENT,
        EventPage: EVENT_PAGE,
        EventSchemaList: EVENT_SCHEMA_LIST,
        Health: HEALTH,
        ...commandSchemas(),
        ...eventSchemas(),
      },
    },
  };
};
