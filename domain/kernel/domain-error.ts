// A rejected command is a value with a stable code, a sentence for people and the facts
// that caused it. The HTTP layer maps codes to status codes in one place.
import * as E from 'fp-ts/lib/Either.js';
import type { AggregateKind } from './registry.js';

export type Facts = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export interface DomainError {
  /** Stable, SCREAMING_SNAKE_CASE: clients branch on it. */
  readonly code: string;
  readonly message: string;
  readonly facts: Facts;
}

export const domainError = (code: string, message: string, facts: Facts = {}): DomainError => ({
  code,
  message,
  facts,
});

/** `Left` of a DomainError, typed to fit any decision's result. */
export const reject = <A = never>(
  code: string,
  message: string,
  facts: Facts = {},
): E.Either<DomainError, A> => E.left(domainError(code, message, facts));

/** `Right` of the events a decision produced. */
export const accept = <Ev>(...events: readonly Ev[]): E.Either<DomainError, readonly Ev[]> => E.right(events);

/** The first failing check wins; `undefined` means the check passed. */
export const firstError = (
  ...checks: ReadonlyArray<() => DomainError | undefined>
): DomainError | undefined => {
  for (const check of checks) {
    const error = check();
    if (error !== undefined) return error;
  }
  return undefined;
};

/** The command's own aggregate does not exist (HTTP 404). */
export const NOT_FOUND = 'NOT_FOUND';
/** A creating command on an aggregate that exists already (HTTP 409). */
export const ALREADY_EXISTS = 'ALREADY_EXISTS';

/**
 * The one not-found error of an aggregate's own stream: `{ kind, id }`. A decider on an empty
 * stream does not know the id (commands other than the creating one carry none, the route has
 * it), so it leaves it out; the command handler answers with the id before deciding.
 */
export const notFound = (kind: AggregateKind, id?: string): DomainError =>
  id === undefined
    ? domainError(NOT_FOUND, `No such ${kind}`, { kind, id: null })
    : domainError(NOT_FOUND, `No ${kind} ${id}`, { kind, id });

/** Another aggregate a decision names does not exist: `{ accountId }` or `{ agreementId }`. */
export const UNKNOWN_ACCOUNT = 'UNKNOWN_ACCOUNT';
export const UNKNOWN_AGREEMENT = 'UNKNOWN_AGREEMENT';

export const unknownAccount = (accountId: string): DomainError =>
  domainError(UNKNOWN_ACCOUNT, `No account ${accountId}`, { accountId });

export const unknownAgreement = (agreementId: string): DomainError =>
  domainError(UNKNOWN_AGREEMENT, `No agreement ${agreementId}`, { agreementId });

export const alreadyExists = (kind: AggregateKind, id: string): DomainError =>
  domainError(ALREADY_EXISTS, `The ${kind} ${id} exists already`, { kind, id });
