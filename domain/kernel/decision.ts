// What every decision answers: the events a command causes, or the DomainError that refused it.
import * as E from 'fp-ts/lib/Either.js';
import { firstError, type DomainError } from './domain-error.js';

export type Decision<Event> = E.Either<DomainError, readonly Event[]>;

/**
 * Runs the checks in order; the first failure is the answer, otherwise the events (built only
 * once every check passed, so a builder may rely on what the checks proved).
 */
export const decideWith = <Event>(
  checks: ReadonlyArray<() => DomainError | undefined>,
  events: () => readonly Event[],
): Decision<Event> => {
  const error = firstError(...checks);
  return error === undefined ? E.right(events()) : E.left(error);
};
