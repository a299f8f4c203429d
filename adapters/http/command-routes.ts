// Commands over HTTP: POST /accounts (RegisterAccount), POST /accounts/{id}/{command-in-kebab-case}
// and the same for agreements and supply commitments. The body is the command's data, validated
// by its codec; `at` and the new aggregate's id are filled in when absent.
import { isLeft } from 'fp-ts/lib/Either.js';
import { Router, type Request, type Response } from 'express';
import {
  describeErrors,
  Id,
  kebabCase,
  type AggregateKind,
  type CommandDefinition,
} from '../../domain/kernel/index.js';
import { AGGREGATES } from '../../src/commands/aggregates.js';
import type { CommandHandler, CommandOutcome, CommandResult } from '../../src/commands/command-handler.js';
import type { Clock, Ids } from '../../src/ports.js';
import { allow } from './auth.js';
import {
  bigintsAsStrings,
  domainProblem,
  problem,
  ProblemError,
  validationProblem,
  type Problem,
} from './problem.js';

/** The URL of each aggregate's collection. */
export const AGGREGATE_PATHS: Readonly<Record<AggregateKind, string>> = {
  account: '/accounts',
  agreement: '/agreements',
  supply: '/supply-commitments',
};

export interface CommandRoutesOptions {
  readonly handler: CommandHandler;
  readonly clock: Clock;
  readonly ids: Ids;
  /** Told every outcome (for metrics). */
  readonly onOutcome?: (command: string, outcome: string) => void;
}

const isObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/** `Idempotency-Key`: 1–255 visible ASCII characters; it becomes the command id. */
const idempotencyKey = (req: Request): string | undefined => {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ProblemError(
      problem(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–255 visible ASCII characters'),
    );
  }
  return key;
};

/** `If-Match: "<revision>"` (an ETag this API gave out): the expected revision, never retried. */
const expectedRevision = (req: Request): bigint | undefined => {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,20})"?\s*$/.exec(header);
  if (match === null) {
    throw new ProblemError(
      problem(400, 'INVALID_IF_MATCH', 'If-Match must be an ETag of this API: "<revision>"'),
    );
  }
  return BigInt(match[1]!);
};

const decodeBody = (definition: CommandDefinition, body: Record<string, unknown>) => {
  const decoded = definition.data.decode(body);
  if (isLeft(decoded)) throw new ProblemError(validationProblem(describeErrors(decoded.left)));
  return decoded.right as { readonly at: string } & Record<string, unknown>;
};

const failureProblem = (outcome: Extract<CommandOutcome, { ok: false }>): Problem => {
  const failure = outcome.failure;
  switch (failure.kind) {
    case 'rejected':
      return domainProblem(failure.error);
    case 'conflict':
      return problem(
        409,
        'CONFLICT',
        `${failure.streamId} kept changing; gave up after ${failure.attempts} attempts`,
        {
          streamId: failure.streamId,
          actual: failure.actual,
        },
      );
    case 'precondition_failed':
      return problem(
        412,
        'REVISION_MISMATCH',
        `${failure.streamId} is at revision ${String(failure.actual)}, not ${failure.expected.toString()} (If-Match)`,
        { streamId: failure.streamId, expected: failure.expected, actual: failure.actual },
      );
    case 'idempotency_key_reused':
      return problem(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        `The Idempotency-Key was used for a command on ${failure.storedIn}; use a new key for a new command`,
        { storedIn: failure.storedIn },
      );
  }
};

const resultBody = (result: CommandResult): string =>
  JSON.stringify(
    {
      streamId: result.streamId,
      revision: result.revision,
      position: result.position,
      events: result.events.map(({ eventId, type, revision, data }) => ({ eventId, type, revision, data })),
    },
    bigintsAsStrings,
  );

export const commandRoutes = (options: CommandRoutesOptions): Router => {
  const router = Router();
  const { handler, clock, ids } = options;

  const run = async (
    req: Request,
    res: Response,
    kind: AggregateKind,
    aggregateId: string,
    definition: CommandDefinition,
    data: { readonly at: string } & Record<string, unknown>,
    created: boolean,
  ): Promise<void> => {
    const outcome = await handler.handle({
      aggregate: kind,
      aggregateId,
      command: { type: definition.type, data },
      ...optional('commandId', idempotencyKey(req)),
      ...optional('expectedRevision', expectedRevision(req)),
      ...optional('correlationId', req.get('x-correlation-id')),
      actor: req.role === undefined ? 'anonymous' : `api-key:${req.role}`,
    });
    if (!outcome.ok) {
      options.onOutcome?.(definition.type, outcome.failure.kind);
      throw new ProblemError(failureProblem(outcome));
    }
    options.onOutcome?.(definition.type, outcome.result.replayed ? 'replayed' : 'accepted');
    const { result } = outcome;
    res.set('ETag', `"${result.revision.toString()}"`);
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    if (created) res.status(201).location(`${AGGREGATE_PATHS[kind]}/${encodeURIComponent(aggregateId)}`);
    res.type('application/json').send(resultBody(result));
  };

  for (const aggregate of Object.values(AGGREGATES)) {
    const base = AGGREGATE_PATHS[aggregate.kind];
    const creating = aggregate.commands.find((c) => c.creates)!;
    const byRoute = new Map(aggregate.commands.filter((c) => !c.creates).map((c) => [kebabCase(c.type), c]));

    router.post(base, allow('operator'), async (req, res) => {
      const body = requireObject(req);
      const data = decodeBody(creating, {
        ...body,
        at: body['at'] ?? clock.now(),
        [aggregate.idField]: body[aggregate.idField] ?? ids.uuid(),
      });
      await run(req, res, aggregate.kind, data[aggregate.idField] as string, creating, data, true);
    });

    router.post(`${base}/:id/:command`, allow('operator'), async (req, res) => {
      const definition = byRoute.get(String(req.params['command']));
      if (definition === undefined) {
        throw new ProblemError(
          problem(404, 'UNKNOWN_COMMAND', `${base}/{id} has no command ${String(req.params['command'])}`, {
            commands: [...byRoute.keys()],
          }),
        );
      }
      const id = String(req.params['id']);
      if (!Id.is(id))
        throw new ProblemError(
          validationProblem([{ path: 'id', message: 'must be a valid id' }], 'The path'),
        );
      const body = requireObject(req);
      await run(
        req,
        res,
        aggregate.kind,
        id,
        definition,
        decodeBody(definition, { ...body, at: body['at'] ?? clock.now() }),
        false,
      );
    });
  }
  return router;
};

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** A command body is a JSON object (or nothing at all: `{}`); anything else is named as what it is. */
const requireObject = (req: Request): Record<string, unknown> => {
  const json = req.is('application/json');
  // `null` means the request has no body.
  if (json === null) return {};
  if (json === false) {
    throw new ProblemError(problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the command as application/json'));
  }
  if (!isObject(req.body)) {
    throw new ProblemError(validationProblem([{ path: '', message: 'must be a JSON object' }]));
  }
  return req.body;
};
