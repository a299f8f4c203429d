// The operator's process runs: the month end (EvaluateTier for every account) and a SKU
// shortage (allocation over its open commitments: A first, then B pro rata, then C). Both
// send their commands through the command handler with ids derived from the trigger, so
// running one twice decides nothing twice; the answer is the summary.
import type { Router } from 'express';
import * as t from 'io-ts';
import { Id, Integer, IsoDateTime, Period, Quantity, Sku, struct } from '../../domain/kernel/index.js';
import type { Clock, Ids } from '../../src/ports.js';
import type { ProcessManagers } from '../../src/consumers/process-managers.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { routerOf } from './endpoint-router.js';
import { problem, ProblemError } from './problem.js';

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

const operated = endpoint<OperatorRoutesOptions>({ tag: 'processes', roles: ['operator'] });

const SEND_SUMMARY = {
  accepted: Integer,
  rejected: Integer,
  /** Refusals by domain code. */
  codes: t.record(t.string, Integer),
};

const PROBLEMS = {
  '400': 'A body that is not valid, with every bad field (INVALID_REQUEST, MALFORMED_JSON)',
  '503': {
    description: 'The stream index is still catching up with the log (INDEX_BEHIND)',
    headers: { 'Retry-After': { description: 'Seconds', schema: { type: 'integer' } } },
  },
};

/** The processes find accounts and commitments through the stream index: it must have seen them all. */
const requireIndex = async (
  options: OperatorRoutesOptions,
  res: { set(name: string, value: string): unknown },
) => {
  if (await options.indexCaughtUp()) return;
  res.set('Retry-After', '1');
  throw new ProblemError(
    problem(503, 'INDEX_BEHIND', 'The stream index is still catching up with the log; retry shortly'),
  );
};

const MONTH_END = operated({
  method: 'post',
  path: '/month-end',
  operationId: 'runMonthEnd',
  summary: 'Month end: EvaluateTier for every account for the closed month `period`, then the risk review',
  description:
    'The risk review flags (FlagAtRisk) every ACTIVE account whose early-warning score crossed the policy threshold ' +
    'since the previous month end (`flaggedAtRisk`). Running it twice evaluates and flags nothing twice (command ' +
    'ids come from the period and the account).',
  body: { codec: MonthEndRequest, required: true },
  answers: {
    '200': {
      description: 'What was sent',
      json: t.type({
        period: Period,
        at: IsoDateTime,
        accounts: Integer,
        ...SEND_SUMMARY,
        flaggedAtRisk: Integer,
      }),
    },
  },
  problems: PROBLEMS,
  handle: async ({ body, res }, options) => {
    const at = body.at ?? options.clock.now();
    await requireIndex(options, res);
    const summary = await options.processes.runMonthEnd(body.period, at);
    return { json: { period: body.period, at, accounts: summary.accepted + summary.rejected, ...summary } };
  },
});

const SHORTAGE = operated({
  method: 'post',
  path: '/shortages',
  operationId: 'allocateShortage',
  summary: 'A SKU is short: allocate what is available over its open commitments',
  description:
    'A commitments are filled first, then B pro rata, then C; one AllocateUnderShortage per commitment. ' +
    '`shortageId` (generated when absent) makes a rerun allocate nothing twice.',
  body: { codec: ShortageRequest, required: true },
  answers: {
    '200': {
      description: 'The allocations',
      json: t.type({
        shortageId: t.string,
        sku: t.string,
        available: Integer,
        at: IsoDateTime,
        ...SEND_SUMMARY,
        allocations: t.array(t.type({ commitmentId: t.string, requested: Integer, allocated: Integer })),
      }),
    },
  },
  problems: PROBLEMS,
  handle: async ({ body, res }, options) => {
    const trigger = {
      shortageId: body.shortageId ?? options.ids.uuid(),
      sku: body.sku,
      available: body.available,
      at: body.at ?? options.clock.now(),
    };
    await requireIndex(options, res);
    return { json: { ...trigger, ...(await options.processes.allocateShortage(trigger)) } };
  },
});

export const OPERATOR_ENDPOINTS: readonly Endpoint<OperatorRoutesOptions>[] = [MONTH_END, SHORTAGE];

export const operatorRoutes = (options: OperatorRoutesOptions): Router =>
  routerOf(OPERATOR_ENDPOINTS, options);
