// The one place where what @eventstore/db-client throws becomes the port's typed errors, so
// callers branch on WrongExpectedRevision, StreamNotFound … and never on the client's classes.
import {
  ErrorType,
  isCommandError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type CommandError,
} from '@eventstore/db-client';
import {
  DuplicateEventId,
  StoreUnavailable,
  StreamNotFound,
  WrongExpectedRevision,
  type ExpectedRevision,
} from '../../src/ports.js';

/** What the failing operation was about, to fill in the port error's fields. */
export interface ErrorContext {
  /** Where the server is, for messages (credentials already removed). */
  readonly endpoint: string;
  readonly streamId?: string;
  /** The caller's expectation: the adapter sends ESDB the revision it chained on instead. */
  readonly expected?: ExpectedRevision;
}

// Errors that mean "the server can't be reached or gave up on us": a later try may succeed.
const TRANSIENT = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.CANCELLED,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

const isPortError = (error: unknown): error is Error =>
  error instanceof WrongExpectedRevision ||
  error instanceof StreamNotFound ||
  error instanceof DuplicateEventId ||
  error instanceof StoreUnavailable;

/** True for errors after which reconnecting is worth it (subscriptions resume on these). */
export const isTransient = (error: unknown): boolean => {
  if (error instanceof StoreUnavailable) return true;
  if (error instanceof Error && isCommandError(error)) return TRANSIENT.has((error as CommandError).type);
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
};

export const unavailable = (context: ErrorContext, why: string, cause?: unknown): StoreUnavailable =>
  new StoreUnavailable(`EventStoreDB at ${context.endpoint} is unavailable: ${why}`, { cause });

export const toPortError = (error: unknown, context: ErrorContext): Error => {
  if (isPortError(error)) return error;
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevision(
      context.streamId ?? error.streamName,
      context.expected ?? error.expectedVersion,
      error.actualVersion,
    );
  }
  if (error instanceof StreamNotFoundError) return new StreamNotFound(context.streamId ?? error.streamName);
  if (isTransient(error)) return unavailable(context, (error as Error).message, error);
  // The client's node discovery gives up with a plain Error.
  if (error instanceof Error && error.message.startsWith('Failed to discover')) {
    return unavailable(context, error.message, error);
  }
  return error instanceof Error ? error : new Error(String(error));
};

/**
 * Rejects with StoreUnavailable when `promise` has not settled within `ms`: the client waits
 * for a connection without a deadline on several paths (feature discovery, reads), and an
 * unreachable server must not hang the caller. The abandoned promise is still observed.
 */
export const withDeadline = async <T>(
  promise: Promise<T>,
  ms: number,
  context: ErrorContext,
  what: string,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(context, `no answer to ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
