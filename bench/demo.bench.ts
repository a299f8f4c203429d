// The demo book's load (`kare demo`): every command validated, decided and appended through the
// engine — month ends, the shortage, the account-lost process and the projections' catch-ups
// included — against appending the very same events raw (store.append of the finished book's
// events, one stream run at a time, 64 in flight) into a fresh store in the same process.
// Target: the full default book in under 60 s on the reference machine (2 cores).
// Beside it, the load's CPU time per account at the book's size and at twice the size (issue
// #15): a ratio near 1 is a load linear in the accounts; what grows faster shows above it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../adapters/sqlite/event-store.js';
import { DEMO_ACCOUNTS, demoClock, demoEngineRequest, loadDemoBook } from '../demo/demo-book.js';
import { openEngine } from '../src/app/open-engine.js';
import type { NewEvent, StoredEvent } from '../src/ports.js';
import { row, type Benchmark } from './harness.js';

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/** The process's CPU seconds (user and system, all its threads) since `since`. */
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
};

const loadDemo = async (dir: string, accounts: number) => {
  const clock = demoClock();
  const engine = openEngine({ dataDir: dir, ...demoEngineRequest(clock) });
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await loadDemoBook(engine, clock, { accounts });
  const took = seconds(started);
  const cpuTook = cpuSeconds(cpu);
  const events: StoredEvent[] = [];
  for await (const event of engine.store.readAll()) events.push(event);
  await engine.close();
  return { took, cpuTook, events };
};

/** The CPU milliseconds per account of a load of `accounts` (the events are not kept). */
const cpuMsPerAccount = async (dir: string, accounts: number): Promise<number> => {
  const { cpuTook } = await loadDemo(dir, accounts);
  return (1000 * cpuTook) / accounts;
};

const appendRaw = async (dir: string, events: readonly StoredEvent[]): Promise<number> => {
  const store = createSqliteEventStore({ path: join(dir, 'raw.sqlite'), sync: 'normal' });
  const started = process.hrtime.bigint();
  let pending: Promise<unknown>[] = [];
  let run: { streamId: string; first: bigint; events: NewEvent[] } | undefined;
  const flush = async () => {
    if (run === undefined) return;
    const { streamId, first } = run;
    pending.push(
      store.append(streamId, run.events, { expectedRevision: first === 0n ? 'no_stream' : first - 1n }),
    );
    if (pending.length >= 64) {
      await Promise.all(pending);
      pending = [];
    }
  };
  for (const event of events) {
    if (run?.streamId !== event.streamId) {
      await flush();
      run = { streamId: event.streamId, first: event.revision, events: [] };
    }
    const { eventId, type, data, metadata, recordedAt } = event;
    run.events.push({ eventId, type, data, metadata, recordedAt });
  }
  await flush();
  await Promise.all(pending);
  const took = seconds(started);
  await store.close();
  return took;
};

export const benchmark: Benchmark = {
  title: 'Demo book load (kare demo, through the command pipeline) vs raw appends of the same events',
  run: async ({ quick }) => {
    const accounts = quick ? 60 : DEMO_ACCOUNTS;
    const dir = mkdtempSync(join(tmpdir(), 'kare-bench-demo-'));
    try {
      const ours = await loadDemo(join(dir, 'demo'), accounts);
      const raw = await appendRaw(dir, ours.events);
      const count = ours.events.length;
      const perAccount = (1000 * ours.cpuTook) / accounts;
      const twice = await cpuMsPerAccount(join(dir, 'twice'), 2 * accounts);
      return [
        row(`demo-load-${accounts}-accounts`, 'events/s', count / ours.took, count / raw),
        row(`demo-load-${accounts}-accounts-seconds`, 's', ours.took, raw, quick ? undefined : 'ours < 60 s'),
        // ours: at twice the size; baseline: at the book's size. The ratio is the growth per account.
        row(
          `demo-cpu-per-account-${2 * accounts}-vs-${accounts}`,
          'CPU ms/account',
          twice,
          perAccount,
          'ratio < 1.15',
        ),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
