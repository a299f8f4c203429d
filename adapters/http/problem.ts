// Errors at the edge are RFC 7807 problem details with a stable code. Domain codes, and the
// core's typed failures (a command not carried out, a state the audit could not give), become
// HTTP problems here and nowhere else. Their JSON shape is a codec, published in the document.
import type { Response } from 'express';
import * as t from 'io-ts';
import type { DomainError, FieldError } from '../../domain/kernel/index.js';
import { ALREADY_EXISTS, integerBetween, NOT_FOUND, refine } from '../../domain/kernel/index.js';
import type { StateAsOf } from '../../src/audit/index.js';
import type { CommandOutcome } from '../../src/commands/command-handler.js';
import { AppendTooLarge, StoreMisconfigured, StoreUnavailable, UnknownPosition } from '../../src/ports.js';
import { component } from './documented-codec.js';

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  421: 'Misdirected request',
  422: 'Unprocessable content',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export const problem = (
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem => ({
  status,
  code,
  title: TITLES[status] ?? 'Error',
  detail,
  ...extensions,
});

/** A URI naming the kind of problem: stable, one per code. */
export const problemType = (code: string): string =>
  `urn:kare:problem:${code.toLowerCase().replace(/_/g, '-')}`;

/** Seconds a client should wait before retrying a command whose stream kept changing. */
export const CONFLICT_RETRY_AFTER_SECONDS = 1;

/** A problem the client may retry after this many seconds: sent as `Retry-After`, not in the body. */
export const retryable = (p: Problem, seconds: number): Problem => ({ ...p, retryAfter: seconds });

export const sendProblem = (res: Response, p: Problem): void => {
  const { status, code, title, detail, retryAfter, ...extensions } = p;
  if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify(
        { type: problemType(code), title, status, detail, code, ...extensions },
        bigintsAsStrings,
      ),
    );
};

/** Revisions and positions are bigint in code and decimal strings in JSON. */
export const bigintsAsStrings = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;

/** The one place a domain code becomes an HTTP status. */
export const statusOfDomainError = (code: string): number => {
  if (code === NOT_FOUND) return 404;
  if (code === ALREADY_EXISTS) return 409;
  return 422;
};

export const domainProblem = (error: DomainError): Problem =>
  problem(statusOfDomainError(error.code), error.code, error.message, { facts: error.facts });

/**
 * The most errors a 400 lists; the rest are counted (`moreErrors`). A request with thousands of
 * bad parameters gets an answer of a few KB, not one that grows with what it sent.
 */
export const MAX_LISTED_ERRORS = 20;
/** The longest message or path a listed error keeps (a path can echo a parameter's name). */
const MAX_ERROR_TEXT = 200;

const clipped = (text: string): string =>
  text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;

/** The first MAX_LISTED_ERRORS errors, clipped, and how many more there were. */
const listed = (errors: readonly FieldError[]) => {
  const shown = errors
    .slice(0, MAX_LISTED_ERRORS)
    .map((e) => ({ ...e, path: clipped(e.path), message: clipped(e.message) }));
  const more = errors.length - shown.length;
  return { shown, more, tail: more > 0 ? `; and ${more} more` : '' };
};

export const validationProblem = (errors: readonly FieldError[], what = 'The request body'): Problem => {
  const { shown, more, tail } = listed(errors);
  return problem(
    400,
    'INVALID_REQUEST',
    `${what} is not valid: ${shown.map((e) => `${e.path || '(root)'} ${e.message}`).join('; ')}${tail}`,
    { errors: shown, ...(more > 0 ? { moreErrors: more } : {}) },
  );
};

type CommandFailure = Extract<CommandOutcome, { ok: false }>['failure'];

/** A skew for a person: whole minutes where it is some, else seconds. */
const skewText = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${ms / 1000} s`;

/** A command the handler did not carry out: refused by the domain, or by the stream's revision. */
export const commandProblem = (failure: CommandFailure): Problem => {
  switch (failure.kind) {
    case 'rejected':
      return domainProblem(failure.error);
    case 'conflict':
      return retryable(
        problem(
          409,
          'CONFLICT',
          `${failure.streamId} kept changing; gave up after ${failure.attempts} attempts`,
          {
            streamId: failure.streamId,
            actual: failure.actual,
          },
        ),
        CONFLICT_RETRY_AFTER_SECONDS,
      );
    case 'precondition_failed':
      return problem(
        412,
        'REVISION_MISMATCH',
        `${failure.streamId} is at revision ${String(failure.actual)}, not ${failure.expected.toString()} (If-Match)`,
        { streamId: failure.streamId, expected: failure.expected, actual: failure.actual },
      );
    case 'chain_broken':
      return problem(
        409,
        'CHAIN_BROKEN',
        `The hash chain of ${failure.streamId} is broken at revision ${failure.brokenAt.toString()} (${failure.reason}); it takes no more events`,
        { streamId: failure.streamId, brokenAt: failure.brokenAt },
      );
    case 'at_in_future': {
      const message = `must be at most ${skewText(failure.maxSkewMs)} after the server’s clock (${failure.now})`;
      return problem(
        400,
        'AT_IN_FUTURE',
        `at ${failure.at} ${message}: a command records what has happened`,
        {
          errors: [{ path: 'at', message }],
        },
      );
    }
    case 'idempotency_key_reused':
      // Names the key and where it was used, never what either request carried.
      return problem(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        `The Idempotency-Key ${failure.commandId} was used for another request (on ${failure.storedIn}); use a new key for a new command`,
        { idempotencyKey: failure.commandId, storedIn: failure.storedIn },
      );
  }
};

/** A state the audit could not give, named precisely: no stream, a revision past its end, a moment before it. */
export const stateProblem = (result: Exclude<StateAsOf, { kind: 'state' }>): Problem => {
  switch (result.kind) {
    case 'stream_not_found':
      return problem(404, 'NOT_FOUND', `${result.streamId} has no events`, { streamId: result.streamId });
    case 'revision_beyond_end':
      return problem(
        404,
        'REVISION_BEYOND_END',
        `${result.streamId} ends at revision ${result.lastRevision.toString()}; there is no revision ${result.requested.toString()}`,
        { streamId: result.streamId, requested: result.requested, lastRevision: result.lastRevision },
      );
    case 'before_first_event':
      return problem(
        404,
        'BEFORE_FIRST_EVENT',
        `${result.streamId} had no events at ${result.requested}; its first was recorded at ${result.firstRecordedAt}`,
        { streamId: result.streamId, requested: result.requested, firstRecordedAt: result.firstRecordedAt },
      );
    case 'invalid_revision':
      return validationProblem([{ path: 'query.revision', message: 'must be ≥ 0' }], 'The query');
    case 'invalid_timestamp':
      return validationProblem([{ path: 'query.asOf', message: 'must be a valid timestamp' }], 'The query');
  }
};

/** A part of the request its codecs read. */
export type Part = 'path' | 'query' | 'body';
const PART_NAMES: Readonly<Record<Part, string>> = {
  path: 'The path',
  query: 'The query',
  body: 'The request body',
};

/**
 * A request whose codecs refuse it: every bad field at `path.<name>` or `query.<name>` (a body's
 * from its root). INVALID_QUERY is the integrators' routes' own form: bare parameter names.
 */
export const invalidRequest = (
  part: Part,
  errors: readonly FieldError[],
  code?: 'INVALID_QUERY',
): Problem => {
  if (code === 'INVALID_QUERY') {
    const { shown, more, tail } = listed(errors);
    return problem(400, code, `${shown.map((e) => `${e.path} ${e.message}`).join('; ')}${tail}`, {
      errors: shown,
      ...(more > 0 ? { moreErrors: more } : {}),
    });
  }
  return validationProblem(
    part === 'body' ? errors : errors.map((e) => ({ ...e, path: `${part}.${e.path}` })),
    PART_NAMES[part],
  );
};

/** A request error whose problem is known: thrown by handlers, turned into a response by the app. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const text = (name: string, description: string, schema: Record<string, unknown> = {}) =>
  refine(t.string, () => true, name, description, schema);

export const ProblemJson = component(
  'Problem',
  t.type({
    type: text('ProblemType', 'A URI naming the kind of problem', { format: 'uri' }),
    title: t.string,
    status: integerBetween(400, 599, 'HttpStatus'),
    detail: t.string,
    code: text('ProblemCode', 'Stable: a domain code such as DISCOUNT_ABOVE_TIER_CAP', {
      pattern: '^[A-Z][A-Z0-9_]*$',
    }),
  }),
);

export const ValidationProblemJson = component(
  'ValidationProblem',
  t.intersection([
    ProblemJson,
    t.type({
      errors: t.array(
        t.type({
          path: text('FieldPath', 'The dotted path of the bad field ("" for the whole)'),
          message: t.string,
        }),
      ),
    }),
    t.partial({
      moreErrors: integerBetween(1, Number.MAX_SAFE_INTEGER, 'MoreErrors'),
    }),
  ]),
);

/**
 * A fault of a SQLite file that reached the edge untyped (a read model's, a snapshot's): the
 * store, not the request, is at fault. Recognised by its shape: the edge imports no adapter.
 */
const isSqliteFault = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === 'SqliteError' &&
  /^SQLITE_(READONLY|FULL|CANTOPEN|IOERR|BUSY|LOCKED|CORRUPT|NOTADB)/.test(
    String((error as { code?: unknown }).code),
  );

/**
 * The event store's typed failures: a store that is down or refuses KARE is a 503 the client
 * may retry (never a 500), a position it never issued is the client's 400, an append over
 * the server's maximum size a 413. Undefined for anything else.
 */
export const storeProblem = (error: unknown): Problem | undefined => {
  if (error instanceof StoreUnavailable && error.fault !== undefined)
    return problem(
      503,
      'STORE_UNAVAILABLE',
      `The event store cannot take writes right now (${error.fault}); retry shortly`,
      { fault: error.fault },
    );
  if (error instanceof StoreUnavailable || error instanceof StoreMisconfigured || isSqliteFault(error))
    return problem(503, 'STORE_UNAVAILABLE', 'The event store cannot be used right now; retry shortly');
  if (error instanceof UnknownPosition) return problem(400, 'UNKNOWN_POSITION', error.message);
  if (error instanceof AppendTooLarge) return problem(413, 'APPEND_TOO_LARGE', error.message);
  return undefined;
};

/** Seconds a client should wait before retrying a 503 of the store. */
export const STORE_RETRY_AFTER_SECONDS = 5;
