// A catch-up-then-live subscription to $all that survives dropped connections: it remembers
// the position of the last event it accepted and, when the server call fails with a transient
// error, subscribes again strictly after that position (with exponential backoff). Events at
// or before that position are dropped, so the consumer sees no gap and no duplicate.
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import type { StoredEvent, Subscription, SubscriptionConnection } from '../../src/ports.js';

export interface ResumableSubscriptionDeps {
  /** Opens a server subscription delivering events strictly after `after` (all when undefined). */
  readonly open: (after: bigint | undefined) => AllStreamSubscription;
  /** The event as stored, or undefined when it is not KARE's (system, foreign). */
  readonly decode: (resolved: AllStreamResolvedEvent) => StoredEvent | undefined;
  /** The caller's filter, applied on the client too (the server filters on one criterion only). */
  readonly accepts: (event: StoredEvent) => boolean;
  readonly upcast: (event: StoredEvent) => StoredEvent;
  readonly isTransient: (error: unknown) => boolean;
  readonly toPortError: (error: unknown) => Error;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number; readonly maxAttempts: number };
  readonly onClosed: (subscription: ResumableSubscription) => void;
}

// Pause the server stream when this many events wait for the consumer; resume below the low mark.
const HIGH_WATER = 512;
const LOW_WATER = 128;

type Waiter = {
  readonly resolve: (result: IteratorResult<StoredEvent>) => void;
  readonly reject: (error: unknown) => void;
};

export class ResumableSubscription implements Subscription {
  private readonly buffer: StoredEvent[] = [];
  private waiter: Waiter | undefined;
  private failure: Error | undefined;
  private closed = false;
  private current: AllStreamSubscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Consecutive failed (re)connections; reset by any sign of life from the server. */
  private failedAttempts = 0;
  private reconnecting = false;
  private lastError: string | undefined;

  constructor(
    private readonly deps: ResumableSubscriptionDeps,
    /** The position of the last event handed to the buffer: the resume point. */
    private last: bigint | undefined,
  ) {
    this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  connection(): SubscriptionConnection {
    return {
      state: this.closed ? 'closed' : this.reconnecting ? 'reconnecting' : 'connected',
      attempts: this.failedAttempts,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.buffer.length = 0;
    this.waiter?.resolve({ done: true, value: undefined });
    this.waiter = undefined;
    this.deps.onClosed(this);
    await this.release();
  }

  private next(): Promise<IteratorResult<StoredEvent>> {
    const event = this.buffer.shift();
    if (event !== undefined) {
      if (this.buffer.length === LOW_WATER) this.current?.resume();
      return Promise.resolve({ done: false, value: event });
    }
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private connect(): void {
    if (this.closed) return;
    let subscription: AllStreamSubscription;
    try {
      subscription = this.deps.open(this.last);
    } catch (error) {
      this.fail(this.deps.toPortError(error));
      return;
    }
    this.current = subscription;
    subscription.on('confirmation', () => {
      if (subscription !== this.current) return;
      this.failedAttempts = 0;
      this.reconnecting = false;
    });
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      // A replaced call may still flush what it had buffered: its successor re-reads that.
      if (subscription === this.current) this.accept(resolved);
    });
    subscription.on('error', (error: unknown) => this.dropped(subscription, error));
    subscription.on('end', () => this.dropped(subscription, undefined));
  }

  private accept(resolved: AllStreamResolvedEvent): void {
    this.failedAttempts = 0;
    this.reconnecting = false;
    let event: StoredEvent | undefined;
    try {
      event = this.deps.decode(resolved);
      if (event === undefined) return;
      if (this.last !== undefined && event.globalPosition <= this.last) return; // seen before a drop
      if (!this.deps.accepts(event)) return;
      this.last = event.globalPosition;
      event = this.deps.upcast(event);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.waiter !== undefined) {
      this.waiter.resolve({ done: false, value: event });
      this.waiter = undefined;
      return;
    }
    this.buffer.push(event);
    if (this.buffer.length === HIGH_WATER) this.current?.pause();
  }

  /** The server call ended (with or without an error) while we still wanted events. */
  private dropped(subscription: AllStreamSubscription, error: unknown): void {
    if (subscription !== this.current || this.closed) return;
    this.current = undefined;
    this.reconnecting = true;
    this.lastError = error === undefined ? 'ended by the server' : String((error as Error).message ?? error);
    void subscription.unsubscribe().catch(() => undefined);
    if (error !== undefined && !this.deps.isTransient(error)) {
      this.fail(this.deps.toPortError(error));
      return;
    }
    this.failedAttempts += 1;
    if (this.failedAttempts > this.deps.backoff.maxAttempts) {
      this.fail(this.deps.toPortError(error ?? new Error('subscription ended by the server')));
      return;
    }
    const { initialMs, maxMs } = this.deps.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** (this.failedAttempts - 1));
    // Jitter, so that subscribers dropped together do not all come back at the same instant.
    this.retryTimer = setTimeout(() => this.connect(), delay / 2 + Math.random() * (delay / 2));
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.deps.onClosed(this);
    void this.release();
    if (this.waiter !== undefined) {
      this.waiter.reject(error);
      this.waiter = undefined;
    } else {
      this.failure = error;
    }
  }

  private async release(): Promise<void> {
    const subscription = this.current;
    this.current = undefined;
    if (subscription !== undefined) await subscription.unsubscribe().catch(() => undefined);
  }
}
