// One projection on the consumer runner. Each build that is written has its own runner: the
// live build follows the store; a new version, or a rebuild, grows another build beside it
// from position 0 and swaps it in (blue/green) once it has read up to the head and isn't
// behind the live one. The swapped-in build's runner carries on as the live one.
import type { Projection } from '../../../projections/projection.js';
import type {
  Awaitable,
  Build,
  BuildTables,
  EventStore,
  ProjectionState,
  ProjectionStorage,
  StoredEvent,
  SubscriptionConnection,
} from '../../ports.js';
import { ConsumerRunner, type RunnerOptions } from '../consumer-runner.js';
import { RestartBackoff } from '../restart-backoff.js';
import { applyBatch } from './apply-batch.js';
import { DocumentCache } from './document-cache.js';

export interface ProjectionConsumerOptions {
  readonly store: EventStore;
  readonly storage: ProjectionStorage;
  readonly projection: Projection;
  /** Batches, idle check and restart backoff of each build's runner. */
  readonly runner: RunnerOptions;
  /** Committed documents kept between batches, in bytes per build. */
  readonly documentCacheBytes: number;
  readonly beforeCommit?: (projection: string, position: bigint) => void;
  /** The live build moved (a commit or a swap): read-your-writes waiters look again. */
  readonly onMoved: () => void;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** A build; once written to, the handle on its tables and its cached documents; the runner writing it. */
interface BuildRun {
  build: Build;
  tables?: BuildTables;
  documents?: DocumentCache;
  runner?: ConsumerRunner;
  /** A rebuild that has read up to the head: it swaps in as soon as it isn't behind the live build. */
  caughtUp?: boolean;
}

const sameBuild = (a: Build, b: Build): boolean => a.version === b.version && a.build === b.build;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class ProjectionConsumer {
  private live: BuildRun | undefined;
  private building: BuildRun | undefined;
  private readonly handles: ReadonlySet<string>;
  private rebuildRequested = false;
  /** Callers of rebuild() waiting for a build that doesn't exist yet. */
  private requested: Waiter[] = [];
  /** Callers of rebuild() waiting for the current building build's swap. */
  private swapping: Waiter[] = [];
  /** Runners of builds swapped out, finishing their batch. */
  private readonly retiring = new Set<Promise<void>>();
  private started = false;
  private stopping = false;
  private catchingUp = false;
  /** Settling the builds with the code failed (the storage): retried after a backoff. */
  private settleError: string | undefined;
  private readonly settleBackoff: RestartBackoff;
  private aborter = new AbortController();
  /** The event store's identity, once asked (undefined: it has none). */
  private storeId: string | undefined;
  private identified = false;
  /** A build with no store recorded stands past the head: another store issued its position. */
  private unissued = false;
  /** The builds as storage last answered, for position() on storage that answers later. */
  private seen: { readonly live?: Build; readonly building?: Build } = {};
  /** Commits and swaps of this projection, one at a time (storage that answers later interleaves them). */
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ProjectionConsumerOptions) {
    this.handles = new Set(options.projection.handles);
    this.settleBackoff = new RestartBackoff(options.runner.backoff);
  }

  get name(): string {
    return this.options.projection.name;
  }

  /** The version the code defines (the live build may still be an older one, during a rebuild). */
  get version(): number {
    return this.options.projection.version;
  }

  get state(): ProjectionState {
    const runners = [this.live?.runner, this.building?.runner];
    if (this.settleError !== undefined || runners.some((runner) => runner?.state === 'failed'))
      return 'failed';
    const rebuilding = this.building?.runner;
    if (rebuilding !== undefined && rebuilding.state !== 'stopped') return 'rebuilding';
    return this.live?.runner?.state ?? 'stopped';
  }

  get error(): string | undefined {
    return this.settleError ?? this.building?.runner?.error ?? this.live?.runner?.error;
  }

  /** The builds as last seen (from storage when this projection hasn't run yet). */
  builds(): Awaitable<{ readonly live?: Build; readonly building?: Build }> {
    if (this.live !== undefined)
      return { live: this.live.build, ...(this.building && { building: this.building.build }) };
    const stored = this.options.storage.builds(this.name);
    if (!(stored instanceof Promise)) return stored;
    return stored.then((builds) => (this.seen = builds));
  }

  /** The live subscription's connection (the rebuild's while only it runs), where the store has one. */
  connection(): SubscriptionConnection | undefined {
    return this.live?.runner?.connection() ?? this.building?.runner?.connection();
  }

  /**
   * The position queries see: the live build's (on storage that answers later and a
   * projection that hasn't run here, as storage last answered).
   */
  position(): bigint {
    const builds = this.builds();
    if (!(builds instanceof Promise)) return builds.live?.position ?? 0n;
    builds.catch(() => undefined);
    return this.seen.live?.position ?? 0n;
  }

  /** Runs in the background until stop(); a failure restarts the failed build's runner after a backoff. */
  start(): void {
    if (this.started) return;
    if (this.catchingUp) throw new Error(`${this.name} is catching up: start it once catchUp() is done`);
    this.started = true;
    this.stopping = false;
    this.aborter = new AbortController();
    this.launch();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    this.aborter.abort();
    const runners = [this.live?.runner, this.building?.runner].filter((runner) => runner !== undefined);
    await Promise.all([...runners.map((runner) => runner.stop()), ...this.retiring]);
    const error = new Error(`The projector stopped before ${this.name} was rebuilt; it resumes on start`);
    for (const waiter of [...this.requested, ...this.swapping]) waiter.reject(error);
    this.requested = [];
    this.swapping = [];
  }

  /** Brings the projection up to the store's head (finishing any rebuild) and returns; errors propagate. */
  async catchUp(): Promise<void> {
    if (this.started || this.catchingUp)
      throw new Error(`${this.name} is running: catchUp() is for a stopped projector`);
    this.stopping = false;
    this.catchingUp = true;
    try {
      await this.identify();
      while (!this.stopping) {
        const { live, building } = await this.settle();
        if (building === undefined) return await this.runnerOf(live).catchUp();
        // Reaching the head swaps it in, unless the live build is ahead: then bring that to the
        // head too and look again.
        await this.runnerOf(building).catchUp();
        // Reaching the head may have started a swap (onCaughtUp): let it finish first.
        await this.exclusive;
        if (this.building === building && live.build.version === this.version) {
          await this.runnerOf(live).catchUp();
          await this.promoteIfReady(building);
        }
      }
    } finally {
      this.catchingUp = false;
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
      this.launch();
    });
  }

  /** When started: settles the builds with the code and runs each build that is written. */
  private launch(): void {
    if (!this.started) return;
    if (!this.identified) {
      this.identify().then(
        () => this.launch(),
        (error: unknown) => {
          this.settleError = messageOf(error);
          void this.settleBackoff.wait(this.aborter.signal).then(() => this.launch());
        },
      );
      return;
    }
    this.settle().then(
      ({ live, building }) => {
        this.settleError = undefined;
        this.settleBackoff.reset();
        if (!this.started) return; // stopped while settling
        // A live build of an older version is only served: the code can't apply events to it.
        if (live.build.version === this.version) this.runnerOf(live).start();
        if (building !== undefined) this.runnerOf(building).start();
      },
      (error: unknown) => {
        this.settleError = messageOf(error);
        void this.settleBackoff.wait(this.aborter.signal).then(() => this.launch());
      },
    );
  }

  /**
   * Asks the event store for its identity, once; and whether a build saved before checkpoints
   * named their store stands past this store's head (so this store did not issue it).
   */
  private async identify(): Promise<void> {
    if (this.identified) return;
    const { store, storage } = this.options;
    this.storeId = await store.storeId?.();
    const { live, building } = await storage.builds(this.name);
    const unnamed = [live, building].filter(
      (build): build is Build => build !== undefined && build.store === undefined,
    );
    if (unnamed.some((build) => build.position > 0n)) {
      const head = await store.headPosition();
      this.unissued = unnamed.some((build) => build.position > head);
    }
    this.identified = true;
  }

  /**
   * A build whose checkpoint another event store issued: its rows and position mean nothing
   * here. Named by the store's id; one saved before ids were recorded, by a position past the head.
   */
  private foreign(build: Build | undefined): boolean {
    if (build === undefined) return false;
    if (build.store === undefined) return this.unissued && build.position > 0n;
    return this.storeId !== undefined && build.store !== this.storeId;
  }

  /**
   * Reads the builds from storage and settles them with the code: a build of another version
   * than the code's is discarded; a live build of an older version, or a requested rebuild,
   * gets a new build beside it. Builds made from another event store (a read-model database
   * pointed at a new store, a book imported elsewhere) are discarded: the projection is rebuilt
   * from this store's first event, never resumed at a position this store did not issue.
   */
  private async settle(): Promise<{ live: BuildRun; building: BuildRun | undefined }> {
    const { storage, projection } = this.options;
    let { live, building } = await storage.builds(projection.name);
    if (this.foreign(live) || this.foreign(building)) {
      if (building !== undefined) await storage.discard(building);
      if (live !== undefined) await storage.discard(live);
      live = undefined;
      building = undefined;
      for (const run of [this.live, this.building]) if (run?.runner !== undefined) this.retire(run.runner);
      this.live = undefined;
      this.building = undefined;
      this.unissued = false;
    }
    if (building !== undefined && (building.version !== projection.version || live === undefined)) {
      await storage.discard(building);
      building = undefined;
    }
    live ??= await storage.create(projection, 'live', 0);
    if (building === undefined && (live.version !== projection.version || this.rebuildRequested)) {
      building = await storage.create(
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

  /** Keeps the run of a build seen before (its tables handle, its runner); retires a replaced one. */
  private track(previous: BuildRun | undefined, build: Build): BuildRun {
    if (previous !== undefined && sameBuild(previous.build, build)) {
      this.refresh(previous, build);
      return previous;
    }
    if (previous?.runner !== undefined) this.retire(previous.runner);
    return { build };
  }

  private refresh(run: BuildRun, stored: Build): void {
    // Moved by someone else (another projector on the file): its cached documents are stale.
    if (run.build.position !== stored.position) run.documents?.clear();
    run.build = stored;
  }

  /** Where a build stands in storage, read at every (re)start of its runner. */
  private async reload(run: BuildRun): Promise<bigint> {
    const { live, building } = await this.options.storage.builds(this.name);
    const stored = [live, building].find((build) => build !== undefined && sameBuild(build, run.build));
    if (stored !== undefined && this.foreign(stored))
      throw new Error(
        `${this.name}: its checkpoint was saved on another event store: restart the projector to rebuild it`,
      );
    if (stored === undefined)
      throw new Error(`${this.name}: build ${run.build.build} of v${run.build.version} is no longer stored`);
    this.refresh(run, stored);
    return stored.position;
  }

  private runnerOf(run: BuildRun): ConsumerRunner {
    run.runner ??= new ConsumerRunner(
      this.options.store,
      {
        name: this.name,
        // The batch commits the checkpoint with its rows (applyBatch): nothing to save after it.
        checkpoint: { load: () => this.reload(run), save: () => undefined },
        handle: (events) => this.commit(run, events),
      },
      {
        ...this.options.runner,
        onCaughtUp: () => {
          if (run !== this.building) return;
          run.caughtUp = true;
          this.swapSoon(run);
        },
      },
    );
    return run.runner;
  }

  private retire(runner: ConsumerRunner): void {
    const stopped: Promise<void> = runner.stop().finally(() => this.retiring.delete(stopped));
    this.retiring.add(stopped);
  }

  /** Opened on first write: a live build of an older version is only served, never written. */
  private async tablesOf(run: BuildRun): Promise<{ tables: BuildTables; documents: DocumentCache }> {
    run.tables ??= await this.options.storage.tables(this.options.projection, run.build);
    run.documents ??= new DocumentCache(this.options.documentCacheBytes);
    return { tables: run.tables, documents: run.documents };
  }

  /** Runs `work` after the commits and swaps before it (a failed one doesn't hold up the next). */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(work, work);
    this.exclusive = result.catch(() => undefined);
    return result;
  }

  private commit(run: BuildRun, events: readonly StoredEvent[]): Promise<void> {
    return this.serially(async () => {
      // A build swapped out is never written again: its runner is stopping, its tables are gone.
      if (run !== this.live && run !== this.building) return;
      const { projection, beforeCommit } = this.options;
      const position = await applyBatch(
        {
          projection,
          handles: this.handles,
          ...(await this.tablesOf(run)),
          ...(this.storeId === undefined ? {} : { store: this.storeId }),
          ...(beforeCommit === undefined ? {} : { beforeCommit: (to) => beforeCommit(projection.name, to) }),
        },
        events,
        run.build.position,
      );
      run.build = { ...run.build, position };
      if (run === this.live) this.options.onMoved();
      else await this.swapIfReady(run);
    });
  }

  /**
   * Swaps a caught-up build in from the runner's callback: a swap that fails (the database
   * went away) shows as the projection's error and is tried again after a backoff.
   */
  private swapSoon(building: BuildRun): void {
    this.promoteIfReady(building).then(
      () => {
        this.settleError = undefined;
      },
      (error: unknown) => {
        this.settleError = messageOf(error);
        void this.settleBackoff.wait(this.aborter.signal).then(() => {
          if (!this.stopping && building === this.building) this.swapSoon(building);
        });
      },
    );
  }

  /** Swaps a rebuilt build in once it has read up to the head and isn't behind the live one. */
  private promoteIfReady(building: BuildRun): Promise<void> {
    return this.serially(() => this.swapIfReady(building));
  }

  /** promoteIfReady, inside a commit or a swap already. */
  private async swapIfReady(building: BuildRun): Promise<void> {
    const live = this.live;
    if (building !== this.building || live === undefined || building.caughtUp !== true) return;
    // Never swap to a build behind the live one: a read-your-writes answer must stay true.
    if (building.build.position < live.build.position) return;
    building.build = await this.options.storage.promote(building.build, live.build);
    building.caughtUp = undefined;
    this.live = building;
    this.building = undefined;
    if (live.runner !== undefined) this.retire(live.runner);
    for (const waiter of this.swapping) waiter.resolve();
    this.swapping = [];
    this.options.onMoved();
  }
}
