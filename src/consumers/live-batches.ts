// Reading a live subscription in batches: wait for the first event, then take whatever has
// already arrived (up to a maximum), so a burst is one batch (one transaction for the
// projector) and a lone event goes at once. Looking for the rest of a burst costs a turn of
// the event loop; a consumer with no cost per batch (the SSE fan-out) takes each event as it
// comes instead.
import type { StoredEvent, Subscription } from '../ports.js';

const NOT_YET = Symbol('not yet');

/** The promise's result if it settles before the event loop turns, else NOT_YET. */
const settledNow = <T>(promise: Promise<T>): Promise<T | typeof NOT_YET> =>
  Promise.race([promise, new Promise<typeof NOT_YET>((resolve) => setImmediate(resolve, NOT_YET))]);

const IDLE = Symbol('idle');

/** The promise's result, or IDLE when it hasn't settled within `ms`. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | typeof IDLE> => {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<typeof IDLE>((resolve) => (timer = setTimeout(resolve, ms, IDLE)));
  return Promise.race([promise, idle]).finally(() => clearTimeout(timer));
};

export interface LiveBatchOptions {
  /** The most events in a batch. */
  readonly max: number;
  /** After this long without an event, the reader answers 'idle'. */
  readonly idleMs: number;
  /** Wait a turn of the event loop for the rest of a burst (true), or hand over each event at once. */
  readonly gatherBursts: boolean;
}

/**
 * Returns a reader of batches. It resolves undefined once the subscription has ended, and
 * 'idle' when nothing arrived for `idleMs` (the caller checks the subscription isn't stuck).
 */
export const liveBatches = (
  subscription: Subscription,
  { max, idleMs, gatherBursts }: LiveBatchOptions,
): (() => Promise<readonly StoredEvent[] | 'idle' | undefined>) => {
  const iterator = subscription[Symbol.asyncIterator]();
  // A next() that had not settled when the last batch closed: the next batch starts with it.
  let pending: Promise<IteratorResult<StoredEvent>> | undefined;
  let ended = false;
  return async () => {
    if (ended) return undefined;
    pending ??= iterator.next();
    const first = await within(pending, idleMs);
    if (first === IDLE) return 'idle';
    pending = undefined;
    if (first.done === true) {
      ended = true;
      return undefined;
    }
    const batch = [first.value];
    while (gatherBursts && batch.length < max) {
      const next = iterator.next();
      const result = await settledNow(next);
      if (result === NOT_YET) {
        pending = next;
        break;
      }
      if (result.done === true) {
        ended = true;
        break;
      }
      batch.push(result.value);
    }
    return batch;
  };
};
