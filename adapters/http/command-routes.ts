// Commands over HTTP: POST /accounts (RegisterAccount), POST /accounts/{id}/{command-in-kebab-case}
// and the same for agreements and supply commitments, one endpoint per command of the registry
// (src/commands/aggregates.ts). The body is the command's data, validated by its codec; `at` and
// the new aggregate's id are filled in when absent.
import { Router, type Request } from 'express';
import * as t from 'io-ts';
import {
  Id,
  kebabCase,
  toJsonSchema,
  type AggregateKind,
  type CommandDefinition,
  type JsonSchema,
} from '../../domain/kernel/index.js';
import { AGGREGATES, type AggregateDefinition } from '../../src/commands/aggregates.js';
import type { CommandHandler, CommandResult } from '../../src/commands/command-handler.js';
import { requestFingerprint } from '../../src/commands/request-fingerprint.js';
import type { Clock, Ids } from '../../src/ports.js';
import { component, componentRef } from './documented-codec.js';
import { DecimalString } from '../../src/position.js';
import { endpoint, type Endpoint, type RequestHeader } from './endpoint.js';
import { dispatch, routerOf } from './endpoint-router.js';
import { ETAG, etagOf, expectedRevision, IF_MATCH_HEADER } from './etag.js';
import { JsonObjectCodec as JsonObject } from '../../src/json-object.js';
import { commandProblem, problem, ProblemError, validationProblem } from './problem.js';
import { param, paramsOf } from './route-params.js';

/** Stored forever in every event's metadata: printable ASCII only (other bytes arrive garbled), short. */
const CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

const correlationIdOf = (req: Request): string | undefined => {
  const value = req.get('x-correlation-id');
  if (value === undefined || CORRELATION_ID.test(value)) return value;
  throw new ProblemError(
    problem(400, 'INVALID_CORRELATION_ID', 'X-Correlation-Id must be 1–128 printable ASCII characters', {
      errors: [{ path: 'header.x-correlation-id', message: 'must be 1–128 printable ASCII characters' }],
    }),
  );
};

/** Who sent a command: the key's role and id (never the key); just the role in open mode. */
const actorOf = (req: Request): string => {
  if (req.role === undefined) return 'anonymous';
  return req.keyId === undefined ? `api-key:${req.role}` : `api-key:${req.role}:${req.keyId}`;
};

/** The URL of each aggregate's collection. */
export const AGGREGATE_PATHS: Readonly<Record<AggregateKind, string>> = {
  account: '/accounts',
  agreement: '/agreements',
  supply: '/supply-commitments',
  group: '/groups',
};

export interface CommandRoutesOptions {
  readonly handler: CommandHandler;
  readonly clock: Clock;
  readonly ids: Ids;
  /** Told every outcome (for metrics). */
  readonly onOutcome?: (command: string, outcome: string) => void;
}

const command = endpoint<CommandRoutesOptions>({ tag: 'commands', roles: ['operator'] });

/** Strict: what the handler's result holds besides these (replay flag, metadata) stays inside. */
export const CommandResultJson = component(
  'CommandResult',
  t.strict({
    streamId: t.string,
    revision: DecimalString,
    position: DecimalString,
    events: t.array(
      t.strict({ eventId: t.string, type: t.string, revision: DecimalString, data: JsonObject }),
    ),
  }),
);

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

const filledIn = (aggregate: AggregateDefinition, definition: CommandDefinition): string[] =>
  definition.creates ? ['at', aggregate.idField] : ['at'];

/** `components.schemas` entries: each command's body as its route takes it. */
export const commandSchemas = (): Record<string, JsonSchema> =>
  Object.fromEntries(
    Object.values(AGGREGATES).flatMap((aggregate) =>
      aggregate.commands.map((definition) => [
        commandSchemaName(definition),
        commandBodySchema(definition, filledIn(aggregate, definition)),
      ]),
    ),
  );

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const HEADERS: readonly RequestHeader[] = [
  {
    name: 'Idempotency-Key',
    description:
      'Becomes the command id: a retry of the same request with the same key writes nothing twice and answers the same (Idempotent-Replayed: true); another request under a key already used is 422 IDEMPOTENCY_KEY_REUSED',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  },
  {
    name: 'X-Correlation-Id',
    description: 'Recorded in the events’ metadata: printable ASCII, at most 128 characters',
    schema: { type: 'string', pattern: CORRELATION_ID.source },
  },
];

/** `Idempotency-Key`: 1–255 visible ASCII characters; it becomes the command id. */
const idempotencyKey = (req: Request): string | undefined => {
  const key = req.get('idempotency-key');
  if (key === undefined || IDEMPOTENCY_KEY.test(key)) return key;
  throw new ProblemError(
    problem(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–255 visible ASCII characters'),
  );
};

const isObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/** A command body is a JSON object; `at` (and a new aggregate's id) default to the clock (and a new uuid). */
const withDefaults =
  (aggregate: AggregateDefinition, definition: CommandDefinition) =>
  (body: unknown, { clock, ids }: CommandRoutesOptions): unknown => {
    if (!isObject(body))
      throw new ProblemError(validationProblem([{ path: '', message: 'must be a JSON object' }]));
    return {
      ...body,
      at: body['at'] ?? clock.now(),
      ...(definition.creates ? { [aggregate.idField]: body[aggregate.idField] ?? ids.uuid() } : {}),
    };
  };

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** A command the handler could not run (the store failed: 503) is counted too, as `error`. */
const counted = async <T>(options: CommandRoutesOptions, type: string, running: Promise<T>): Promise<T> => {
  try {
    return await running;
  } catch (error) {
    options.onOutcome?.(type, 'error');
    throw error;
  }
};

/** Runs the command; the answer is the events written, with the stream's new revision as ETag. */
const run = async (
  req: Request,
  options: CommandRoutesOptions,
  aggregate: AggregateDefinition,
  definition: CommandDefinition,
  aggregateId: string,
  data: { readonly at: string } & Record<string, unknown>,
): Promise<CommandResult> => {
  const key = idempotencyKey(req);
  const outcome = await counted(
    options,
    definition.type,
    options.handler.handle({
      aggregate: aggregate.kind,
      aggregateId,
      command: { type: definition.type, data },
      ...optional('commandId', key),
      // The request as sent, before `at` and a new id were filled in: a retry leaves them out too.
      ...optional(
        'fingerprint',
        key === undefined
          ? undefined
          : requestFingerprint({
              aggregate: aggregate.kind,
              type: definition.type,
              ...optional('aggregateId', definition.creates ? undefined : aggregateId),
              body: req.body as unknown,
            }),
      ),
      ...optional('expectedRevision', expectedRevision(req)),
      ...optional('correlationId', correlationIdOf(req)),
      actor: actorOf(req),
    }),
  );
  if (!outcome.ok) {
    options.onOutcome?.(definition.type, outcome.failure.kind);
    throw new ProblemError(commandProblem(outcome.failure));
  }
  options.onOutcome?.(definition.type, outcome.result.replayed ? 'replayed' : 'accepted');
  return outcome.result;
};

const resultHeaders = (result: CommandResult): Record<string, string> => ({
  ETag: etagOf(result.revision),
  ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
});

const BODY_PROBLEMS = {
  '400': 'A body that is not valid, with every bad field (INVALID_REQUEST, MALFORMED_JSON)',
  '422':
    'A business rule refused the command; `code` is the domain code (e.g. DISCOUNT_ABOVE_TIER_CAP), or IDEMPOTENCY_KEY_REUSED for a key already used for another request',
};

const commandEndpoint = (
  aggregate: AggregateDefinition,
  definition: CommandDefinition,
): Endpoint<CommandRoutesOptions> => {
  const base = AGGREGATE_PATHS[aggregate.kind];
  const common = {
    method: 'post',
    operationId: definition.type.charAt(0).toLowerCase() + definition.type.slice(1),
    summary: `${definition.type}${definition.creates ? ` (creates the ${aggregate.kind}; ${aggregate.idField} is generated when absent)` : ''}`,
    description: '`at` defaults to the server’s clock.',
    body: {
      codec: definition.data as t.Decoder<unknown, { readonly at: string } & Record<string, unknown>>,
      schema: { $ref: componentRef(commandSchemaName(definition)) },
      required: false,
      prepare: withDefaults(aggregate, definition),
    },
  } as const;
  if (definition.creates)
    return command({
      ...common,
      path: base,
      headers: HEADERS,
      answers: {
        '201': {
          description: 'Created: the events written',
          json: CommandResultJson,
          headers: { ETag: ETAG, Location: { description: `${base}/{id}`, schema: { type: 'string' } } },
        },
      },
      problems: {
        ...BODY_PROBLEMS,
        '409': `A ${aggregate.kind} with this id exists already (ALREADY_EXISTS), or its stream was dropped (CHAIN_BROKEN)`,
      },
      handle: async ({ req, body }, options) => {
        const result = await run(
          req,
          options,
          aggregate,
          definition,
          body[aggregate.idField] as string,
          body,
        );
        // A replayed create names the aggregate it made then (its id may have been made up then).
        const id = (result.events[0]?.data[aggregate.idField] ?? body[aggregate.idField]) as string;
        const location = `${base}/${encodeURIComponent(id)}`;
        return { headers: { ...resultHeaders(result), Location: location }, json: result };
      },
    });
  return command({
    ...common,
    path: `${base}/{id}/${kebabCase(definition.type)}`,
    params: paramsOf({ id: param(`The ${aggregate.kind}’s id`, Id) }),
    headers: [...HEADERS, IF_MATCH_HEADER],
    answers: {
      '200': { description: 'The events written', json: CommandResultJson, headers: { ETag: ETAG } },
    },
    problems: {
      ...BODY_PROBLEMS,
      '404': `No such ${aggregate.kind} (NOT_FOUND)`,
      '409':
        'The stream kept changing; gave up after retries (CONFLICT), or its hash chain is broken (CHAIN_BROKEN)',
      '412': 'If-Match names another revision (REVISION_MISMATCH)',
    },
    handle: async ({ req, params, body }, options) => {
      const result = await run(req, options, aggregate, definition, params.id, body);
      return { headers: resultHeaders(result), json: result };
    },
  });
};

const endpointsOf = (aggregate: AggregateDefinition) =>
  aggregate.commands.map((definition) => commandEndpoint(aggregate, definition));

/** Every command endpoint. */
export const COMMAND_ENDPOINTS: readonly Endpoint<CommandRoutesOptions>[] =
  Object.values(AGGREGATES).flatMap(endpointsOf);

export const commandRoutes = (options: CommandRoutesOptions): Router => {
  const router = Router();
  for (const aggregate of Object.values(AGGREGATES)) {
    const base = AGGREGATE_PATHS[aggregate.kind];
    const endpoints = endpointsOf(aggregate);
    routerOf(
      endpoints.filter((e) => e.path === base),
      options,
      router,
    );
    // One route for the aggregate's other commands (one metrics label); an unknown one is named so.
    const byName = new Map(
      endpoints.filter((e) => e.path !== base).map((e) => [e.path.split('/').pop()!, e]),
    );
    dispatch(router, `${base}/:id/:command`, [...byName.values()], options, (req) => {
      const name = String(req.params['command']);
      const chosen = byName.get(name);
      if (chosen !== undefined) return chosen;
      const commands = [...byName.keys()];
      throw new ProblemError(
        problem(404, 'UNKNOWN_COMMAND', `${base}/{id} has no command ${name}`, { commands }),
      );
    });
  }
  return router;
};
