// Work shared by several workers (`kare project`): each job (a projection, the daily job, the
// reactors, the anchors) runs in the one worker that holds its lease. Every tick a worker counts
// the workers and takes its fair share of each group of jobs (the projections apart from the
// light jobs, so that two workers split the projections four and four): below it, it claims free
// leases and starts their jobs; above it (a worker joined), it stops the jobs it has too many of,
// together, and only then gives their leases up. Jobs that are parts of one (the partitions of a
// projection: one `spread` key) go to different workers where the shares allow: a worker claims
// first the parts it holds none of, and gives up first a part it holds another of. When the lease
// connection is lost, every job stops before any lease is claimed again; a batch in flight is
// refused by the fence at its commit. A standby takes over a dead worker's leases at its next
// tick after PostgreSQL freed them.

/** The leases, as the workers share them (adapters/postgres/advisory-leases.ts). */
export interface Leases {
  claim(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
  held(): ReadonlySet<string>;
  workers(): Promise<number>;
  onLost(listener: (error: Error) => void): void;
}

export interface LeasedJob {
  /** The lease's name: unique among the jobs. */
  readonly name: string;
  /** Jobs of one group are shared out apart from the others' (default: one group for all). */
  readonly group?: string;
  /** Jobs with one spread key (the partitions of one projection) are best run by different workers. */
  readonly spread?: string;
  start(): void;
  /** Resolves once the job has stopped writing (its current batch done or rolled back). */
  stop(): Promise<void>;
}

export type LeaseChange = 'claimed' | 'released' | 'lost';

export interface LeasedJobsOptions {
  readonly leases: Leases;
  readonly jobs: readonly LeasedJob[];
  /** How often a worker looks at the leases (default 500 ms, with up to a fifth more at random). */
  readonly tickMs?: number;
  /** Told of each job started or stopped by its lease. */
  readonly onChange?: (job: string, change: LeaseChange) => void;
  /** Told of a tick that failed (PostgreSQL unreachable): the next one tries again. */
  readonly onError?: (error: unknown) => void;
}

export interface LeasedJobs {
  start(): void;
  /** Stops every job, then releases their leases. */
  stop(): Promise<void>;
  /** The jobs running here now. */
  running(): readonly string[];
}

const DEFAULT_TICK_MS = 500;

export const runLeasedJobs = (options: LeasedJobsOptions): LeasedJobs => {
  const { leases, jobs, onChange, onError } = options;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const running = new Map<string, LeasedJob>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  /** The tick in progress, or stopping the jobs after a loss: one at a time. */
  let busy: Promise<void> = Promise.resolve();

  const serially = (work: () => Promise<void>): Promise<void> => {
    busy = busy.then(work, work).catch((error: unknown) => onError?.(error));
    return busy;
  };

  const stopAll = async (change: LeaseChange): Promise<void> => {
    const stopping = [...running.values()];
    running.clear();
    await Promise.all(
      stopping.map(async (job) => {
        await job.stop();
        onChange?.(job.name, change);
      }),
    );
  };

  leases.onLost(() => {
    // The leases are gone already; stop before the next tick may claim them again.
    void serially(() => stopAll('lost'));
  });

  const groups = new Map<string, LeasedJob[]>();
  for (const job of jobs) {
    const group = groups.get(job.group ?? '') ?? [];
    group.push(job);
    groups.set(job.group ?? '', group);
  }

  /** How many running jobs hold each spread key. */
  const spreadHeld = (): Map<string, number> => {
    const held = new Map<string, number>();
    for (const { spread } of running.values())
      if (spread !== undefined) held.set(spread, (held.get(spread) ?? 0) + 1);
    return held;
  };

  const claimFree = async (group: readonly LeasedJob[], wanted: number): Promise<void> => {
    // From a random job: workers starting together take different ones first. Parts of what
    // this worker already runs a part of come last.
    const offset = Math.floor(Math.random() * group.length);
    const held = spreadHeld();
    const rotated = group.map((_, i) => group[(offset + i) % group.length]!);
    const holds = (job: LeasedJob) => job.spread !== undefined && (held.get(job.spread) ?? 0) > 0;
    const ordered = [...rotated.filter((job) => !holds(job)), ...rotated.filter(holds)];
    for (let i = 0; i < ordered.length && wanted > 0; i += 1) {
      const job = ordered[i]!;
      if (running.has(job.name) || !(await leases.claim(job.name))) continue;
      if (stopped) {
        await leases.release(job.name);
        return;
      }
      running.set(job.name, job);
      job.start();
      onChange?.(job.name, 'claimed');
      wanted -= 1;
    }
  };

  /** Of `mine` (in the order claimed), `count` to give up: parts held twice first, then the last claimed. */
  const surplus = (mine: readonly LeasedJob[], count: number): LeasedJob[] => {
    const held = spreadHeld();
    const latest = [...mine].reverse();
    const given: LeasedJob[] = [];
    for (const job of latest) {
      if (given.length === count) break;
      if (job.spread === undefined || held.get(job.spread)! < 2) continue;
      given.push(job);
      held.set(job.spread, held.get(job.spread)! - 1);
    }
    // Then the whole jobs and parts whose other part stays, before a part whose other part goes too.
    const goes = new Set(given.map((job) => job.spread));
    const rest = latest.filter((job) => !given.includes(job));
    const lonely = (job: LeasedJob) => job.spread !== undefined && goes.has(job.spread);
    for (const job of [...rest.filter((job) => !lonely(job)), ...rest.filter(lonely)])
      if (given.length < count) given.push(job);
    return given;
  };

  /** Stops these jobs together (each finishes its batch), then gives their leases up. */
  const giveUp = async (given: readonly LeasedJob[]): Promise<void> => {
    for (const job of given) running.delete(job.name);
    await Promise.all(
      given.map(async (job) => {
        await job.stop();
        await leases.release(job.name);
        onChange?.(job.name, 'released');
      }),
    );
  };

  const tick = async (): Promise<void> => {
    if (stopped) return;
    const workers = await leases.workers();
    for (const group of groups.values()) {
      const share = Math.ceil(group.length / workers);
      // In the order claimed: the ones claimed last go first.
      const mine = [...running.values()].filter((job) => (job.group ?? '') === (group[0]!.group ?? ''));
      if (mine.length > share) await giveUp(surplus(mine, mine.length - share));
      else if (mine.length < share) await claimFree(group, share - mine.length);
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(
      () => void serially(tick).then(schedule),
      tickMs + Math.floor(Math.random() * (tickMs / 5)),
    );
  };

  return {
    start: () => {
      if (!stopped) return;
      stopped = false;
      void serially(tick).then(schedule);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await serially(async () => {
        const names = [...running.keys()];
        await stopAll('released');
        for (const name of names) await leases.release(name);
      });
    },
    running: () => [...running.keys()],
  };
};
