// One live subscription to the store shared by every SSE client: each event is read and
// serialised once, however many clients follow the log. (A subscription per client reads and
// serialises every event once per client: 100 clients at 500 events/s is 50 000 reads a second.)
// Clients catch up on history by themselves and join here for the live part; see event-stream.ts.
// The subscription is a consumer runner whose checkpoint lives in memory, from the head at the
// first join: a restarted server has no clients to resume.
import { checkpointInMemory } from '../../src/consumers/consumer-checkpoint.js';
import { ConsumerRunner, RUNNER_DEFAULTS } from '../../src/consumers/consumer-runner.js';
import type { EventStore, StoredEvent } from '../../src/ports.js';
import { sseMessage } from './sse-message.js';

export interface FanoutListener {
  /** An event after the position the fan-out started from, with its SSE message, in order. */
  deliver(event: StoredEvent, message: string): void;
  /** The shared subscription ended (the store closed or failed): the client must go. */
  end(): void;
}

export class EventFanout {
  private readonly listeners = new Set<FanoutListener>();
  private runner: ConsumerRunner | undefined;
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
    // It may have closed while this client waited for it to start; a failing one retries, and
    // its clients reconnect (Last-Event-ID) rather than wait for it.
    if (this.closed) throw new Error('the live event subscription ended');
    if (this.runner?.state === 'failed')
      throw new Error(`the live event subscription failed: ${this.runner.error}`);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.runner?.stop();
    this.endAll();
  }

  /** Follows the log from the head: history is each client's own business. */
  private async start(): Promise<void> {
    const from = await this.store.headPosition();
    if (this.closed) return;
    this.runner = new ConsumerRunner(
      this.store,
      { name: 'sse-fanout', checkpoint: checkpointInMemory(from), handle: (events) => this.deliver(events) },
      {
        ...RUNNER_DEFAULTS,
        // Each event goes out as it arrives: a batch costs nothing here, a turn of latency does.
        gatherBursts: false,
        // The runner resumes from its position after a backoff; the clients it had end now and
        // reconnect, so none waits on a broken subscription.
        onFailure: (error) => {
          if (!this.closed) this.onError(error);
          this.endAll();
        },
      },
    );
    this.runner.start();
  }

  private deliver(events: readonly StoredEvent[]): void {
    if (this.listeners.size === 0) return;
    for (const event of events) {
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
  }

  private endAll(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener.end();
  }
}
