// The shape of every agreement decision: run the checks in order; the first failure is the
// answer, otherwise the events (built only once every check passed).
import * as E from 'fp-ts/lib/Either.js';
import { firstError, type DomainError } from '../kernel/index.js';
import type { AgreementEvent } from './events.js';

export type Decision = E.Either<DomainError, readonly AgreementEvent[]>;

export const decideWith = (
  checks: ReadonlyArray<() => DomainError | undefined>,
  events: () => readonly AgreementEvent[],
): Decision => {
  const error = firstError(...checks);
  return error === undefined ? E.right(events()) : E.left(error);
};
