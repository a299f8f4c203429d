// The operator's process runs: the month end (EvaluateTier for every account) and a SKU
// shortage (allocation over its open commitments: A first, then B pro rata, then C). Both
// send their commands through the command handler with ids derived from the trigger, so
// running one twice decides nothing twice; the answer is the summary.
import { isLeft } from 'fp-ts/lib/Either.js';
import { Router, type Request, type Response } from 'express';
import * as t from 'io-ts';
import {
  describeErrors,
  Id,
  IsoDateTime,
  Period,
  Quantity,
  Sku,
  struct,
  toJsonSchema,
} from '../../domain/kernel/index.js';
import type { Clock, Ids } from '../../src/ports.js';
import type { ProcessManagers } from '../../src/consumers/process-managers.js';
import { allow } from './auth.js';
import { ACCESS_PROBLEMS, jsonResponse, problemResponse } from './openapi-fragment.js';
import { problem, ProblemError, validationProblem } from './problem.js';

export const MonthEndRequest = struct('MonthEndRequest', { period: Period }, { at: IsoDateTime });
export const ShortageRequest = struct(
  'ShortageRequest',
  { sku: Sku, available: Quantity },
  { shortageId: Id, at: IsoDateTime },
);

export interface OperatorRoutesOptions {
  readonly processes: Pick<ProcessManagers, 'runMonthEnd' | 'allocateShortage'>;
  readonly clock: Clock;
  readonly ids: Ids;
  /**
   * Resolves true once the stream index has seen every stream written so far (false on
   * timeout): the processes find accounts and commitments through it.
   */
  readonly indexCaughtUp: () => Promise<boolean>;
}

/** The body as JSON (no body, or an empty one, reads as `{}`, so the 400 names the missing fields). */
const jsonBody = (req: Request): unknown => {
  const json = req.is('application/json');
  if (json === null || req.get('content-length') === '0') return {};
  if (json === false)
    throw new ProblemError(problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request as application/json'));
  return req.body;
};

const decode = <A>(codec: t.Decoder<unknown, A>, req: Request): A => {
  const decoded = codec.decode(jsonBody(req));
  if (isLeft(decoded)) throw new ProblemError(validationProblem(describeErrors(decoded.left)));
  return decoded.right;
};

export const operatorRoutes = (options: OperatorRoutesOptions): Router => {
  const router = Router();
  const { processes, clock, ids } = options;

  const requireIndex = async (res: Response): Promise<void> => {
    if (await options.indexCaughtUp()) return;
    res.set('Retry-After', '1');
    throw new ProblemError(
      problem(503, 'INDEX_BEHIND', 'The stream index is still catching up with the log; retry shortly'),
    );
  };

  router.post('/month-end', allow('operator'), async (req, res) => {
    const body = decode(MonthEndRequest, req);
    const at = body.at ?? clock.now();
    await requireIndex(res);
    const summary = await processes.runMonthEnd(body.period, at);
    res.json({ period: body.period, at, accounts: summary.accepted + summary.rejected, ...summary });
  });

  router.post('/shortages', allow('operator'), async (req, res) => {
    const body = decode(ShortageRequest, req);
    const trigger = {
      shortageId: body.shortageId ?? ids.uuid(),
      sku: body.sku,
      available: body.available,
      at: body.at ?? clock.now(),
    };
    await requireIndex(res);
    const summary = await processes.allocateShortage(trigger);
    res.json({ ...trigger, ...summary });
  });

  return router;
};

const SEND_SUMMARY = {
  accepted: { type: 'integer', description: 'Commands that wrote events (or had written them: a rerun)' },
  rejected: { type: 'integer', description: 'Commands the domain refused' },
  codes: {
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Refusals by domain code',
  },
};

const PROCESS_PROBLEMS = {
  '400': problemResponse(
    'A body that is not valid, with every bad field (INVALID_REQUEST, MALFORMED_JSON)',
    true,
  ),
  '413': problemResponse('A body over 1 MB (PAYLOAD_TOO_LARGE)'),
  '415': problemResponse('A body that is not JSON (UNSUPPORTED_MEDIA_TYPE)'),
  '503': {
    ...problemResponse('The stream index is still catching up with the log (INDEX_BEHIND)'),
    headers: { 'Retry-After': { description: 'Seconds', schema: { type: 'integer' } } },
  },
  ...ACCESS_PROBLEMS,
};

const body = (codec: t.Decoder<unknown, unknown>) => ({
  required: true,
  content: { 'application/json': { schema: toJsonSchema(codec) } },
});

/** The operator's process routes in the OpenAPI document. */
export const operatorPaths = (): Record<string, object> => ({
  '/month-end': {
    post: {
      operationId: 'runMonthEnd',
      summary: 'Month end: EvaluateTier for every account for the closed month `period`',
      description:
        'Running it twice evaluates nothing twice (command ids come from the period and the account).',
      tags: ['processes'],
      'x-roles': ['operator'],
      requestBody: body(MonthEndRequest),
      responses: {
        '200': jsonResponse('What was sent', {
          type: 'object',
          required: ['period', 'at', 'accounts', 'accepted', 'rejected', 'codes'],
          properties: {
            period: { type: 'string' },
            at: { type: 'string', format: 'date-time' },
            accounts: { type: 'integer' },
            ...SEND_SUMMARY,
          },
        }),
        ...PROCESS_PROBLEMS,
      },
    },
  },
  '/shortages': {
    post: {
      operationId: 'allocateShortage',
      summary: 'A SKU is short: allocate what is available over its open commitments',
      description:
        'A commitments are filled first, then B pro rata, then C; one AllocateUnderShortage per commitment. ' +
        '`shortageId` (generated when absent) makes a rerun allocate nothing twice.',
      tags: ['processes'],
      'x-roles': ['operator'],
      requestBody: body(ShortageRequest),
      responses: {
        '200': jsonResponse('The allocations', {
          type: 'object',
          required: ['shortageId', 'sku', 'available', 'at', 'accepted', 'rejected', 'codes', 'allocations'],
          properties: {
            shortageId: { type: 'string' },
            sku: { type: 'string' },
            available: { type: 'integer' },
            at: { type: 'string', format: 'date-time' },
            ...SEND_SUMMARY,
            allocations: {
              type: 'array',
              items: {
                type: 'object',
                required: ['commitmentId', 'requested', 'allocated'],
                properties: {
                  commitmentId: { type: 'string' },
                  requested: { type: 'integer' },
                  allocated: { type: 'integer' },
                },
              },
            },
          },
        }),
        ...PROCESS_PROBLEMS,
      },
    },
  },
});
