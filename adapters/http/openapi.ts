// The OpenAPI 3.1 document, assembled from the endpoint tables' paths and from the codecs
// (responses, command bodies, event data), so it can't drift from what the server does.
// Every route needs a bearer key unless its operation says `security: []`.
import { EVENT_TYPES } from '../../domain/index.js';
import { toJsonSchema, type JsonSchema } from '../../domain/kernel/index.js';
import type { Component } from './documented-codec.js';

export type Paths = Readonly<Record<string, object>>;

export interface OpenApiOptions {
  /** The paths of every endpoint table; a path and method declared twice is a mistake and throws. */
  readonly fragments: readonly Paths[];
  readonly version: string;
  /** The shapes defined once and referred to by `$ref` (problem details, the CloudEvent …). */
  readonly components?: readonly Pick<Component<unknown, unknown>, 'component'>[];
  /** Schemas that are no codec's own (a command's body as its route takes it). */
  readonly schemas?: Readonly<Record<string, JsonSchema>>;
}

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
        ...Object.fromEntries(
          (options.components ?? []).map(({ component }) => [component.name, toJsonSchema(component.codec)]),
        ),
        ...options.schemas,
        ...eventSchemas(),
      },
    },
  };
};
