// One live subscription to the store shared by every SSE client: each event is read and
// serialised once, however many clients follow the log. (A subscription per client reads and
// serialises every event once per client: 100 clients at 500 events/s is 50 000 reads a second.)
// Clients catch up on history by themselves and join here for the live part; see event-stream.ts.
import type { EventStore, StoredEvent, Subscription } from '../../src/ports.js';
import { sseMessage } from './sse-message.js';

export interface FanoutListener {
  /** An event after the position the fan-out started from, with its SSE message, in order. */
  deliver(event: StoredEvent, message: string): void;
  /** The shared subscription ended (the store closed or failed): the client must go. */
  end(): void;
}

export class EventFanout {
  private readonly listeners = new Set<FanoutListener>();
  private subscription: Subscription | undefined;
  private started: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /**
   * Joins the live part: every event committed after this resolves is delivered (and some
   * before it, which the client skips by position). Returns how to leave.
   */
  async join(listener: FanoutListener): Promise<() => void> {
    if (this.closed) throw new Error('the event fan-out is closed');
    await (this.started ??= this.start().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    }));
    // It may have ended (store closed) while this client waited for it to start.
    if (this.closed || this.subscription === undefined) throw new Error('the live event subscription ended');
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscription?.close();
    this.endAll();
  }

  /** Subscribes from the head: history is each client's own business. */
  private async start(): Promise<void> {
    const from = await this.store.headPosition();
    const subscription = this.store.subscribe({ fromPosition: from });
    this.subscription = subscription;
    void this.pump(subscription);
  }

  private async pump(subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) {
        if (this.listeners.size === 0) continue;
        const message = sseMessage(event);
        for (const listener of this.listeners) {
          // One client's failure ends that client, never the others' stream.
          try {
            listener.deliver(event, message);
          } catch (error) {
            this.listeners.delete(listener);
            this.onError(error);
            listener.end();
          }
        }
      }
    } catch (error) {
      if (!this.closed) this.onError(error);
    }
    // Ended: the next client starts a new subscription; the current ones reconnect.
    this.started = undefined;
    this.subscription = undefined;
    this.endAll();
  }

  private endAll(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener.end();
  }
}
