// Jobs shared by workers through leases: each worker takes its fair share, a worker that joins
// gets some (the owner stops the job before it gives the lease up), a lost lease connection
// stops every job before any is claimed again, and a standby takes a dead worker's jobs over.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  runLeasedJobs,
  type LeasedJob,
  type LeasedJobs,
  type Leases,
} from '../../../src/consumers/leased-jobs.js';
import { eventually } from './projector/fixtures.js';

/** Leases of one database, as the workers see them: a holder per name, the workers connected. */
class LeaseTable {
  readonly owners = new Map<string, LeaseClient>();
  readonly connected = new Set<LeaseClient>();
  /** What happened, in order: `start a x`, `stop a x`, `release a x`. */
  readonly log: string[] = [];
}

class LeaseClient implements Leases {
  private readonly mine = new Set<string>();
  private readonly listeners: ((error: Error) => void)[] = [];
  constructor(
    readonly id: string,
    private readonly table: LeaseTable,
  ) {
    table.connected.add(this);
  }
  claim(name: string): Promise<boolean> {
    this.table.connected.add(this);
    const owner = this.table.owners.get(name);
    if (owner === undefined) {
      this.table.owners.set(name, this);
      this.mine.add(name);
    }
    return Promise.resolve(this.mine.has(name));
  }
  release(name: string): Promise<void> {
    if (this.mine.delete(name)) {
      this.table.owners.delete(name);
      this.table.log.push(`release ${this.id} ${name}`);
    }
    return Promise.resolve();
  }
  held(): ReadonlySet<string> {
    return this.mine;
  }
  workers(): Promise<number> {
    this.table.connected.add(this);
    return Promise.resolve(this.table.connected.size);
  }
  onLost(listener: (error: Error) => void): void {
    this.listeners.push(listener);
  }
  /** The connection dropped: the database freed its locks. */
  drop(): void {
    for (const name of this.mine) this.table.owners.delete(name);
    this.mine.clear();
    this.table.connected.delete(this);
    for (const listener of this.listeners) listener(new Error('dropped'));
  }
}

const job = (table: LeaseTable, worker: string, name: string, stopMs = 0, group?: string): LeasedJob => ({
  name,
  ...(group === undefined ? {} : { group }),
  start: () => table.log.push(`start ${worker} ${name}`),
  stop: async () => {
    await new Promise((resolve) => setTimeout(resolve, stopMs));
    table.log.push(`stop ${worker} ${name}`);
  },
});

const NAMES = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

describe('jobs shared by leases', () => {
  const running: LeasedJobs[] = [];
  const worker = (table: LeaseTable, id: string, stopMs = 0): { leases: LeaseClient; jobs: LeasedJobs } => {
    const leases = new LeaseClient(id, table);
    const jobs = runLeasedJobs({ leases, jobs: NAMES.map((n) => job(table, id, n, stopMs)), tickMs: 10 });
    running.push(jobs);
    return { leases, jobs };
  };
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(running.splice(0).map((jobs) => jobs.stop()));
  });

  it('runs every job in one worker alone, each once', async () => {
    const table = new LeaseTable();
    const { jobs } = worker(table, 'a');
    jobs.start();
    await eventually(() => jobs.running().length === NAMES.length, 2000);
    expect([...jobs.running()].sort()).toEqual(NAMES);
    expect(table.log.filter((line) => line.startsWith('start')).length).toBe(NAMES.length);
  });

  it('shares the jobs fairly, a joining worker taking jobs the owner stopped first', async () => {
    const table = new LeaseTable();
    const a = worker(table, 'a', 20);
    a.jobs.start();
    await eventually(() => a.jobs.running().length === NAMES.length, 2000);
    const b = worker(table, 'b');
    const c = worker(table, 'c');
    b.jobs.start();
    c.jobs.start();
    await eventually(() => [a, b, c].every((w) => w.jobs.running().length === 2), 3000);
    // Every job moved was stopped by its old owner before its lease was released, and only then started.
    for (const name of NAMES) {
      const lines = table.log.filter((line) => line.endsWith(` ${name}`));
      const starts = lines.map((line, i) => [line, i] as const).filter(([line]) => line.startsWith('start'));
      for (const [line, i] of starts.slice(1)) {
        expect(lines[i - 1]).toMatch(/^release /);
        expect(lines[i - 2]).toMatch(/^stop /);
        expect(line).toMatch(/^start [bc] /);
      }
    }
    const owners = NAMES.map((name) => table.owners.get(name)?.id);
    expect(owners.every((id) => id !== undefined)).toBe(true);
  });

  it('shares each group of jobs apart: two workers split the projections evenly, and the light jobs', async () => {
    // Claims in the order listed (no random start): counted as one group, the joining worker would
    // get the light jobs and one projection.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const table = new LeaseTable();
    const projections = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const light = ['current-rows', 'reactors', 'anchors', 'webhooks'];
    const grouped = (id: string): { jobs: LeasedJobs } => {
      const leases = new LeaseClient(id, table);
      const jobs = runLeasedJobs({
        leases,
        jobs: [
          ...projections.map((n) => job(table, id, n, 20, 'projections')),
          ...light.map((n) => job(table, id, n, 20)),
        ],
        tickMs: 10,
      });
      running.push(jobs);
      return { jobs };
    };
    const a = grouped('a');
    a.jobs.start();
    await eventually(() => a.jobs.running().length === 10, 2000);
    const b = grouped('b');
    b.jobs.start();
    const split = (w: { jobs: LeasedJobs }) => ({
      projections: w.jobs.running().filter((n) => projections.includes(n)).length,
      light: w.jobs.running().filter((n) => light.includes(n)).length,
    });
    await eventually(() => [a, b].every((w) => split(w).projections === 3 && split(w).light === 2), 3000);
    // Counted as one group, a's share of ten would have been five of any kind.
    expect(split(a)).toEqual({ projections: 3, light: 2 });
    expect(split(b)).toEqual({ projections: 3, light: 2 });
  });

  it('spreads the parts of one job (the partitions of a projection) over the workers', async () => {
    // Claims in the order listed: alone, a worker takes every job; keeping the first three
    // claimed, it would keep both whole jobs and give both parts of `b` away.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const table = new LeaseTable();
    const names = ['whole-1', 'whole-2', 'a#0', 'a#1', 'b#0', 'b#1'];
    const spreadOf = (name: string) => (name.includes('#') ? name.slice(0, 1) : undefined);
    const spread = (id: string): { jobs: LeasedJobs } => {
      const leases = new LeaseClient(id, table);
      const jobs = runLeasedJobs({
        leases,
        jobs: names.map((n) => {
          const part = spreadOf(n);
          return { ...job(table, id, n, 20, 'projections'), ...(part === undefined ? {} : { spread: part }) };
        }),
        tickMs: 10,
      });
      running.push(jobs);
      return { jobs };
    };
    const first = spread('first');
    first.jobs.start();
    await eventually(() => first.jobs.running().length === names.length, 2000);
    const second = spread('second');
    second.jobs.start();
    await eventually(() => [first, second].every((w) => w.jobs.running().length === 3), 3000);
    // Each worker runs one part of each, and one whole job.
    for (const w of [first, second])
      expect(
        w.jobs
          .running()
          .map((n) => spreadOf(n) ?? 'whole')
          .sort(),
      ).toEqual(['a', 'b', 'whole']);
    // The parts moved were the last claimed of each pair.
    expect([...second.jobs.running()].filter((n) => n.includes('#')).sort()).toEqual(['a#1', 'b#1']);
  });

  it('stops every job when the lease connection is lost, and a standby takes them over', async () => {
    const table = new LeaseTable();
    const a = worker(table, 'a');
    a.jobs.start();
    await eventually(() => a.jobs.running().length === NAMES.length, 2000);
    const b = worker(table, 'b');
    b.jobs.start();
    await eventually(() => b.jobs.running().length === 3, 2000);
    const lostByA = [...a.leases.held()];
    a.leases.drop();
    // a does not reconnect here (its process died): b takes every job.
    a.jobs.stop().catch(() => undefined);
    running.splice(running.indexOf(a.jobs), 1);
    await eventually(() => b.jobs.running().length === NAMES.length, 2000);
    for (const name of lostByA) {
      const lines = table.log.filter((line) => line.endsWith(` ${name}`));
      expect(lines.at(-1)).toBe(`start b ${name}`);
      expect(lines).toContain(`stop a ${name}`);
    }
  });

  it('gives every lease up on stop, after stopping its jobs', async () => {
    const table = new LeaseTable();
    const a = worker(table, 'a');
    a.jobs.start();
    await eventually(() => a.jobs.running().length === NAMES.length, 2000);
    await a.jobs.stop();
    expect(table.owners.size).toBe(0);
    for (const name of NAMES) {
      const lines = table.log.filter((line) => line.endsWith(` ${name}`));
      expect(lines).toEqual([`start a ${name}`, `stop a ${name}`, `release a ${name}`]);
    }
  });
});
