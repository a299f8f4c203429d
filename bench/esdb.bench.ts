// The EventStoreDB adapter on the stand-in (test/support, the real client over gRPC in this
// process), against what it did before issue #11: every event also reserved its id in a side
// stream of its own (`kare:eventid-<id>`, one no_stream append per event, in parallel, before
// the append). The baseline is that reservation replayed through the real client in front of
// today's append; the writes-per-event rows count the records the server stored.
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createEventStoreDbStore } from '../adapters/eventstoredb/event-store.js';
import { createMemorySnapshotStore } from '../adapters/memory/snapshot-store.js';
import { commandDefinition } from '../src/commands/aggregates.js';
import { createCommandHandler, type CommandHandler } from '../src/commands/command-handler.js';
import type { EventStore, NewEvent } from '../src/ports.js';
import { EsdbStandIn } from '../test/support/esdb-stand-in.js';
import { row, sideBySide, type Benchmark, type BenchOptions, type BenchRow } from './harness.js';

const AT = '2026-03-02T09:00:00.000Z';

const newEvent = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'RevenueRecorded',
  data: { accountId: 'acc-000123', period: '2026-03', amount: { amount: 12_345_600, currency: 'CNY' } },
  metadata: { schemaVersion: 1, commandId: 'cmd-1', correlationId: 'corr-1', actor: 'bench' },
});

/** Today's store with the side stream per event it used to write in front of every append. */
const withIdReservations = (store: EventStore, client: EventStoreDBClient): EventStore => ({
  ...store,
  claimCommandId: undefined,
  append: async (streamId, events, options) => {
    await Promise.all(
      events.map((event, i) =>
        client.appendToStream(
          `kare:eventid-${event.eventId}`,
          jsonEvent({ type: 'KareEventIdReserved', data: { streamId, revision: String(i) } }),
          { expectedRevision: 'no_stream' },
        ),
      ),
    );
    return store.append(streamId, events, options);
  },
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options) => store.readAll(options),
  subscribe: (options) => store.subscribe(options),
  verify: (streamId) => store.verify(streamId),
  headPosition: () => store.headPosition(),
  close: () => store.close(),
});

type Shape = 'now' | 'before';

/** A store of the given shape on a fresh stand-in, and how many records the server stored. */
const onStandIn = async <T>(
  shape: Shape,
  run: (store: EventStore) => Promise<T>,
): Promise<{ result: T; records: number; seconds: number }> => {
  const standIn = await EsdbStandIn.start();
  const store = createEventStoreDbStore({ connectionString: standIn.connectionString });
  const client = EventStoreDBClient.connectionString(standIn.connectionString);
  try {
    // Connected and warm before the clock starts: the stand-in's start is not what is measured.
    await store.headPosition();
    await client.appendToStream('warm-up', jsonEvent({ type: 'WarmUp', data: {} }));
    const warm = standIn.positions().length;
    const started = process.hrtime.bigint();
    const result = await run(shape === 'now' ? store : withIdReservations(store, client));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { result, records: standIn.positions().length - warm, seconds };
  } finally {
    await store.close();
    await client.dispose();
    await standIn.stop();
  }
};

const sequentialAppends = (ops: number) => async (store: EventStore) => {
  for (let i = 0; i < ops; i += 1) {
    await store.append('account-seq', [newEvent()], {
      expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
    });
  }
  return ops;
};

const send = async (
  handler: CommandHandler,
  id: string,
  type: string,
  body: unknown,
  key: string | undefined,
) => {
  const decoded = commandDefinition('account', type)!.data.decode(body);
  if (isLeft(decoded)) throw new Error(`invalid ${type}`);
  const outcome = await handler.handle({
    aggregate: 'account',
    aggregateId: id,
    command: { type, data: decoded.right },
    ...(key === undefined ? {} : { commandId: key }),
  });
  if (!outcome.ok) throw new Error(`${type} failed: ${JSON.stringify(outcome.failure)}`);
  return outcome.result.events.length;
};

/** Commands with or without an Idempotency-Key each; returns the events written. */
const commands = (ops: number, keyed: boolean) => async (store: EventStore) => {
  const key = () => (keyed ? randomUUID() : undefined);
  const handler = createCommandHandler({
    store,
    snapshots: createMemorySnapshotStore(),
    ids: { uuid: randomUUID },
  });
  let events = await send(
    handler,
    'seq',
    'RegisterAccount',
    { accountId: 'seq', name: 'Account seq', industry: 'RETAIL', region: 'East', at: AT },
    key(),
  );
  events += await send(
    handler,
    'seq',
    'AssignAccountManager',
    { managerId: 'm-1', effectiveFrom: '2026-03-01', at: AT },
    key(),
  );
  for (let i = 2; i < ops; i += 1) {
    events += await send(
      handler,
      'seq',
      'RecordFeedback',
      { score: (i % 5) + 1, aboutManagerId: 'm-1', comment: `visit ${i}`, at: AT },
      key(),
    );
  }
  return events;
};

type Kind = 'append' | 'command' | 'command-keyed';

const runs: Record<Kind, (ops: number) => (store: EventStore) => Promise<number>> = {
  append: sequentialAppends,
  command: (ops) => commands(ops, false),
  'command-keyed': (ops) => commands(ops, true),
};

export const runEventStoreDbBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const repeats = quick ? 1 : 3;
  const ops = quick ? 300 : 1500;
  const rows: BenchRow[] = [];
  for (const kind of ['append', 'command', 'command-keyed'] as const) {
    const writes: Record<Shape, number> = { now: 0, before: 0 };
    const measure = async (shape: Shape) => {
      const { result: events, records, seconds } = await onStandIn(shape, runs[kind](ops));
      writes[shape] = (100 * records) / events;
      return ops / seconds;
    };
    const speed = await sideBySide(
      repeats,
      () => measure('now'),
      () => measure('before'),
    );
    const unit = kind === 'append' ? 'appends/s' : 'commands/s';
    rows.push(
      row(`esdb-${kind}`, unit, speed.ours, speed.baseline, kind === 'command-keyed' ? '≥ 0.9' : '≥ 1'),
    );
    // A keyed command writes one marker; its events no side stream: equal for one-event commands.
    rows.push(
      row(
        `esdb-${kind}-writes`,
        'writes/100 events',
        writes.now,
        writes.before,
        kind === 'command-keyed' ? '≤ 1' : '≤ 0.5',
      ),
    );
  }
  return rows;
};

export const benchmark: Benchmark = {
  title: 'EventStoreDB adapter on the stand-in (esdb): now vs a side stream per event (before #11)',
  run: runEventStoreDbBench,
};
