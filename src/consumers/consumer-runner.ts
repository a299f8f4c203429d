// The one runner under every consumer of the log: the projector's builds, the reactors, the
// webhook sender and the SSE fan-out. From its checkpoint it pages through history (many events
// per batch), then follows the store live in batches of what has arrived; after each batch it
// saves the checkpoint. A failure restarts it from the checkpoint after a backoff; stop() lets
// the current batch finish. Status shows its state, position, lag (in events, counted up to a
// cap) and, while live, its subscription's connection. Checkpoints record the store that issued
// their position: one another store issued is refused (ForeignCheckpoint), never resumed from.
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  ForeignCheckpoint,
  matchesFilter,
  type EventFilter,
  type EventStore,
  type StoredEvent,
  type Subscription,
  type SubscriptionConnection,
} from '../ports.js';
import type { ConsumerCheckpoint } from './consumer-checkpoint.js';
import { LAG_CAP, lagBehind } from './lag.js';
import { liveBatches } from './live-batches.js';
import { RestartBackoff, type BackoffOptions } from './restart-backoff.js';
import type { TurnGate } from './turn-gate.js';

export type ConsumerState = 'catching_up' | 'live' | 'stopped' | 'failed';

export interface ConsumerStatus {
  readonly name: string;
  /** The position of the last event handled or skipped (0n before any). */
  readonly position: bigint;
  /** The store's head position when the status was taken. */
  readonly head: bigint;
  /** Events after the position up to the head, counted up to a cap (then lagCapped is true). */
  readonly lag: bigint;
  /** Present when the lag count stopped at the cap: at least `lag` events behind. */
  readonly lagCapped?: true;
  readonly state: ConsumerState;
  /** The last failure, until a batch succeeds again. */
  readonly error?: string;
  /** While live on a store whose connection can drop: connected, or reconnecting (attempts, why). */
  readonly connection?: SubscriptionConnection;
}

export interface Consumer {
  readonly name: string;
  /** The events it handles; the others only move its position. Default: every event. */
  readonly filter?: EventFilter;
  readonly checkpoint: ConsumerCheckpoint;
  /**
   * Handles a batch, in position order. A throw fails the batch: the runner restarts from the
   * checkpoint. `signal` aborts on stop(): a handler that waits may give up, and the batch is not
   * checkpointed. `more`: a full page of history, and the next comes right after it: a consumer
   * that saves its own checkpoint (the projector) may hold its work to write it once for several
   * pages, until a batch without `more` or flush(); held work a restart finds is dropped, as
   * the checkpoint it loads is from before it.
   */
  handle(events: readonly StoredEvent[], signal: AbortSignal, more: boolean): Promise<void> | void;
  /** Writes the work held from pages handled with `more`: paging stopped at the head. */
  flush?(): Promise<void> | void;
}

export interface RunnerOptions {
  /** Events per batch while catching up. */
  readonly batchSize: number;
  /** Most events per live batch; a full one means the consumer is behind: it pages instead. */
  readonly liveBatchSize: number;
  /** After this long without a live event, compare with the head: a stuck subscription is replaced. */
  readonly idleCheckMs: number;
  /**
   * Live, wait a turn of the event loop for the rest of a burst so it is one batch (true: for a
   * cost per batch, like a transaction), or hand each event over as it arrives (false: latency).
   */
  readonly gatherBursts: boolean;
  /** The wait before a failed consumer restarts. */
  readonly backoff: BackoffOptions;
  /** Told of every failure, before the backoff. */
  readonly onFailure?: (error: unknown) => void;
  /** Catching up reached the head (before following live, or before catchUp() returns). */
  readonly onCaughtUp?: () => void;
  /** The most events status() counts for the lag (default LAG_CAP). */
  readonly lagCap?: bigint;
  /**
   * In a process that serves requests: a page caught up is handled in slices of about the gate's
   * budget each (a batch each), and the gate, shared by every runner catching up in the process,
   * lets them take at most about its budget together in a turn of the event loop: a request
   * waits about that long, not a whole page's work, nor a slice of each. Absent: a page is one batch.
   */
  readonly turnGate?: TurnGate;
}

/** The turn budget of a serving process (`kare serve`): a request waits at most about this long. */
export const SERVING_TURN_BUDGET_MS = 50;

/** The fewest events a slice holds, however slow: progress, and a batch's fixed cost spread. */
export const MIN_SLICE = 50;

/**
 * The next slice's size from how long this one took: scaled to the budget when over it, doubled
 * (up to the page) when well under it.
 */
export const nextSliceSize = (size: number, elapsedMs: number, budgetMs: number, most: number): number => {
  if (elapsedMs > budgetMs) return Math.max(MIN_SLICE, Math.floor((size * budgetMs) / elapsedMs));
  if (elapsedMs < budgetMs / 2) return Math.min(most, size * 2);
  return size;
};

/**
 * Events per catch-up page in a process that serves no request (`kare rebuild`, `kare project`):
 * no reader waits on the loop meanwhile, and a projection holds page after page in one batch
 * (the projector's heldBatchBytes), so a document many events touch is written once for them.
 */
export const OFFLINE_BATCH_SIZE = 10_000;

export const RUNNER_DEFAULTS: RunnerOptions = {
  batchSize: 2000,
  liveBatchSize: 500,
  idleCheckMs: 1000,
  gatherBursts: true,
  backoff: { initialMs: 100, maxMs: 30_000 },
};

const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class ConsumerRunner {
  private stateNow: ConsumerState = 'stopped';
  private errorNow: string | undefined;
  /** Undefined until the checkpoint has been loaded. */
  private positionNow: bigint | undefined;
  private readonly backoff: RestartBackoff;
  private stopping = false;
  private aborter = new AbortController();
  private interrupt: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private catchingUp = false;
  /** The live subscription, while following the store. */
  private subscription: Subscription | undefined;
  /** The store's identity, recorded with every checkpoint saved (where the store has one). */
  private storeId: string | undefined;
  /** Events per slice of a page, with a turn gate (see nextSliceSize). */
  private sliceSize: number;
  /** What the last slice took per event, in ms: the gate's estimate of the next one (unknown at first). */
  private msPerEvent: number | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly consumer: Consumer,
    private readonly options: RunnerOptions = RUNNER_DEFAULTS,
  ) {
    this.backoff = new RestartBackoff(options.backoff);
    // With a gate, the first slice's cost is unknown: the floor, doubled while well under the budget.
    this.sliceSize = options.turnGate === undefined ? options.batchSize : MIN_SLICE;
  }

  get name(): string {
    return this.consumer.name;
  }

  get state(): ConsumerState {
    return this.stateNow;
  }

  get error(): string | undefined {
    return this.errorNow;
  }

  /** Runs in the background until stop(): catch up, then live; a failure restarts it after a backoff. */
  start(): void {
    if (this.running !== undefined) return;
    if (this.catchingUp) throw new Error(`${this.name} is catching up: start it once catchUp() is done`);
    this.stopping = false;
    this.aborter = new AbortController();
    this.stateNow = 'catching_up';
    this.running = this.runForever();
  }

  /** Ends cleanly: the current batch finishes, the subscription closes, a backoff is cut short. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.interrupt?.();
    this.aborter.abort();
    await this.running;
    this.running = undefined;
    this.stateNow = 'stopped';
  }

  /** For a stopped runner (CLI, tests): from the checkpoint up to the head, then returns; errors propagate. */
  async catchUp(): Promise<void> {
    if (this.running !== undefined || this.catchingUp)
      throw new Error(`${this.name} is running: catchUp() is for a stopped consumer`);
    this.stopping = false;
    this.aborter = new AbortController();
    this.catchingUp = true;
    this.stateNow = 'catching_up';
    try {
      await this.cycle('until_head');
    } finally {
      this.catchingUp = false;
      this.stateNow = 'stopped';
    }
  }

  /** The live subscription's connection, where the store has one that can drop. */
  connection(): SubscriptionConnection | undefined {
    return this.subscription?.connection?.();
  }

  async status(): Promise<ConsumerStatus> {
    const head = await this.store.headPosition();
    const position = this.positionNow ?? (await this.consumer.checkpoint.load()) ?? 0n;
    const connection = this.connection();
    return {
      name: this.name,
      position,
      head,
      ...(await lagBehind(this.store, position, head, this.options.lagCap ?? LAG_CAP)),
      state: this.stateNow,
      ...(this.errorNow === undefined ? {} : { error: this.errorNow }),
      ...(connection === undefined ? {} : { connection }),
    };
  }

  private async runForever(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.cycle('forever');
      } catch (error) {
        if (this.stopping) break;
        this.stateNow = 'failed';
        this.errorNow = messageOf(error);
        this.options.onFailure?.(error);
        await this.backoff.wait(this.aborter.signal);
      }
    }
  }

  /** Work succeeded: show the state it is in, and forget the last failure. */
  private succeeded(state: ConsumerState): void {
    this.stateNow = state;
    this.errorNow = undefined;
  }

  /** From the checkpoint: pages up to the head, then (forever) live until stopped or behind. */
  private async cycle(mode: 'forever' | 'until_head'): Promise<void> {
    this.storeId ??= await this.store.storeId?.();
    const position = await this.consumer.checkpoint.load();
    // A position another store issued would skip or repeat events here: refuse it, loudly.
    const issuedBy = position === undefined ? undefined : await this.consumer.checkpoint.issuer?.();
    if (issuedBy !== undefined && this.storeId !== undefined && issuedBy !== this.storeId)
      throw new ForeignCheckpoint(this.name, issuedBy, this.storeId);
    this.positionNow = position ?? 0n;
    for (;;) {
      if (this.stopping) return;
      // A failure stays shown until work succeeds.
      if (this.stateNow !== 'live' && this.stateNow !== 'failed') this.stateNow = 'catching_up';
      const reachedHead = await this.page();
      if (this.stopping) return;
      if (!reachedHead) {
        this.succeeded('catching_up');
        continue;
      }
      this.options.onCaughtUp?.();
      if (mode === 'until_head') return;
      this.succeeded('live');
      await this.followLive();
    }
  }

  /** One page after the position, handled; true when it reached the head. */
  private async page(): Promise<boolean> {
    const { batchSize } = this.options;
    const read = () => collect(this.store.readAll({ fromPosition: this.position(), maxCount: batchSize }));
    const gate = this.options.turnGate;
    // Reading a page holds the loop too (SQLite in process: the rows, their JSON, unsealing; the
    // projections catching up together share it, the first to ask pays): its own turn, as a slice.
    const events = gate === undefined ? await read() : (await gate.run(read)).result;
    // Slices in a serving process are each written: a request should find them.
    const more = gate === undefined && events.length >= batchSize;
    if (gate === undefined) {
      if (events.length > 0) await this.take(events, 'page', more);
    } else await this.takeInSlices(events, gate);
    if (!more && !this.stopping) await this.consumer.flush?.();
    // A store in process (SQLite) answers without a turn of the event loop: catching up through
    // a long log (a rebuild at start) would otherwise keep the server from listening and every
    // request waiting until it ends. One turn per page lets them in between.
    await nextTurn();
    return events.length < batchSize;
  }

  /**
   * A page in slices that each take about the budget, each when the gate lets it: the turn of the
   * event loop then has room for it beside the other runners' slices, or it waits for the next.
   */
  private async takeInSlices(events: readonly StoredEvent[], gate: TurnGate): Promise<void> {
    for (let at = 0; at < events.length && !this.stopping;) {
      const slice = events.slice(at, at + this.sliceSize);
      // Stopped while it waited for its turn: the slice is left for the next start.
      const take = () => (this.stopping ? Promise.resolve() : this.take(slice, 'page'));
      const estimate = this.msPerEvent === undefined ? undefined : this.msPerEvent * slice.length;
      const { ms: elapsed } = await gate.run(take, estimate);
      this.msPerEvent = elapsed / slice.length;
      this.sliceSize = nextSliceSize(slice.length, elapsed, gate.budgetMs, this.options.batchSize);
      at += slice.length;
    }
  }

  /**
   * Live: batches as they arrive, until stopped, a burst means paging, or the subscription stays
   * quiet while the head has moved on (it missed a wake-up).
   */
  private async followLive(): Promise<void> {
    const { liveBatchSize, idleCheckMs, gatherBursts } = this.options;
    const subscription = this.store.subscribe({ fromPosition: this.position() });
    this.subscription = subscription;
    this.interrupt = () => void subscription.close();
    try {
      const next = liveBatches(subscription, { max: liveBatchSize, idleMs: idleCheckMs, gatherBursts });
      while (!this.stopping) {
        const events = await next();
        if (events === 'idle') {
          if ((await this.store.headPosition()) > this.position()) return;
          continue;
        }
        if (events === undefined) {
          if (this.stopping) return;
          throw new Error(`The subscription of ${this.name} ended`);
        }
        await this.take(events, 'live');
        if (events.length >= liveBatchSize) return;
      }
    } finally {
      this.interrupt = undefined;
      this.subscription = undefined;
      await subscription.close();
    }
  }

  private position(): bigint {
    return this.positionNow ?? 0n;
  }

  /**
   * Hands the consumer the events of a batch it wants, then moves and saves the checkpoint.
   * Events at or before the position are a redelivery and are dropped. A live batch with nothing
   * for the consumer moves only the position in memory: saving it would cost a write per append;
   * the next batch with work, or the next page, saves past it.
   */
  private async take(events: readonly StoredEvent[], from: 'page' | 'live', more = false): Promise<void> {
    const after = this.position();
    const fresh = events.filter((event) => event.globalPosition > after);
    const last = fresh.at(-1);
    if (last === undefined) return;
    const { filter } = this.consumer;
    const wanted = filter === undefined ? fresh : fresh.filter((event) => matchesFilter(event, filter));
    if (wanted.length > 0) await this.consumer.handle(wanted, this.aborter.signal, more);
    // A batch cut short by stop() is not checkpointed: the handler may have given up on its end.
    if (this.stopping) return;
    this.positionNow = last.globalPosition;
    if (wanted.length > 0 || from === 'page')
      await this.consumer.checkpoint.save(last.globalPosition, this.storeId);
    this.backoff.reset();
  }
}
