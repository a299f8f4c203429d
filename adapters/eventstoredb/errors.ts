// The one place where what @eventstore/db-client throws becomes the port's typed errors, so
// callers branch on WrongExpectedRevision, StreamNotFound … and never on the client's classes.
import {
  AccessDeniedError,
  ErrorType,
  isCommandError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type CommandError,
} from '@eventstore/db-client';
import {
  AppendTooLarge,
  DuplicateEventId,
  InvalidEventId,
  StoreMisconfigured,
  StoreUnavailable,
  StreamNotFound,
  UnknownPosition,
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
  /** What was asked of the server, in words a permission names: `read $all`, `write to account-1` … */
  readonly access?: string;
  /** The $all position a read or subscription started from. */
  readonly position?: bigint;
  /** The size of an append, as the server's maximum append size counts it. */
  readonly bytes?: number;
  /** The user of the connection string, for messages. */
  readonly user?: string;
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
  error instanceof StoreUnavailable ||
  error instanceof InvalidEventId ||
  error instanceof AppendTooLarge ||
  error instanceof UnknownPosition ||
  error instanceof StoreMisconfigured;

/**
 * NotLeader (the node the client is on is a follower now) and unavailable (the node went away):
 * the client has already dropped its channel and rediscovers the cluster on the next call, so
 * one more try reaches the leader.
 */
export const needsRediscovery = (error: unknown): boolean => {
  const cause = error instanceof StoreUnavailable ? error.cause : error;
  return cause instanceof NotLeaderError || cause instanceof UnavailableError;
};

/** Where the least-privilege user is described. */
const PERMISSIONS =
  "KARE's user needs read and write on its streams and read on $all (README, 'Running on EventStoreDB')";

/** The server refused a position: it is not the start of a record, or past the end of the log. */
const isInvalidPosition = (error: unknown): boolean => {
  const details = (error as { details?: unknown; message?: unknown } | undefined) ?? {};
  const text = `${String(details.details ?? '')} ${String(details.message ?? '')}`;
  return /invalid position/i.test(text);
};

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
  if (error instanceof MaxAppendSizeExceededError) {
    return new AppendTooLarge(context.streamId ?? '', context.bytes ?? 0, error.maxAppendSize);
  }
  if (error instanceof AccessDeniedError) {
    const who = context.user === undefined ? 'an anonymous connection' : `user ${context.user}`;
    return new StoreMisconfigured(
      `EventStoreDB at ${context.endpoint} denied ${context.access ?? 'a call'} to ${who}: ${PERMISSIONS}`,
      { cause: error },
    );
  }
  if (context.position !== undefined && isInvalidPosition(error)) {
    return new UnknownPosition(
      context.position,
      `EventStoreDB at ${context.endpoint} refused it as a read position`,
    );
  }
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
  /** The deadline to name: a page's whole deadline, when `ms` is what is left of it. */
  stated = ms,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(context, `no answer to ${what} within ${stated} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
