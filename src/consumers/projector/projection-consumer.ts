// One projection on the consumer runner. Each build that is written has its own runner: the
// live build follows the store; a new version, or a rebuild, grows another build beside it
// from position 0 and swaps it in (blue/green) once it has read up to the head and isn't
// behind the live one. The swapped-in build's runner carries on as the live one.
//
// A projection split by account (Projection.partitionedBy) can run in partitions: the live build
// is split (ProjectionStorage.split) and each partition this consumer owns has a runner of its
// own (a lane) that applies only its accounts' events and moves only its checkpoint, while other
// workers own the other partitions. A rebuild runs whole, in the worker owning partition 0, and
// is split as it is swapped in.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Projection } from '../../../projections/projection.js';
import {
  PartitionsDiffer,
  type Awaitable,
  type Build,
  type BuildTables,
  type EventStore,
  type ProjectionState,
  type ProjectionStorage,
  type StoredEvent,
  type SubscriptionConnection,
} from '../../ports.js';
import { ConsumerRunner, type ConsumerState, type RunnerOptions } from '../consumer-runner.js';
import { RestartBackoff } from '../restart-backoff.js';
import { partitionOfAccount, StreamAccounts } from './account-partitions.js';
import { openBatch, type OpenBatch } from './apply-batch.js';
import { lowestPosition } from './build-partitions.js';
import { DocumentCache } from './document-cache.js';
import type { HeldBudget } from './held-budget.js';

/** How a projection split by account is shared: `count` partitions, of which this consumer applies `owned`. */
export interface Partitioning {
  readonly count: number;
  readonly owned: readonly number[];
}

/** One partition, the whole projection: what a projection runs as unless told otherwise. */
export const WHOLE: Partitioning = { count: 1, owned: [0] };

/** `count` partitions, all applied by one consumer. */
export const everyPartition = (count: number): Partitioning => ({
  count,
  owned: Array.from({ length: count }, (_, i) => i),
});

export interface ProjectionConsumerOptions {
  readonly store: EventStore;
  readonly storage: ProjectionStorage;
  readonly projection: Projection;
  /** Batches, idle check and restart backoff of each build's runner. */
  readonly runner: RunnerOptions;
  /** Committed documents kept between batches, in bytes per build. */
  readonly documentCacheBytes: number;
  /**
   * Paging through history without a reader waiting (no turn gate), a lane's batch holds pages
   * while the budget it shares with the projector's other lanes lets it, then commits.
   */
  readonly heldBudget: HeldBudget;
  readonly beforeCommit?: (projection: string, position: bigint) => void;
  /** The live build moved (a commit or a swap): read-your-writes waiters look again. */
  readonly onMoved: () => void;
  /** Default WHOLE. More than one partition only for a projection split by account. */
  readonly partitions?: Partitioning;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** A runner writing a build here: the whole build (partition undefined) or one partition of it. */
interface Lane {
  readonly partition: number | undefined;
  tables?: BuildTables;
  runner?: ConsumerRunner;
  /** A batch holding pages of history, written when the held budget says so or at the head. */
  held?: OpenBatch;
}

/** A build; once written to, its cached documents and the lanes writing it. */
interface BuildRun {
  build: Build;
  documents?: DocumentCache;
  /** By partition ('whole' for the whole build). */
  readonly lanes: Map<string, Lane>;
  /** A rebuild that has read up to the head: it swaps in as soon as it isn't behind the live build. */
  caughtUp?: boolean;
}

const sameBuild = (a: Build, b: Build): boolean => a.version === b.version && a.build === b.build;

const laneKey = (partition: number | undefined): string =>
  partition === undefined ? 'whole' : String(partition);

/** How many partitions a build is split into (1: none). */
const countOf = (build: Build): number => build.partitions?.length ?? 1;

/** Where a lane of the build stands: its partition's position, or the build's. */
const positionOf = (build: Build, partition: number | undefined): bigint =>
  partition === undefined ? build.position : (build.partitions?.[partition] ?? build.position);

/** The build after a lane's batch moved it to `position`. */
const moved = (build: Build, partition: number | undefined, position: bigint): Build => {
  if (partition === undefined || build.partitions === undefined) return { ...build, position };
  const partitions = build.partitions.map((at, i) => (i === partition ? position : at));
  return { ...build, partitions, position: lowestPosition(partitions) };
};

/** The state of several lanes as one: a failure first, then catching up, then live. */
const combined = (states: readonly ConsumerState[]): ConsumerState | undefined => {
  for (const state of ['failed', 'catching_up', 'live'] as const) if (states.includes(state)) return state;
  return states[0];
};

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
  private readonly partitions: Partitioning;
  /** The accounts of streams, for a consumer of partitions. */
  private readonly accounts: StreamAccounts;

  constructor(private readonly options: ProjectionConsumerOptions) {
    this.handles = new Set(options.projection.handles);
    this.settleBackoff = new RestartBackoff(options.runner.backoff);
    this.partitions = options.partitions ?? WHOLE;
    this.accounts = new StreamAccounts(options.store);
    const { count, owned } = this.partitions;
    if (!Number.isSafeInteger(count) || count < 1)
      throw new Error(`${this.name}: a count of partitions is a positive integer, not ${count}`);
    if (count > 1 && options.projection.partitionedBy !== 'account')
      throw new Error(`${this.name} can't be split into partitions: its documents add up over accounts`);
    if (owned.length === 0 || owned.some((p) => !Number.isSafeInteger(p) || p < 0 || p >= count))
      throw new Error(
        `${this.name}: the partitions owned must be some of 0 to ${count - 1}, not [${owned.join(', ')}]`,
      );
  }

  /** The worker owning partition 0 (or the whole projection) grows its rebuilds. */
  private get rebuilds(): boolean {
    return this.partitions.owned.includes(0);
  }

  /** The lanes of a run, as runners. */
  private runnersIn(run: BuildRun | undefined): ConsumerRunner[] {
    return this.lanesIn(run).flatMap((lane) => lane.runner ?? []);
  }

  private lanesIn(run: BuildRun | undefined): Lane[] {
    return run === undefined ? [] : [...run.lanes.values()];
  }

  get name(): string {
    return this.options.projection.name;
  }

  /** The version the code defines (the live build may still be an older one, during a rebuild). */
  get version(): number {
    return this.options.projection.version;
  }

  get state(): ProjectionState {
    const live = this.runnersIn(this.live);
    const building = this.runnersIn(this.building);
    if (this.settleError !== undefined || [...live, ...building].some((runner) => runner.state === 'failed'))
      return 'failed';
    if (building.some((runner) => runner.state !== 'stopped')) return 'rebuilding';
    return combined(live.map((runner) => runner.state)) ?? 'stopped';
  }

  get error(): string | undefined {
    const runners = [...this.runnersIn(this.building), ...this.runnersIn(this.live)];
    return this.settleError ?? runners.find((runner) => runner.error !== undefined)?.error;
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
    const runners = [...this.runnersIn(this.live), ...this.runnersIn(this.building)];
    return runners.map((runner) => runner.connection()).find((connection) => connection !== undefined);
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
    const runners = [...this.runnersIn(this.live), ...this.runnersIn(this.building)];
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
        const catchUp = (runners: readonly ConsumerRunner[]) =>
          Promise.all(runners.map((runner) => runner.catchUp()));
        if (building === undefined || !this.rebuilds) return void (await catchUp(this.lanesOf(live)));
        // Reaching the head swaps it in, unless the live build is ahead: then bring that to the
        // head too and look again.
        await catchUp(this.lanesOf(building));
        // Reaching the head may have started a swap (onCaughtUp): let it finish first.
        await this.exclusive;
        if (this.building === building && live.build.version === this.version) {
          await catchUp(this.lanesOf(live));
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
    this.serially(() => this.settle()).then(
      ({ live, building }) => {
        this.settleError = undefined;
        this.settleBackoff.reset();
        if (!this.started) return; // stopped while settling
        const runners = [...this.lanesOf(live), ...(building === undefined ? [] : this.lanesOf(building))];
        for (const runner of runners) runner.start();
        // Nothing to apply here yet: another worker grows the rebuild of the partitions. Look again.
        if (runners.length === 0)
          void sleep(this.options.runner.idleCheckMs, undefined, { signal: this.aborter.signal }).then(
            () => this.launch(),
            () => undefined,
          );
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
      for (const lane of [...this.lanesIn(this.live), ...this.lanesIn(this.building)]) this.retire(lane);
      this.live = undefined;
      this.building = undefined;
      this.unissued = false;
    }
    if (building !== undefined && (building.version !== projection.version || live === undefined)) {
      await storage.discard(building);
      building = undefined;
    }
    live ??= await this.createLive();
    if (live.version === projection.version) live = await this.splitAsOwned(live);
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

  /**
   * The first build, live at once. Workers of the partitions start together: the one that
   * finds another made it a moment before takes that one.
   */
  private async createLive(): Promise<Build> {
    const { storage, projection } = this.options;
    try {
      return await storage.create(projection, 'live', 0);
    } catch (error) {
      const { live } = await storage.builds(projection.name);
      if (live === undefined) throw error;
      return live;
    }
  }

  /**
   * The live build split as this consumer's partitioning says, where its partitions allow
   * (split, or one again): a build whose partitions stand apart is rebuilt by the worker that
   * grows rebuilds; the others wait for it (settling fails, and is tried again after a backoff).
   */
  private async splitAsOwned(live: Build): Promise<Build> {
    const { count } = this.partitions;
    if (countOf(live) === count) return live;
    try {
      return await this.options.storage.split(live, count);
    } catch (error) {
      if (!(error instanceof PartitionsDiffer)) throw error;
      if (!this.rebuilds)
        throw new Error(
          `${this.name} is split into ${countOf(live)} partitions, not ${count}: waiting for the worker of partition 0 to rebuild it`,
          { cause: error },
        );
      this.rebuildRequested = true;
      return live;
    }
  }

  /** Keeps the run of a build seen before (its lanes, their tables and runners); retires a replaced one. */
  private track(previous: BuildRun | undefined, build: Build): BuildRun {
    if (previous !== undefined && sameBuild(previous.build, build)) {
      this.refresh(previous, build);
      return previous;
    }
    for (const lane of this.lanesIn(previous)) this.retire(lane);
    return { build, lanes: new Map() };
  }

  private refresh(run: BuildRun, stored: Build): void {
    // Moved by someone else (another projector on the file): its cached documents are stale.
    const partitions = [...run.lanes.values()].map((lane) => lane.partition);
    if (partitions.some((p) => positionOf(run.build, p) !== positionOf(stored, p))) run.documents?.clear();
    run.build = stored;
  }

  /**
   * Where a lane stands in storage, read at every (re)start of its runner. A build split or
   * joined under it, or swapped out, by another worker: settled again (the lane is retired).
   */
  private async reload(run: BuildRun, lane: Lane): Promise<bigint> {
    // The runner starts again from the stored checkpoint: what a batch held past it is dropped.
    this.drop(lane);
    const { live, building } = await this.options.storage.builds(this.name);
    const stored = [live, building].find((build) => build !== undefined && sameBuild(build, run.build));
    if (stored !== undefined && this.foreign(stored))
      throw new Error(
        `${this.name}: its checkpoint was saved on another event store: restart the projector to rebuild it`,
      );
    if (stored === undefined) {
      this.launch();
      throw new Error(`${this.name}: build ${run.build.build} of v${run.build.version} is no longer stored`);
    }
    // A lane of one partition of N applies only to a build split into N: its accounts are another split's otherwise.
    const split = lane.partition === undefined ? 1 : this.partitions.count;
    if (countOf(stored) !== split) {
      this.launch();
      throw new Error(`${this.name}: build ${run.build.build} of v${run.build.version} was split anew`);
    }
    this.refresh(run, stored);
    return positionOf(stored, lane.partition);
  }

  /**
   * The runners a build is written by here, made where missing; the lanes not wanted any more
   * (a build split, or swapped in and split) retired. The live build of the code's version: one
   * per partition owned when it is split as this consumer's partitioning says, the whole build
   * when it isn't split; none otherwise (an older version is only served, a split into another
   * count waits for its rebuild). A rebuild: the whole build, in the worker growing rebuilds.
   */
  private lanesOf(run: BuildRun): ConsumerRunner[] {
    const { count, owned } = this.partitions;
    const wanted: (number | undefined)[] =
      run === this.building
        ? this.rebuilds
          ? [undefined]
          : []
        : run.build.version !== this.version || countOf(run.build) !== count
          ? []
          : count === 1
            ? [undefined]
            : [...owned];
    const keys = new Set(wanted.map(laneKey));
    for (const [key, lane] of run.lanes)
      if (!keys.has(key)) {
        this.retire(lane);
        run.lanes.delete(key);
      }
    return wanted.map((partition) => this.runnerOf(run, partition));
  }

  private runnerOf(run: BuildRun, partition: number | undefined): ConsumerRunner {
    const key = laneKey(partition);
    let lane = run.lanes.get(key);
    if (lane === undefined) run.lanes.set(key, (lane = { partition }));
    const self = lane;
    lane.runner ??= new ConsumerRunner(
      this.options.store,
      {
        name: partition === undefined ? this.name : `${this.name}#${partition}`,
        // A batch commits the checkpoint with its rows (apply-batch.ts): nothing to save after it.
        checkpoint: { load: () => this.reload(run, self), save: () => undefined },
        handle: (events, _signal, more) => this.commit(run, self, events, more),
        flush: () => this.commit(run, self, [], false),
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
    return lane.runner;
  }

  /** A lane no longer written: what its batch held is dropped, its runner stopped. */
  private retire(lane: Lane): void {
    this.drop(lane);
    const { runner } = lane;
    if (runner === undefined) return;
    const stopped: Promise<void> = runner.stop().finally(() => this.retiring.delete(stopped));
    this.retiring.add(stopped);
  }

  /**
   * Opened on first write: a live build of an older version is only served, never written. The
   * lanes of one build share its cached documents: each partition's documents are its own.
   */
  private async tablesOf(
    run: BuildRun,
    lane: Lane,
  ): Promise<{ tables: BuildTables; documents: DocumentCache }> {
    lane.tables ??= await this.options.storage.tables(this.options.projection, run.build, lane.partition);
    run.documents ??= new DocumentCache(this.options.documentCacheBytes);
    return { tables: lane.tables, documents: run.documents };
  }

  /** Which events of a batch the lane applies: the handled ones, of its partition's accounts. */
  private async appliedBy(lane: Lane, events: readonly StoredEvent[], from: bigint) {
    const { handles } = this;
    const { partition } = lane;
    if (partition === undefined) return (event: StoredEvent) => handles.has(event.type);
    const handled = events.filter((event) => event.globalPosition > from && handles.has(event.type));
    const accountOf = await this.accounts.of(handled);
    const { count } = this.partitions;
    const mine = new Set(
      handled.filter((e) => partitionOfAccount(accountOf(e.streamId), count) === partition),
    );
    return (event: StoredEvent) => mine.has(event);
  }

  /** Runs `work` after the commits and swaps before it (a failed one doesn't hold up the next). */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(work, work);
    this.exclusive = result.catch(() => undefined);
    return result;
  }

  /** A batch for the lane at its build's checkpoint. */
  private async opened(run: BuildRun, lane: Lane): Promise<OpenBatch> {
    const { projection, beforeCommit } = this.options;
    return openBatch(
      {
        projection,
        ...(await this.tablesOf(run, lane)),
        ...(this.storeId === undefined ? {} : { store: this.storeId }),
        ...(beforeCommit === undefined
          ? {}
          : { beforeCommit: (to: bigint) => beforeCommit(projection.name, to) }),
      },
      positionOf(run.build, lane.partition),
    );
  }

  /**
   * Applies the events to the lane's batch; commits it unless `more` pages follow and the held
   * budget lets it hold what it holds (a document many events change is then written once for
   * several pages). A throw drops the batch: the runner restarts from the stored checkpoint.
   */
  private commit(run: BuildRun, lane: Lane, events: readonly StoredEvent[], more: boolean): Promise<void> {
    return this.serially(async () => {
      const held = lane.held;
      this.drop(lane);
      // A build swapped out (or a lane retired) is never written again: its runner is stopping.
      if (run !== this.live && run !== this.building) return;
      if (run.lanes.get(laneKey(lane.partition)) !== lane) return;
      if (held === undefined && events.length === 0) return;
      const batch = held ?? (await this.opened(run, lane));
      if (events.length > 0) await batch.apply(events, await this.appliedBy(lane, events, batch.position));
      if (more && this.options.heldBudget.mayHold(lane, batch.heldBytes())) {
        lane.held = batch;
        return;
      }
      const position = await batch.commit();
      run.build = moved(run.build, lane.partition, position);
      if (run === this.live) this.options.onMoved();
      else await this.swapIfReady(run);
    });
  }

  /** What the lane's batch held is no longer held (committed, or dropped). */
  private drop(lane: Lane): void {
    lane.held = undefined;
    this.options.heldBudget.release(lane);
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
    if (building.build.position < (await this.liveAhead(live))) return;
    const { storage } = this.options;
    const promoted = await storage.promote(building.build, live.build);
    // Split as the live build was to be: the lanes of the partitions take over from the whole one.
    building.build =
      this.partitions.count === 1 ? promoted : await storage.split(promoted, this.partitions.count);
    building.caughtUp = undefined;
    this.live = building;
    this.building = undefined;
    for (const lane of this.lanesIn(live)) this.retire(lane);
    for (const waiter of this.swapping) waiter.resolve();
    this.swapping = [];
    this.options.onMoved();
    if (building.build.partitions !== undefined) this.launch();
  }

  /**
   * The furthest any partition of the live build has got: other workers move theirs, so a split
   * build's is read from storage.
   */
  private async liveAhead(live: BuildRun): Promise<bigint> {
    if (live.build.partitions === undefined) return live.build.position;
    const stored = (await this.options.storage.builds(this.name)).live ?? live.build;
    return (stored.partitions ?? [stored.position]).reduce((high, at) => (at > high ? at : high));
  }
}
