// Issue #15, workers that scale out: three `kare project` workers and two `kare serve
// --no-projector` API servers, each its own process, on one PostgreSQL database (created here,
// `workers_…`) and one event store: the EventStoreDB stand-in, served from this test process
// over gRPC to the children, as a cluster would be. Commands go in through both API servers
// under load. The projections split by account run in two partitions each (a lease each); the
// worker owning a partition of tier-status is killed with SIGKILL in the middle of its batch. A
// standby takes its leases over within seconds; the read models equal a rebuild by one process
// from the same log (table by table, row by row: no event applied twice or skipped); both API
// servers answer the same reads. First, webhooks: one registered through one API server is
// delivered once per event by the worker holding the `webhooks` lease (not once per process), by a
// standby after that worker is killed, and not at all seconds after a pause through the other
// API server.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { openConfiguredEngine, type OpenedEngine } from '../../src/app/open-engine.js';
import { OTHER_LEASES, partitionLease, projectionLeases } from '../../src/app/project.js';
import { parseLayouts } from '../../src/consumers/projector/table-layout.js';
import { serverDatabase, withPostgres } from '../adapters/postgres/postgres-fixture.js';
import { kare } from '../src/app/cli/cli-harness.js';
import { eventually } from '../src/consumers/projector/fixtures.js';
import { Receiver } from '../src/consumers/webhooks/receiver.js';
import { EsdbStandIn } from '../support/esdb-stand-in.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CURSOR_KEY = randomBytes(32).toString('hex');
const ACCOUNTS = 120;
/** The accounts registered by the webhook test, before the load. */
const HOOKED_ACCOUNTS = 12;
const SEALING_KEY = randomBytes(32).toString('base64');
/** KARE_PROJECTION_PARTITIONS of the workers. */
const PARTITIONS = 2;
/** The partition of tier-status whose worker is killed. */
const VICTIM_LEASE = partitionLease('tier-status', 0, PARTITIONS);

interface Child {
  readonly name: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly dataDir: string;
  /** The pino lines so far, parsed. */
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | string>;
  url?: string;
}

/** `kare <args>` as its own process; resolves once it logs `ready`. */
const startKare = (
  name: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<Child> => {
  const dataDir = mkdtempSync(join(tmpdir(), `kare-workers-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/kare-dev.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      KARE_DATA_DIR: dataDir,
      KARE_CURSOR_KEY: CURSOR_KEY,
      KARE_WEBHOOKS_ALLOW_PRIVATE: 'true',
      KARE_WEBHOOKS_SECRET_KEY: SEALING_KEY,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const started: Child = { name, child, dataDir, lines: [], exited };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      started.lines.push(line);
      const match = ready.exec(String(line['msg'] ?? ''));
      if (match !== null) {
        if (match[1] !== undefined) started.url = match[1];
        resolve(started);
      }
    });
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before it was ready: ${stderr}`)));
  });
};

/** The leases a worker holds now, from its `lease claimed|released|lost` lines. */
const leasesOf = (worker: Child): Set<string> => {
  const held = new Set<string>();
  for (const line of worker.lines) {
    const lease = line['lease'];
    if (typeof lease !== 'string') continue;
    if (line['change'] === 'claimed') held.add(lease);
    else held.delete(lease);
  }
  return held;
};

/** When a worker logged that it claimed `lease` (ms since the epoch), after `since`. */
const claimedAt = (worker: Child, lease: string, since: number): number | undefined =>
  worker.lines
    .filter(
      (line) => line['lease'] === lease && line['change'] === 'claimed' && Number(line['time']) >= since,
    )
    .map((line) => Number(line['time']))[0];

const post = async (
  url: string,
  path: string,
  body: object,
): Promise<{ status: number; position?: string }> => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { position?: string | number };
  return {
    status: response.status,
    ...(json.position === undefined ? {} : { position: String(json.position) }),
  };
};

interface ProjectionsJson {
  projections: { name: string; position: string; head: string; partitions?: string[] }[];
}

const projectionsOf = async (url: string): Promise<ProjectionsJson['projections']> =>
  ((await (await fetch(`${url}/projections`)).json()) as ProjectionsJson).projections;

/** Every live table of the read models, rows in key order, by logical table name. */
const liveTables = async (url: string): Promise<Map<string, unknown[]>> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out = new Map<string, unknown[]>();
    const builds = await client.query<{ projection: string; tables: string }>(
      `SELECT projection, tables FROM projection_checkpoints WHERE state = 'live' ORDER BY projection`,
    );
    for (const { projection, tables } of builds.rows) {
      for (const layout of parseLayouts(tables, projection)) {
        const rows = await client.query(`SELECT * FROM "${layout.physical}" ORDER BY "${layout.key}"`);
        out.set(layout.table, rows.rows);
      }
    }
    return out;
  } finally {
    await client.end();
  }
};

withPostgres((url) => {
  describe('three projection workers and two API servers on one PostgreSQL and one event store', () => {
    const database = serverDatabase(url, 'workers');
    const reference = serverDatabase(url, 'workers_ref');
    /**
     * Whether a worker is inside a projection's batch: a transaction whose last statement is one
     * only a batch runs (the checkpoint row locked, documents fetched, the checkpoint moved).
     */
    const inBatch = async (worker: string): Promise<boolean> => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rowCount } = await client.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = $2
             AND state IN ('active', 'idle in transaction') AND xact_start IS NOT NULL
             AND (query ILIKE 'SELECT 1 FROM projection_checkpoints%FOR UPDATE'
               OR query ILIKE 'UPDATE projection_checkpoints SET position%'
               OR query ILIKE 'SELECT 1 FROM projection_partitions%FOR UPDATE'
               OR query ILIKE 'UPDATE projection_partitions SET position%'
               OR query ILIKE 'SELECT % AS c, % AS k, %')`,
          [database.name, worker],
        );
        return rowCount !== null && rowCount > 0;
      } finally {
        await client.end();
      }
    };
    let standIn: EsdbStandIn;
    const children: Child[] = [];
    let workers: Child[] = [];
    let servers: Child[] = [];
    let startWorker: (name: string) => Promise<Child>;

    beforeAll(async () => {
      await database.create();
      await reference.create();
      standIn = await EsdbStandIn.start();
      const env = {
        KARE_EVENTSTORE_URL: standIn.connectionString,
        KARE_READ_DB: database.url,
        KARE_PROJECTION_PARTITIONS: String(PARTITIONS),
      };
      // Each worker's connections carry its name, so the test sees when one is inside a batch.
      const worker = (name: string) =>
        startKare(
          name,
          ['project'],
          { ...env, KARE_READ_DB: `${database.url}?application_name=${name}` },
          /^projecting$/,
        );
      startWorker = worker;
      // One worker first: it migrates the database; the others start beside it.
      workers = [await worker('worker-1')];
      workers.push(...(await Promise.all(['worker-2', 'worker-3'].map(worker))));
      servers = await Promise.all(
        ['api-1', 'api-2'].map((name) =>
          startKare(name, ['serve', '--no-projector'], env, /^listening on (http:\/\/\S+)$/),
        ),
      );
      children.push(...workers, ...servers);
    }, 90_000);

    afterAll(async () => {
      for (const { child } of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      for (const { dataDir } of children) rmSync(dataDir, { recursive: true, force: true });
      await standIn?.stop();
      await database.drop();
      await reference.drop();
    });

    it('delivers a webhook once per event from one worker, a standby taking over; a pause on the other server stops it', async () => {
      const receiver = await new Receiver().start();
      try {
        const [a, b] = servers.map((s) => s.url!);
        const created = await fetch(`${a}/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url, types: ['AccountRegistered'] }),
        });
        expect(created.status).toBe(201);
        const { id } = (await created.json()) as { id: string };
        // The other server sees it: one registry in the shared database.
        expect((await fetch(`${b}/webhooks/${id}`)).status).toBe(200);
        const holder = (): Child | undefined => workers.find((w) => leasesOf(w).has('webhooks'));
        await eventually(() => holder() !== undefined, 20_000);
        // The holder looks at the store every second: wait for its consumer before any event.
        await new Promise((resolve) => setTimeout(resolve, 2500));

        let n = 0;
        const register = async (count: number): Promise<string[]> => {
          const ids: string[] = [];
          for (let i = 0; i < count; i += 1, n += 1) {
            const accountId = `hooked-${n}`;
            const via = n % 2 === 0 ? a! : b!;
            const registered = await post(via, '/accounts', {
              accountId,
              name: `Hooked ${n}`,
              industry: 'TECHNOLOGY',
              region: 'East',
            });
            expect(registered.status).toBe(201);
            ids.push(accountId);
          }
          return ids;
        };
        /** How many times each account's registration reached the receiver. */
        const deliveredTimes = (): Map<string, number> => {
          const times = new Map<string, number>();
          for (const { body } of receiver.accepted) {
            const subject = (JSON.parse(body) as { subject: string }).subject;
            times.set(subject, (times.get(subject) ?? 0) + 1);
          }
          return times;
        };
        const streamOf = (accountId: string): string => `account-${accountId}`;

        const first = await register(6);
        await eventually(() => receiver.accepted.length >= first.length, 20_000);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        // Once each: two API servers and three workers, one of them delivering.
        expect(first.map((accountId) => deliveredTimes().get(streamOf(accountId)))).toEqual(
          first.map(() => 1),
        );
        expect(receiver.accepted).toHaveLength(first.length);

        // The delivering worker dies: a standby claims the lease and goes on from the checkpoint.
        const dead = holder()!;
        dead.child.kill('SIGKILL');
        expect(await dead.exited).toBe('SIGKILL');
        workers = workers.filter((w) => w !== dead);
        const second = await register(4);
        await eventually(
          () => second.every((accountId) => deliveredTimes().has(streamOf(accountId))),
          20_000,
        );
        expect(holder()).not.toBe(dead);
        for (const accountId of first) expect(deliveredTimes().get(streamOf(accountId))).toBe(1);

        // Paused through the other server: the worker stops within seconds.
        const paused = await fetch(`${b}/webhooks/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ state: 'paused' }),
        });
        expect(paused.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const before = receiver.accepted.length;
        const third = await register(2);
        await new Promise((resolve) => setTimeout(resolve, 2500));
        expect(receiver.accepted.length).toBe(before);
        expect(third.some((accountId) => deliveredTimes().has(streamOf(accountId)))).toBe(false);
        expect(n).toBe(HOOKED_ACCOUNTS);

        expect((await fetch(`${a}/webhooks/${id}`, { method: 'DELETE' })).status).toBe(204);
        // Three workers again for what follows.
        const replacement = await startWorker('worker-4');
        children.push(replacement);
        workers.push(replacement);
      } finally {
        await receiver.close();
      }
    }, 120_000);

    it("takes over a killed worker's projections within seconds; the read models equal one process's rebuild", async () => {
      // Every lease is held by exactly one worker, and the work is spread over the three.
      const everyLease = (alive: readonly Child[]): string[] => alive.flatMap((w) => [...leasesOf(w)]);
      const leaseCount = projectionLeases(PARTITIONS).length + OTHER_LEASES.length;
      await eventually(() => {
        const held = everyLease(workers);
        return (
          held.length === leaseCount &&
          new Set(held).size === held.length &&
          workers.every((w) => leasesOf(w).size > 0)
        );
      }, 20_000);

      // Load: accounts registered and flagged through both API servers, eight at a time.
      const [a, b] = servers.map((s) => s.url!);
      const jobs = Array.from({ length: ACCOUNTS }, (_, i) => i);
      let killedAt = 0;
      let victim: Child | undefined;
      let victimLeases: string[] = [];
      const run = async (i: number): Promise<void> => {
        const via = i % 2 === 0 ? a! : b!;
        const id = `acct-${i}`;
        const registered = await post(via, '/accounts', {
          accountId: id,
          name: `Account ${i}`,
          industry: i % 3 === 0 ? 'TECHNOLOGY' : 'HEALTHCARE',
          region: i % 2 === 0 ? 'East' : 'West',
        });
        expect(registered.status).toBe(201);
        if (i % 2 === 0) {
          const other = i % 4 === 0 ? b! : a!;
          const assigned = await post(other, `/accounts/${id}/assign-account-manager`, {
            managerId: `m-${i % 5}`,
            effectiveFrom: '2026-03-01',
          });
          expect(assigned.status).toBe(200);
          if (i % 4 === 0) {
            const flagged = await post(via, `/accounts/${id}/flag-at-risk`, { reason: `load ${i}` });
            expect(flagged.status).toBe(200);
          }
        }
        // A third of the way in: SIGKILL the owner of a partition of tier-status while it has a batch open.
        if (i === Math.floor(ACCOUNTS / 3) && victim === undefined) {
          victim = workers.find((w) => leasesOf(w).has(VICTIM_LEASE))!;
          victimLeases = [...leasesOf(victim)];
          await eventually(() => inBatch(victim!.name), 10_000);
          killedAt = Date.now();
          victim.child.kill('SIGKILL');
        }
      };
      const queue = [...jobs];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let next = queue.shift(); next !== undefined; next = queue.shift()) await run(next);
        }),
      );
      expect(victim).toBeDefined();
      expect(await victim!.exited).toBe('SIGKILL');
      const standbys = workers.filter((w) => w !== victim);

      // A standby took over every lease of the dead worker, each within seconds.
      await eventually(
        () => victimLeases.every((lease) => standbys.some((w) => leasesOf(w).has(lease))),
        15_000,
      );
      for (const lease of victimLeases) {
        const at = Math.min(...standbys.map((w) => claimedAt(w, lease, killedAt) ?? Infinity));
        expect(at - killedAt, `${lease} taken over`).toBeLessThan(10_000);
      }
      expect(everyLease(standbys).sort()).toHaveLength(leaseCount);
      expect(new Set(everyLease(standbys)).size).toBe(leaseCount);
      // `kare status` names the worker holding each lease, as PostgreSQL sees it.
      const statusDir = mkdtempSync(join(tmpdir(), 'kare-workers-status-'));
      try {
        const status = await kare(statusDir, ['status', '--json'], {
          env: {
            KARE_EVENTSTORE_URL: standIn.connectionString,
            KARE_READ_DB: database.url,
            KARE_PROJECTION_PARTITIONS: String(PARTITIONS),
          },
        });
        expect(status.code).toBe(0);
        const { leases, projections } = JSON.parse(status.stdout) as {
          leases: { name: string; holder?: { application: string } }[];
          projections: { name: string; partitions?: string[] }[];
        };
        expect(leases).toHaveLength(leaseCount);
        // Each projection split by account shows where each of its two partitions stands.
        expect(
          projections.filter((p) => p.partitions !== undefined).map((p) => [p.name, p.partitions!.length]),
        ).toEqual([
          ['tier-status', 2],
          ['promotion-history', 2],
          ['stock-coverage', 2],
          ['account-plan', 2],
        ]);
        for (const { name, holder } of leases)
          expect(standbys.find((w) => leasesOf(w).has(name))?.name).toBe(holder?.application);
      } finally {
        rmSync(statusDir, { recursive: true, force: true });
      }

      // Every projection reaches the head; both API servers see it.
      await eventually(async () => {
        const statuses = await projectionsOf(a!);
        return statuses.every((s) => BigInt(s.position) >= BigInt(s.head));
      }, 30_000);
      const statuses = await projectionsOf(a!);
      const head = statuses[0]!.head;
      // The projections split by account stand in two partitions, each at the head; the others whole.
      for (const { name, partitions } of statuses)
        if (['tier-status', 'stock-coverage', 'promotion-history', 'account-plan'].includes(name))
          expect(partitions, name).toEqual([head, head]);
        else expect(partitions, name).toBeUndefined();
      const reads = await Promise.all(
        servers.map(async (s) => {
          const response = await fetch(`${s.url}/read-models/tier-status?limit=200&minPosition=${head}`);
          expect(response.status).toBe(200);
          return ((await response.json()) as { items: unknown[] }).items;
        }),
      );
      expect(reads[0]).toHaveLength(ACCOUNTS + HOOKED_ACCOUNTS);
      expect(reads[1]).toEqual(reads[0]);
      // An API server that does not project is healthy while the workers keep up.
      for (const server of servers) expect((await fetch(`${server.url}/health`)).status).toBe(200);

      // Quiet: the workers stop (their last batches done), then one process rebuilds from the same log.
      for (const w of standbys) w.child.kill('SIGTERM');
      expect(await Promise.all(standbys.map((w) => w.exited))).toEqual([0, 0]);
      /** An engine of one process on `readDb`, for `work`. */
      const inProcess = async (readDb: string, work: (engine: OpenedEngine) => Promise<void>) => {
        const config = loadConfig({
          KARE_DATA_DIR: mkdtempSync(join(tmpdir(), 'kare-workers-ref-')),
          KARE_EVENTSTORE_URL: standIn.connectionString,
          KARE_READ_DB: readDb,
          LOG_LEVEL: 'silent',
        });
        const engine = await openConfiguredEngine(config);
        try {
          await work(engine);
        } finally {
          await engine.close();
          rmSync(config.dataDir, { recursive: true, force: true });
        }
      };
      await inProcess(reference.url, async (single) => {
        await single.projector.catchUp();
        // The rebuild read the log the workers projected, to its head.
        for (const status of await single.projector.status()) expect(status.position).toBe(status.head);
        await single.currentRows.refresh();
      });
      // Both current as of today (the workers' daily job may not have passed since their last batch).
      await inProcess(database.url, async (engine) => {
        await engine.currentRows.refresh();
      });
      const shared = await liveTables(database.url);
      const rebuilt = await liveTables(reference.url);
      expect([...shared.keys()].sort()).toEqual([...rebuilt.keys()].sort());
      for (const [table, rows] of rebuilt) expect(shared.get(table), table).toEqual(rows);
      expect(rebuilt.get('tier_status')).toHaveLength(ACCOUNTS + HOOKED_ACCOUNTS);
    }, 180_000);
  });
});
