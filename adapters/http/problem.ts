// Errors at the edge are RFC 7807 problem details with a stable code; domain codes map to HTTP
// statuses here and nowhere else. Their JSON shape is a codec, published in the OpenAPI document.
import type { Response } from 'express';
import * as t from 'io-ts';
import type { DomainError, FieldError } from '../../domain/kernel/index.js';
import { ALREADY_EXISTS, integerBetween, NOT_FOUND, refine } from '../../domain/kernel/index.js';
import { component } from './component.js';

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

export const sendProblem = (res: Response, p: Problem): void => {
  const { status, code, title, detail, ...extensions } = p;
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

export const validationProblem = (errors: readonly FieldError[], what = 'The request body'): Problem =>
  problem(
    400,
    'INVALID_REQUEST',
    `${what} is not valid: ${errors.map((e) => `${e.path || '(root)'} ${e.message}`).join('; ')}`,
    {
      errors,
    },
  );

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
  ]),
);
