// A position a client sends must be one the store has given out: every position the API hands
// out (an event's id, a page's `next`) is at most the head. One beyond it is the client's
// mistake, a 400 UNKNOWN_POSITION at once (as the store's own refusal of a position it never
// issued is) — never an event stream that finds nothing and has the browser reconnect every
// second with the same Last-Event-ID.
import type { EventStore } from '../../src/ports.js';
import { problem, ProblemError } from './problem.js';

export const checkKnownPosition = async (
  store: Pick<EventStore, 'headPosition'>,
  position: bigint | undefined,
  /** Where it came from: a query parameter, or a header such as `Last-Event-ID`. */
  name: string,
): Promise<void> => {
  if (position === undefined) return;
  const head = await store.headPosition();
  if (position <= head) return;
  const message = `is beyond the store’s head (${head.toString()}): no event has that position`;
  throw new ProblemError(
    problem(400, 'UNKNOWN_POSITION', `${name} ${position.toString()} ${message}`, {
      errors: [{ path: name, message }],
    }),
  );
};
