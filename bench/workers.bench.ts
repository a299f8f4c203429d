// Issue #15's bench: projection workers (`kare project`) catching up on one PostgreSQL
// database, 1, 2 and 3 of them, each its own process, as test/e2e/workers-scale-out.spec.ts
// starts them. A demo book is built once in the embedded SQLite store; each run copies it into a
// data directory of its own (the workers share it by KARE_DATA_DIR, docs/scale-out.md), makes a
// fresh database with the book's personal-data keys in it, starts N workers at once and times
// how long until every projection's stored position (projection_checkpoints) is at the book's
// head. First the unit of work is a projection (a lease): the runs show how far spreading 8
// projections over N processes goes on this machine. Then the projections split by account
// run in partitions (KARE_PROJECTION_PARTITIONS=N, a lease each): 2 workers and 2 partitions
// against 2 workers with each projection whole, and against 1 worker. Last, each projection split
// by account alone (bench/partition-worker.ts, a process per partition, as a worker holding only
// that lease runs it): 2 partitions in 2 processes against the projection whole in 1, timed from
// the first process's work to the last one's end. Baseline: one worker, in the same process. Events/s count projected events: the book's events × the projections. Printed
// beside the rows: when each projection got to the head, each worker's leases (claimed and
// released, from its `lease …` lines) and CPU time, and the machine's load (on a shared machine
// the wall time is mostly a share of the cores: the CPU seconds say what the work cost).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPostgresKeyStore } from '../adapters/postgres/key-store.js';
import { openPostgresReadModelDatabase } from '../adapters/postgres/read-model-database.js';
import { demoClock, demoEngineRequest, loadDemoBook } from '../demo/demo-book.js';
import { PROJECTIONS } from '../projections/index.js';
import { keysPath, openEngine } from '../src/app/open-engine.js';
import { row, type Benchmark, type BenchRow } from './harness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = process.env['KARE_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const WORKER_COUNTS = [1, 2, 3] as const;
/** Workers, and partitions of each projection split by account, in the partitioned runs. */
const PARTITIONS = 2;
/** The book each projection split by account is caught up on alone (not --quick). */
const ONE_PROJECTION_ACCOUNTS = 1000;
const POLL_MS = 50;
const CATCH_UP_LIMIT_MS = 600_000;
const STOP_LIMIT_MS = 30_000;
/** USER_HZ: what /proc counts CPU time in on Linux. */
const CLOCK_TICKS = 100;

interface Book {
  readonly dir: string;
  readonly events: number;
  readonly head: bigint;
  readonly keys: readonly { subject: string; key: Uint8Array }[];
}

interface Worker {
  readonly name: string;
  readonly lines: Record<string, unknown>[];
  /** Whether the process has ended (a worker dying mid-run spoils the timing). */
  hasExited(): boolean;
  /** Its CPU time so far in seconds (Linux /proc; 0 elsewhere). */
  cpuSeconds(): number;
  stop(): Promise<number | string>;
}

interface Run {
  readonly workers: number;
  /** KARE_PROJECTION_PARTITIONS: the partitions of each projection split by account. */
  readonly partitions: number;
  /** From the spawn to every projection at the head. */
  readonly seconds: number;
  /** From the first lease claimed (the processes started) to every projection at the head. */
  readonly workSeconds: number;
  /** Seconds from the spawn to each projection at the head. */
  readonly doneAt: ReadonlyMap<string, number>;
  /** Per worker: the leases it held at the end, and how many it claimed and released on the way. */
  readonly split: readonly {
    name: string;
    held: string[];
    claimed: number;
    released: number;
    cpuSeconds: number;
  }[];
  /** Each worker's lease changes: `+lease` claimed, `-lease` released or lost, seconds from the spawn. */
  readonly timeline: readonly { name: string; changes: string[] }[];
  /** The workers' CPU time together, up to the head. */
  readonly cpuSeconds: number;
  /** The machine's load average (1 min) at the spawn: other work shares its cores. */
  readonly load: number;
}

const urlOf = (database: string, application?: string): string => {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  if (application !== undefined) url.searchParams.set('application_name', application);
  return url.toString();
};

const admin = async (sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: SERVER });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The workers bench needs PostgreSQL at ${SERVER} (set KARE_BENCH_POSTGRES_URL): ${(error as Error).message}`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** The demo book in an embedded store, with its events counted and its keys read out of keys.sqlite. */
const buildBook = async (dir: string, accounts: number): Promise<Book> => {
  const clock = demoClock();
  const engine = openEngine({ dataDir: dir, ...demoEngineRequest(clock) });
  let events = 0;
  let head: bigint;
  try {
    await loadDemoBook(engine, clock, { accounts });
    for await (const _ of engine.store.readAll()) events += 1;
    head = await engine.store.headPosition();
  } finally {
    await engine.close();
  }
  const db = new Database(keysPath(dir), { readonly: true });
  try {
    const keys = db.prepare('SELECT subject, key FROM subject_keys').all() as {
      subject: string;
      key: Buffer;
    }[];
    return {
      dir,
      events,
      head,
      keys: keys.map(({ subject, key }) => ({ subject, key: new Uint8Array(key) })),
    };
  } finally {
    db.close();
  }
};

/**
 * A fresh database, migrated, holding the book's keys (beside PostgreSQL read models the workers
 * open contacts with the keys there: without them every contact would read as erased).
 */
const prepareDatabase = async (database: string, book: Book): Promise<void> => {
  await admin(`CREATE DATABASE "${database}"`);
  const db = openPostgresReadModelDatabase({ connectionString: urlOf(database) });
  try {
    await db.ready();
    const keys = createPostgresKeyStore(db);
    for (const { subject, key } of book.keys) {
      const adopted = await keys.adopt(subject, key);
      if (adopted !== 'adopted') throw new Error(`the key of ${subject}: ${adopted}`);
    }
    await keys.close();
  } finally {
    await db.close();
  }
};

/** utime + stime of a live process from /proc/<pid>/stat (the fields after the command's `)`), in seconds. */
const cpuSecondsOf = (pid: number | undefined): number => {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
};

/** `kare project` as its own process, its pino lines kept. */
const startWorker = (name: string, dataDir: string, database: string, partitions: number): Worker => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/kare-dev.ts', 'project'], {
    cwd: ROOT,
    env: {
      ...process.env,
      KARE_DATA_DIR: dataDir,
      KARE_READ_DB: urlOf(database, name),
      KARE_CURSOR_KEY: randomBytes(32).toString('hex'),
      KARE_WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
      KARE_PROJECTION_PARTITIONS: String(partitions),
      LOG_LEVEL: 'info',
    },
  });
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  void exited.then((code) => {
    if (code !== 0 && code !== 'SIGKILL') console.error(`${name} exited (${code}): ${stderr}`);
  });
  const stop = async (): Promise<number | string> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return { name, lines, hasExited, cpuSeconds: () => cpuSecondsOf(child.pid), stop };
};

/** Polls projection_checkpoints until every projection's live build is at `head`; when each got there. */
const waitForHead = async (
  database: string,
  head: bigint,
  since: bigint,
  workers: readonly Worker[],
): Promise<Map<string, number>> => {
  const client = new pg.Client({ connectionString: urlOf(database, 'kare-bench') });
  await client.connect();
  const doneAt = new Map<string, number>();
  try {
    const deadline = Date.now() + CATCH_UP_LIMIT_MS;
    while (doneAt.size < PROJECTIONS.length) {
      if (Date.now() > deadline)
        throw new Error(`not caught up in ${CATCH_UP_LIMIT_MS} ms: ${[...doneAt.keys()]}`);
      const dead = workers.find((w) => w.hasExited());
      if (dead !== undefined) throw new Error(`${dead.name} exited during the catch-up`);
      // A build split into partitions stands where its furthest-behind partition does.
      const { rows } = await client.query<{ projection: string; position: string }>(
        `SELECT c.projection, coalesce(
           (SELECT min(p.position) FROM projection_partitions p
            WHERE p.projection = c.projection AND p.version = c.version AND p.build = c.build),
           c.position)::text AS position
         FROM projection_checkpoints c WHERE c.state = 'live'`,
      );
      const now = secondsSince(since);
      for (const { projection, position } of rows)
        if (!doneAt.has(projection) && BigInt(position) >= head) doneAt.set(projection, now);
      await sleep(POLL_MS);
    }
    return doneAt;
  } finally {
    await client.end();
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const secondsSince = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/** What each worker held at `until` (ms since the epoch), from its `lease claimed|released|lost` lines. */
const splitOf = (workers: readonly Worker[], until: number): Run['split'] =>
  workers.map(({ name, lines, cpuSeconds }) => {
    const held = new Set<string>();
    let claimed = 0;
    let released = 0;
    for (const line of lines) {
      const lease = line['lease'];
      if (typeof lease !== 'string' || Number(line['time']) > until) continue;
      if (line['change'] === 'claimed') {
        held.add(lease);
        claimed += 1;
      } else {
        held.delete(lease);
        released += 1;
      }
    }
    return { name, held: [...held].sort(), claimed, released, cpuSeconds: cpuSeconds() };
  });

const timelineOf = (workers: readonly Worker[], spawnedAt: number, until: number): Run['timeline'] =>
  workers.map(({ name, lines }) => ({
    name,
    changes: lines
      .filter((line) => typeof line['lease'] === 'string' && Number(line['time']) <= until)
      .map((line) => {
        const sign = line['change'] === 'claimed' ? '+' : '-';
        const at = ((Number(line['time']) - spawnedAt) / 1000).toFixed(1);
        return `${sign}${String(line['lease']).replace('projection:', '')}@${at}`;
      }),
  }));

const firstClaim = (workers: readonly Worker[]): number =>
  Math.min(
    ...workers.flatMap(({ lines }) =>
      lines.filter((line) => line['change'] === 'claimed').map((line) => Number(line['time'])),
    ),
  );

/** N workers started at once on a fresh database and a copy of the book, timed to the head. */
const catchUp = async (book: Book, count: number, scratch: string, partitions = 1): Promise<Run> => {
  const tag = randomBytes(4).toString('hex');
  const database = `bench_workers_${tag}_${count}_${partitions}`;
  const dataDir = join(scratch, `run-${tag}`);
  cpSync(book.dir, dataDir, { recursive: true });
  let workers: Worker[] = [];
  try {
    await prepareDatabase(database, book);
    const load = loadavg()[0]!;
    const spawnedAt = Date.now();
    const since = process.hrtime.bigint();
    workers = Array.from({ length: count }, (_, i) =>
      startWorker(`worker-${i + 1}`, dataDir, database, partitions),
    );
    const doneAt = await waitForHead(database, book.head, since, workers);
    const seconds = secondsSince(since);
    const doneWall = Date.now();
    // Read from /proc while the processes live: before the SIGTERM.
    const split = splitOf(workers, doneWall);
    const cpuSeconds = split.reduce((sum, w) => sum + w.cpuSeconds, 0);
    const started = firstClaim(workers);
    const codes = await Promise.all(workers.map((w) => w.stop()));
    if (codes.some((code) => code !== 0)) throw new Error(`the workers stopped with ${codes.join(', ')}`);
    return {
      workers: count,
      partitions,
      seconds,
      workSeconds: seconds - (started - spawnedAt) / 1000,
      doneAt,
      split,
      timeline: timelineOf(workers, spawnedAt, doneWall),
      cpuSeconds,
      load,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
};

interface OneProjection {
  /** From the first process starting its work to the last one done. */
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** One projection caught up by `count` processes, a partition each (1: whole), on a fresh database. */
const catchUpOne = async (
  book: Book,
  projection: string,
  count: number,
  scratch: string,
): Promise<OneProjection> => {
  const tag = randomBytes(4).toString('hex');
  const database = `bench_partitions_${tag}_${count}`;
  const dataDir = join(scratch, `one-${tag}`);
  cpSync(book.dir, dataDir, { recursive: true });
  try {
    await prepareDatabase(database, book);
    const runs = await Promise.all(
      Array.from({ length: count }, async (_, partition) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'bench/partition-worker.ts'], {
          cwd: ROOT,
          env: {
            ...process.env,
            KARE_DATA_DIR: dataDir,
            KARE_READ_DB: urlOf(database, `partition-${partition}`),
            KARE_CURSOR_KEY: randomBytes(32).toString('hex'),
            KARE_WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
            BENCH_PROJECTION: projection,
            BENCH_PARTITIONS: String(count),
            BENCH_PARTITION: String(partition),
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        const code = await new Promise((resolve) =>
          child.on('exit', (exit, signal) => resolve(exit ?? signal)),
        );
        if (code !== 0)
          throw new Error(`partition ${partition} of ${projection} exited (${code}): ${stderr}`);
        return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
          began: number;
          ended: number;
          cpuSeconds: number;
        };
      }),
    );
    return {
      seconds: (Math.max(...runs.map((r) => r.ended)) - Math.min(...runs.map((r) => r.began))) / 1000,
      cpuSeconds: runs.reduce((sum, r) => sum + r.cpuSeconds, 0),
    };
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const report = (run: Run): void => {
  console.log(
    `${run.workers} worker(s), ${run.partitions} partition(s): ${run.seconds.toFixed(1)} s from the spawn, ${run.workSeconds.toFixed(1)} s from the first lease, ` +
      `${run.cpuSeconds.toFixed(1)} CPU s, load ${run.load.toFixed(1)} at the spawn`,
  );
  const done = [...run.doneAt].map(([name, at]) => `${name} ${at.toFixed(1)} s`).join(', ');
  console.log(`  at the head: ${done}`);
  for (const { name, held, claimed, released, cpuSeconds } of run.split)
    console.log(
      `  ${name}: ${cpuSeconds.toFixed(1)} CPU s, held ${held.join(' ')} (claimed ${claimed}, released ${released})`,
    );
  for (const { name, changes } of run.timeline) console.log(`  ${name} leases: ${changes.join(' ')}`);
};

/** `tsx` compiles on the first start and caches: a start before the timed ones, so the first run pays no more. */
const warmUp = async (): Promise<void> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/kare-dev.ts', 'help'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  await new Promise((resolve) => child.on('exit', resolve));
};

export const benchmark: Benchmark = {
  title: 'Projection workers (kare project) catching up on one PostgreSQL: N workers vs 1',
  run: async ({ quick }) => {
    await admin('SELECT 1');
    const accounts = quick ? 120 : 320;
    const repeats = quick ? 1 : 3;
    const scratch = mkdtempSync(join(tmpdir(), 'kare-bench-workers-'));
    try {
      const book = await buildBook(join(scratch, 'book'), accounts);
      console.log(`book: ${accounts} accounts, ${book.events} events, head ${book.head}`);
      await warmUp();
      const runs = new Map<number, Run[]>(WORKER_COUNTS.map((n) => [n, []]));
      const partitioned: Run[] = [];
      for (let i = 0; i < repeats; i += 1) {
        for (const n of WORKER_COUNTS) {
          const run = await catchUp(book, n, scratch);
          report(run);
          runs.get(n)!.push(run);
        }
        const run = await catchUp(book, PARTITIONS, scratch, PARTITIONS);
        report(run);
        partitioned.push(run);
      }
      const middle = (of: (run: Run) => number, among: readonly Run[]): number => {
        const xs = among.map(of).sort((a, b) => a - b);
        return xs[Math.floor(xs.length / 2)]!;
      };
      const median = (n: number, of: (run: Run) => number): number => middle(of, runs.get(n)!);
      const projected = book.events * PROJECTIONS.length;
      const rows: BenchRow[] = [];
      for (const n of WORKER_COUNTS.filter((c) => c > 1)) {
        const name = `catch-up-${accounts}-accounts-${n}-workers`;
        rows.push(
          row(
            name,
            'projected events/s',
            projected / median(n, (r) => r.seconds),
            projected / median(1, (r) => r.seconds),
          ),
          row(
            `${name}-seconds`,
            's',
            median(n, (r) => r.seconds),
            median(1, (r) => r.seconds),
          ),
          row(
            `${name}-cpu-seconds`,
            'CPU s',
            median(n, (r) => r.cpuSeconds),
            median(1, (r) => r.cpuSeconds),
          ),
          row(
            `${name}-from-first-lease`,
            'projected events/s',
            projected / median(n, (r) => r.workSeconds),
            projected / median(1, (r) => r.workSeconds),
          ),
        );
      }
      // Partitions: the same workers, each projection split by account in as many partitions.
      const name = `catch-up-${accounts}-accounts-${PARTITIONS}-workers-${PARTITIONS}-partitions`;
      const split = (of: (run: Run) => number) => middle(of, partitioned);
      rows.push(
        row(
          name,
          'projected events/s',
          projected / split((r) => r.seconds),
          projected / median(1, (r) => r.seconds),
        ),
        row(
          `${name}-vs-${PARTITIONS}-workers-whole`,
          'projected events/s',
          projected / split((r) => r.seconds),
          projected / median(PARTITIONS, (r) => r.seconds),
        ),
        row(
          `${name}-cpu-seconds`,
          'CPU s',
          split((r) => r.cpuSeconds),
          median(1, (r) => r.cpuSeconds),
        ),
      );
      // Each projection split by account alone: 2 partitions in 2 processes against it whole in 1,
      // on a book of a department's size (on a small one the read of the log and the start, which
      // every partition pays, hide the split of the work).
      const oneAccounts = quick ? accounts : ONE_PROJECTION_ACCOUNTS;
      const oneBook = quick ? book : await buildBook(join(scratch, 'one-book'), oneAccounts);
      console.log(`book for one projection: ${oneAccounts} accounts, ${oneBook.events} events`);
      for (const projection of PROJECTIONS.filter((p) => p.partitionedBy === 'account')) {
        const whole: OneProjection[] = [];
        const split2: OneProjection[] = [];
        for (let i = 0; i < repeats; i += 1) {
          whole.push(await catchUpOne(oneBook, projection.name, 1, scratch));
          split2.push(await catchUpOne(oneBook, projection.name, PARTITIONS, scratch));
        }
        const mid = (xs: readonly OneProjection[], of: (r: OneProjection) => number) =>
          xs.map(of).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        console.log(
          `${projection.name}: whole ${whole.map((r) => r.seconds.toFixed(1)).join(' ')} s, ` +
            `${PARTITIONS} partitions ${split2.map((r) => r.seconds.toFixed(1)).join(' ')} s`,
        );
        const one = `one-projection-${projection.name}-${oneAccounts}-accounts-${PARTITIONS}-partitions`;
        rows.push(
          row(
            one,
            'events/s',
            oneBook.events / mid(split2, (r) => r.seconds),
            oneBook.events / mid(whole, (r) => r.seconds),
          ),
          row(
            `${one}-cpu-seconds`,
            'CPU s',
            mid(split2, (r) => r.cpuSeconds),
            mid(whole, (r) => r.cpuSeconds),
          ),
        );
      }
      return rows;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
