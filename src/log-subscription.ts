// A catch-up-then-live subscription over any log that can answer "events after position p":
// the memory and SQLite stores share it. It pages through history, then waits for a
// change signal and pages again, so there is one code path and no gap between the two.
import { matchesFilter, type StoredEvent, type SubscribeOptions, type Subscription } from './ports.js';

export interface LogSource {
  /** Up to `max` events with globalPosition > `after`, in position order (upcast already). */
  readAfter(after: bigint, max: number): Promise<readonly StoredEvent[]> | readonly StoredEvent[];
  /** A counter that moves whenever the log may have grown; read before looking for events. */
  changeVersion(): number;
  /**
   * Resolves when the log may have grown since `seenVersion` — at once if it already has — or
   * after some time (a spurious wake-up is fine). Must resolve promptly once `signal` aborts.
   */
  waitForChange(signal: AbortSignal, seenVersion: number): Promise<void>;
}

const PAGE = 500;

export const followLog = (source: LogSource, options: SubscribeOptions = {}): Subscription => {
  const closing = new AbortController();
  let position = options.fromPosition ?? 0n;
  let buffer: readonly StoredEvent[] = [];
  let index = 0;

  const next = async (): Promise<IteratorResult<StoredEvent>> => {
    for (;;) {
      if (closing.signal.aborted) return { done: true, value: undefined };
      while (index < buffer.length) {
        const event = buffer[index++]!;
        position = event.globalPosition;
        if (matchesFilter(event, options.filter)) return { done: false, value: event };
      }
      // Read the version first: an append landing between the read and the wait still wakes us.
      const seen = source.changeVersion();
      buffer = await source.readAfter(position, PAGE);
      index = 0;
      if (buffer.length === 0) await source.waitForChange(closing.signal, seen);
    }
  };

  const close = async (): Promise<void> => {
    closing.abort();
  };

  return {
    close,
    [Symbol.asyncIterator]: () => ({
      next,
      return: async () => {
        await close();
        return { done: true, value: undefined };
      },
    }),
  };
};

/** A wake-up signal: `notify()` wakes every waiter; waiters also wake when their signal aborts. */
export class ChangeSignal {
  private waiters = new Set<() => void>();
  /** Moves on every notify, so a waiter can tell it missed one. */
  version = 0;

  notify(): void {
    this.version += 1;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify() (at once if one happened since `seenVersion`), on abort, or after `timeoutMs`. */
  wait(signal: AbortSignal, timeoutMs?: number, seenVersion?: number): Promise<void> {
    if (signal.aborted || (seenVersion !== undefined && seenVersion !== this.version))
      return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
    });
  }
}
