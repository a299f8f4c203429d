// `minPosition`: a client that just wrote (a command answers with the position it reached) asks
// to read only once the read model has applied that position. The wait is bounded; past it the
// answer is a 503 with Retry-After, so the client retries instead of reading stale rows.
import type { Response } from 'express';
import type { Projector } from '../../src/consumers/projector/projector.js';
import { problem, ProblemError } from './problem.js';

export const DEFAULT_WAIT_MS = 2000;
/** Seconds a client should wait before asking again. */
const RETRY_AFTER_SECONDS = 1;

export const awaitPosition = async (
  projector: Pick<Projector, 'waitFor'>,
  projection: string,
  minPosition: bigint | undefined,
  timeoutMs: number,
  res: Response,
): Promise<void> => {
  if (minPosition === undefined || (await projector.waitFor(minPosition, timeoutMs, projection))) return;
  res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  throw new ProblemError(
    problem(
      503,
      'PROJECTION_BEHIND',
      `The ${projection} projection has not reached position ${minPosition.toString()} within ${timeoutMs} ms; retry shortly`,
      { projection, minPosition: minPosition.toString() },
    ),
  );
};
