// Runs one projection: catches its live build up in pages (many events per transaction),
// then follows the store live; grows a new build beside the live one when the version
// changed or a rebuild was asked for, and swaps it in once it has caught up.
import type { Projection } from '../../projections/projection.js';
import type { EventStore, ProjectionState, StoredEvent } from '../ports.js';
import { applyBatch } from './apply-batch.js';
import { DocumentCache } from './document-cache.js';
import { liveBatches } from './live-batches.js';
import type { Build, BuildTables, ProjectionStorage } from './projection-storage.js';
import { RestartBackoff, type BackoffOptions } from './restart-backoff.js';

export interface RunnerOptions {
  readonly store: EventStore;
  readonly storage: ProjectionStorage;
  readonly projection: Projection;
  /** Events per transaction while catching up. */
  readonly batchSize: number;
  /** Most events per transaction while live; a fuller batch means "behind": page instead. */
  readonly liveBatchSize: number;
  /** After this long without a live event, compare with the head: a stuck subscription is replaced. */
  readonly idleCheckMs: number;
  /** Committed documents kept between batches, per collection of a build. */
  readonly documentCacheSize: number;
  readonly backoff: BackoffOptions;
  readonly beforeCommit?: (projection: string, position: bigint) => void;
  /** The live build moved (a commit or a swap): read-your-writes waiters look again. */
  readonly onMoved: () => void;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** A build and, once it has been written to, the handle on its tables and its cached documents. */
interface Running {
  build: Build;
  tables?: BuildTables;
  documents?: DocumentCache;
}

const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
};

export class ProjectionRunner {
  private stateNow: ProjectionState = 'stopped';
  private errorNow: string | undefined;
  private live: Running | undefined;
  private building: Running | undefined;
  private readonly handles: ReadonlySet<string>;
  private readonly backoff: RestartBackoff;
  private rebuildRequested = false;
  /** Callers of rebuild() waiting for a build that doesn't exist yet. */
  private requested: Waiter[] = [];
  /** Callers of rebuild() waiting for the current building build's swap. */
  private swapping: Waiter[] = [];
  private stopping = false;
  private aborter = new AbortController();
  private interrupt: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private catchingUp = false;

  constructor(private readonly options: RunnerOptions) {
    this.handles = new Set(options.projection.handles);
    this.backoff = new RestartBackoff(options.backoff);
  }

  get name(): string {
    return this.options.projection.name;
  }

  get state(): ProjectionState {
    return this.stateNow;
  }

  get error(): string | undefined {
    return this.errorNow;
  }

  /** The version the code defines (the live build may still be an older one, during a rebuild). */
  get version(): number {
    return this.options.projection.version;
  }

  /** The builds as this runner last saw them (from storage when it hasn't run yet). */
  builds(): { readonly live?: Build; readonly building?: Build } {
    if (this.live !== undefined)
      return { live: this.live.build, ...(this.building && { building: this.building.build }) };
    return this.options.storage.builds(this.name);
  }

  /** The position queries see: the live build's. */
  position(): bigint {
    return this.builds().live?.position ?? 0n;
  }

  /** Runs in the background until stop(); a failure restarts it after a backoff. */
  start(): void {
    if (this.running !== undefined) return;
    if (this.catchingUp) throw new Error(`${this.name} is catching up: start it once catchUp() is done`);
    this.stopping = false;
    this.aborter = new AbortController();
    this.stateNow = 'catching_up';
    this.running = this.runForever();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.interrupt?.();
    this.aborter.abort();
    await this.running;
    this.running = undefined;
    this.stateNow = 'stopped';
    const error = new Error(`The projector stopped before ${this.name} was rebuilt; it resumes on start`);
    for (const waiter of [...this.requested, ...this.swapping]) waiter.reject(error);
    this.requested = [];
    this.swapping = [];
  }

  /** Brings the projection up to the store's head (finishing any rebuild) and returns; errors propagate. */
  async catchUp(): Promise<void> {
    if (this.running !== undefined || this.catchingUp)
      throw new Error(`${this.name} is running: catchUp() is for a stopped projector`);
    this.stopping = false;
    this.catchingUp = true;
    this.stateNow = 'catching_up';
    try {
      await this.run('until_head');
    } finally {
      this.catchingUp = false;
      this.stateNow = 'stopped';
    }
  }

  /** Resolves once a build started from position 0 at or after this call is live. */
  rebuild(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.building !== undefined) {
        // A build from scratch of the current version is already growing: it answers this too.
        this.swapping.push({ resolve, reject });
        return;
      }
      this.requested.push({ resolve, reject });
      this.rebuildRequested = true;
      this.interrupt?.();
    });
  }

  private async runForever(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.run('forever');
      } catch (error) {
        if (this.stopping) break;
        this.stateNow = 'failed';
        this.errorNow = error instanceof Error ? error.message : String(error);
        await this.backoff.wait(this.aborter.signal);
      }
    }
  }

  private setState(state: ProjectionState): void {
    this.stateNow = state;
    this.errorNow = undefined;
  }

  /** Shows what the runner is at now, except that a failure stays shown until work succeeds. */
  private attempt(state: ProjectionState): void {
    if (this.stateNow !== 'failed') this.stateNow = state;
  }

  private async run(mode: 'forever' | 'until_head'): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const { live, building } = this.reconcile();
      if (building !== undefined) {
        this.attempt('rebuilding');
        const reachedHead = await this.advance(building);
        this.setState('rebuilding');
        if (live.build.version === this.options.projection.version) await this.advance(live);
        // Never swap to a build behind the live one: a read-your-writes answer must stay true.
        if (reachedHead && building.build.position >= live.build.position) this.promote(building, live);
        continue;
      }
      if (this.stateNow !== 'live') this.attempt('catching_up');
      const reachedHead = await this.advance(live);
      if (!reachedHead) {
        this.setState('catching_up');
        continue;
      }
      if (mode === 'until_head') return;
      this.setState('live');
      await this.followLive(live);
    }
  }

  /**
   * Reads the builds from storage and settles them with the code: a build of another version
   * than the code's is discarded; a live build of an older version, or a requested rebuild,
   * gets a new build beside it.
   */
  private reconcile(): { live: Running; building: Running | undefined } {
    const { storage, projection } = this.options;
    let { live, building } = storage.builds(projection.name);
    if (building !== undefined && (building.version !== projection.version || live === undefined)) {
      storage.discard(building);
      building = undefined;
    }
    live ??= storage.create(projection, 'live', 0);
    if (building === undefined && (live.version !== projection.version || this.rebuildRequested)) {
      building = storage.create(
        projection,
        'building',
        live.version === projection.version ? live.build + 1 : 0,
      );
    }
    if (building !== undefined) {
      this.rebuildRequested = false;
      this.swapping.push(...this.requested);
      this.requested = [];
    }
    this.live = this.track(this.live, live);
    this.building = building === undefined ? undefined : this.track(this.building, building);
    return { live: this.live, building: this.building };
  }

  /** Keeps the tables handle of a build seen before (its prepared statements). */
  private track(previous: Running | undefined, build: Build): Running {
    if (
      previous !== undefined &&
      previous.build.version === build.version &&
      previous.build.build === build.build
    ) {
      // Moved by someone else (another projector on the file): its cached documents are stale.
      if (previous.build.position !== build.position) previous.documents?.clear();
      previous.build = build;
      return previous;
    }
    return { build };
  }

  /** Opened on first write: a live build of an older version is only served, never written. */
  private tablesOf(target: Running): { tables: BuildTables; documents: DocumentCache } {
    target.tables ??= this.options.storage.tables(this.options.projection, target.build);
    target.documents ??= new DocumentCache(this.options.documentCacheSize);
    return { tables: target.tables, documents: target.documents };
  }

  /** One page from the build's checkpoint, committed; true when the page reached the head. */
  private async advance(target: Running): Promise<boolean> {
    const { store, batchSize } = this.options;
    const events = await collect(store.readAll({ fromPosition: target.build.position, maxCount: batchSize }));
    if (events.length > 0) this.commit(target, events);
    return events.length < batchSize;
  }

  private commit(target: Running, events: readonly StoredEvent[]): void {
    const { projection, beforeCommit } = this.options;
    const position = applyBatch(
      {
        projection,
        handles: this.handles,
        ...this.tablesOf(target),
        ...(beforeCommit === undefined ? {} : { beforeCommit: (to) => beforeCommit(projection.name, to) }),
      },
      events,
      target.build.position,
    );
    target.build = { ...target.build, position };
    this.backoff.reset();
    if (target === this.live) this.options.onMoved();
  }

  private promote(building: Running, live: Running): void {
    const promoted = this.options.storage.promote(building.build, live.build);
    this.live = { ...building, build: promoted };
    this.building = undefined;
    for (const waiter of this.swapping) waiter.resolve();
    this.swapping = [];
    this.options.onMoved();
  }

  /**
   * Live: batches as they arrive, until stopped, a rebuild is asked for, a burst means paging,
   * or the subscription stays quiet while the head has moved on (it missed a wake-up).
   */
  private async followLive(live: Running): Promise<void> {
    const { store, liveBatchSize, idleCheckMs } = this.options;
    const subscription = store.subscribe({ fromPosition: live.build.position });
    this.interrupt = () => void subscription.close();
    try {
      const next = liveBatches(subscription, liveBatchSize, idleCheckMs);
      while (!this.stopping && !this.rebuildRequested) {
        const events = await next();
        if (events === 'idle') {
          if ((await store.headPosition()) > live.build.position) return;
          continue;
        }
        if (events === undefined) {
          if (this.stopping || this.rebuildRequested) return;
          throw new Error(`The subscription of ${this.name} ended`);
        }
        this.commit(live, events);
        if (events.length >= liveBatchSize) return;
      }
    } finally {
      this.interrupt = undefined;
      await subscription.close();
    }
  }
}
