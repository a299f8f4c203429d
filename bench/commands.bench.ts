// End-to-end commands (validate → load → decide → append) on the SQLite store against raw
// better-sqlite3 doing one durable single-row insert per transaction, the same pattern.
import { isLeft } from 'fp-ts/lib/Either.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../adapters/sqlite/event-store.js';
import { createMemorySnapshotStore } from '../adapters/memory/snapshot-store.js';
import type { SqliteSync } from '../adapters/sqlite/connection.js';
import { commandDefinition } from '../src/commands/aggregates.js';
import { createCommandHandler, type CommandHandler } from '../src/commands/command-handler.js';
import {
  opsPerSecond,
  row,
  sideBySide,
  type Benchmark,
  type BenchOptions,
  type BenchRow,
} from './harness.js';
import { rawSingleRowInserts } from './event-store.bench.js';

const AT = '2026-03-02T09:00:00.000Z';

/** Decodes the body as the HTTP layer will, then hands the typed command to the handler. */
const send = async (
  handler: CommandHandler,
  accountId: string,
  type: string,
  body: unknown,
): Promise<void> => {
  const definition = commandDefinition('account', type)!;
  const decoded = definition.data.decode(body);
  if (isLeft(decoded)) throw new Error(`invalid ${type}`);
  const outcome = await handler.handle({
    aggregate: 'account',
    aggregateId: accountId,
    command: { type, data: decoded.right },
  });
  if (!outcome.ok) throw new Error(`${type} failed: ${JSON.stringify(outcome.failure)}`);
};

const registerBody = (accountId: string) => ({
  accountId,
  name: `Account ${accountId}`,
  industry: 'RETAIL',
  region: 'East',
  at: AT,
});
const managerBody = { managerId: 'm-1', effectiveFrom: '2026-03-01', at: AT };
const feedbackBody = (n: number) => ({
  score: (n % 5) + 1,
  aboutManagerId: 'm-1',
  comment: `visit ${n}`,
  at: AT,
});

const withHandler = async (
  path: string,
  sync: SqliteSync,
  run: (handler: CommandHandler) => Promise<void>,
) => {
  const store = createSqliteEventStore({ path, sync });
  const handler = createCommandHandler({
    store,
    snapshots: createMemorySnapshotStore(),
    ids: { uuid: randomUUID },
  });
  try {
    await run(handler);
  } finally {
    await store.close();
  }
};

export const runCommandsBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'kare-bench-cmd-'));
  let n = 0;
  const next = () => join(dir, `db-${(n += 1)}.sqlite`);
  const rows: BenchRow[] = [];
  const repeats = quick ? 1 : 3;
  try {
    for (const sync of ['full', 'normal'] as const) {
      const ops = quick ? (sync === 'full' ? 500 : 1500) : sync === 'full' ? 2000 : 6000;
      const raw = () => opsPerSecond(ops, (count) => rawSingleRowInserts(next(), sync, count));

      const sequential = await sideBySide(
        repeats,
        () =>
          opsPerSecond(ops, (count) =>
            withHandler(next(), sync, async (handler) => {
              await send(handler, 'seq', 'RegisterAccount', registerBody('seq'));
              await send(handler, 'seq', 'AssignAccountManager', managerBody);
              for (let i = 2; i < count; i += 1)
                await send(handler, 'seq', 'RecordFeedback', feedbackBody(i));
            }),
          ),
        raw,
      );
      rows.push(
        row(`commands-sequential-${sync}`, 'commands/s', sequential.ours, sequential.baseline, '≥ 0.6'),
      );

      const callers = 50;
      const concurrent = await sideBySide(
        repeats,
        () =>
          opsPerSecond(ops * 2, (count) =>
            withHandler(next(), sync, async (handler) => {
              await Promise.all(
                Array.from({ length: callers }, async (_, c) => {
                  const id = `c${c}`;
                  await send(handler, id, 'RegisterAccount', registerBody(id));
                  await send(handler, id, 'AssignAccountManager', managerBody);
                  for (let i = 2; i < count / callers; i += 1)
                    await send(handler, id, 'RecordFeedback', feedbackBody(i));
                }),
              );
            }),
          ),
        raw,
      );
      rows.push(
        row(`commands-concurrent-${sync}`, 'commands/s', concurrent.ours, concurrent.baseline, '≥ 0.6'),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};

export const benchmark: Benchmark = {
  title: 'End-to-end commands vs raw durable inserts',
  run: runCommandsBench,
};
