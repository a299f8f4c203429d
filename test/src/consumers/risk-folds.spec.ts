// The risk review's folds kept between month ends: each review answers what a fold of the
// account's streams from their first event answers, on a real demo book and when events were
// recorded out of log order, an earlier month is reviewed again, or the index names a stream late;
// and a review after a kept fold reads only the events after it.
import { v4 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { addPeriods } from '../../../domain/kernel/index.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import { createCommandHandler } from '../../../src/commands/command-handler.js';
import { openEngine, type OpenedEngine } from '../../../src/app/open-engine.js';
import { createRiskFolds } from '../../../src/consumers/risk-folds.js';
import type { EventStore, ReadStreamOptions, StoredEvent, StreamIndex } from '../../../src/ports.js';
import {
  ACCOUNT_RISK,
  projection as accountRisk,
  type AccountRiskDoc,
} from '../../../projections/account-risk/index.js';
import { runProjection } from '../../support/projection-harness.js';
import { collect } from '../../contracts/event-store.contract.js';
import { MIN_ACCOUNTS } from '../../../demo/demo-book.js';
import { BOOK_DAY, removeDir, tempDir, writeDemo } from '../../demo/demo-fixture.js';
import { projectedStreamIndex } from '../../support/projected-stream-index.js';

/** The store, counting the events its streams give. */
const counting = (store: EventStore): { store: EventStore; read: () => number } => {
  let read = 0;
  return {
    read: () => read,
    store: {
      ...store,
      readStream: (streamId: string, options?: ReadStreamOptions) => ({
        async *[Symbol.asyncIterator]() {
          for await (const event of store.readStream(streamId, options)) {
            read += 1;
            yield event;
          }
        },
      }),
    },
  };
};

/** The definition: every event of the account's risk streams recorded by `at`, folded in log order. */
const foldFromStart = async (
  store: EventStore,
  index: StreamIndex,
  accountId: string,
  at: string,
): Promise<AccountRiskDoc | undefined> => {
  const events: StoredEvent[] = [];
  for (const streamId of await index.streamsOf(accountId)) {
    if (!streamId.startsWith('account-') && !streamId.startsWith('supply-')) continue;
    for await (const event of store.readStream(streamId))
      if (Date.parse(event.recordedAt) <= Date.parse(at)) events.push(event);
  }
  events.sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1));
  return runProjection(accountRisk, events).docs<AccountRiskDoc>(ACCOUNT_RISK).get(accountId);
};

const monthEndAt = (period: string) => `${addPeriods(period, 1)}-01T01:00:00.000Z`;

describe('risk folds on a demo book', () => {
  let dir: string;
  let engine: OpenedEngine;

  beforeAll(async () => {
    dir = tempDir('risk-folds');
    await writeDemo(dir, { accounts: MIN_ACCOUNTS });
    engine = openEngine({ dataDir: dir });
    await engine.projector.catchUp();
  }, 120_000);

  afterAll(async () => {
    await engine.close();
    removeDir(dir);
  });

  it('answers every month end as a fold from the first event does', async () => {
    const kept = createRiskFolds(engine.store, engine.streamIndex);
    const accounts = await engine.streamIndex.accountIds();
    const periods = Array.from({ length: 13 }, (_, i) => addPeriods(BOOK_DAY.slice(0, 7), i - 13));
    let flaggable = 0;
    for (const period of periods) {
      for (const accountId of accounts) {
        const doc = await kept.docOf(accountId, monthEndAt(period));
        expect(doc).toEqual(
          await foldFromStart(engine.store, engine.streamIndex, accountId, monthEndAt(period)),
        );
        if (doc !== undefined) flaggable += 1;
      }
    }
    expect(flaggable).toBeGreaterThan(accounts.length * 6);
    expect(kept.bytes).toBeGreaterThan(0);
  });

  it('keeps no more than its budget, and answers the same without room for a fold', async () => {
    const kept = createRiskFolds(engine.store, engine.streamIndex, 50_000);
    for (const accountId of await engine.streamIndex.accountIds()) {
      expect(await kept.docOf(accountId, `${BOOK_DAY}T00:00:00.000Z`)).toEqual(
        await foldFromStart(engine.store, engine.streamIndex, accountId, `${BOOK_DAY}T00:00:00.000Z`),
      );
      expect(kept.bytes).toBeLessThanOrEqual(50_000);
    }
  });

  it('folds again from the first event when the index names a commitment late', async () => {
    // An index that names each account's commitments only from its second question on.
    const asked = new Set<string>();
    const lagging: StreamIndex = {
      ...engine.streamIndex,
      streamsOf: async (accountId) => {
        const streams = await engine.streamIndex.streamsOf(accountId);
        if (asked.has(accountId)) return streams;
        asked.add(accountId);
        return streams.filter((streamId) => !streamId.startsWith('supply-'));
      },
    };
    const reads = counting(engine.store);
    const kept = createRiskFolds(reads.store, lagging);
    const at = `${BOOK_DAY}T00:00:00.000Z`;
    let withCommitments = 0;
    let refolded = 0;
    for (const accountId of await engine.streamIndex.accountIds()) {
      // The same month end asked again once the index names the commitments: their events come
      // before the fold's last, so the fold starts again and reads every stream from its start.
      const monthEnd = monthEndAt('2026-01');
      await kept.docOf(accountId, monthEnd);
      const before = reads.read();
      const again = await kept.docOf(accountId, monthEnd);
      // Events of the account's streams, and the last of its own recorded by the month end.
      const events: StoredEvent[] = [];
      for (const streamId of await engine.streamIndex.streamsOf(accountId))
        if (streamId.startsWith('account-') || streamId.startsWith('supply-'))
          events.push(...(await collect(engine.store.readStream(streamId))));
      const folded = events.filter(
        (e) => e.streamId.startsWith('account-') && Date.parse(e.recordedAt) <= Date.parse(monthEnd),
      );
      const foldedTo = folded.at(-1)?.globalPosition ?? 0n;
      if (events.some((e) => e.streamId.startsWith('supply-') && e.globalPosition <= foldedTo)) {
        expect(reads.read() - before).toBeGreaterThanOrEqual(events.length);
        refolded += 1;
      }
      expect(again).toEqual(await foldFromStart(engine.store, engine.streamIndex, accountId, monthEnd));
      const doc = await kept.docOf(accountId, at);
      expect(doc).toEqual(await foldFromStart(engine.store, engine.streamIndex, accountId, at));
      if (Object.keys(doc?.batches ?? {}).length > 0) withCommitments += 1;
    }
    expect(withCommitments).toBeGreaterThan(5);
    expect(refolded).toBeGreaterThan(5);
  });
});

describe('risk folds when the log is not in the order of time', () => {
  let now = '2025-01-02T08:00:00.000Z';
  const store = createMemoryEventStore({ clock: { now: () => now } });
  const handler = createCommandHandler({ store, ids: { uuid }, backoffMs: 1, clock: { now: () => now } });
  const index = projectedStreamIndex(store);

  /** Recorded at `recordedAt`, whatever the command says its own time is. */
  const send = async (accountId: string, type: string, data: Record<string, unknown>, recordedAt: string) => {
    now = recordedAt;
    const outcome = await handler.handle({
      aggregate: 'account',
      aggregateId: accountId,
      command: { type, data } as DomainCommand,
    });
    if (!outcome.ok) throw new Error(`${type}: ${JSON.stringify(outcome.failure)}`);
  };
  const revenue = (accountId: string, period: string, yuan: number, recordedAt: string) =>
    send(
      accountId,
      'RecordRevenue',
      {
        period,
        amount: { amount: yuan * 100, currency: 'CNY' },
        sourceRef: `BILL-${period}`,
        at: `${addPeriods(period, 1)}-01T00:30:00.000Z`,
      },
      recordedAt,
    );
  const register = (accountId: string) => {
    const at = '2025-01-02T08:00:00.000Z';
    return send(
      accountId,
      'RegisterAccount',
      { accountId, name: accountId, industry: 'RETAIL', region: 'North', at },
      at,
    );
  };
  const revenueOf = (doc: unknown) => (doc as { account: { revenue: unknown } } | undefined)?.account.revenue;

  it('leaves out an event recorded after the review, and takes it in at the next', async () => {
    await register('a1');
    // January's bill recorded in March (a clock ahead), then February's in early March.
    await revenue('a1', '2025-01', 100, '2025-03-20T00:00:00.000Z');
    await revenue('a1', '2025-02', 200, '2025-03-01T00:40:00.000Z');
    const kept = createRiskFolds(store, index);
    for (const at of ['2025-03-01T01:00:00.000Z', '2025-02-01T01:00:00.000Z', '2025-04-01T01:00:00.000Z'])
      expect(await kept.docOf('a1', at)).toEqual(await foldFromStart(store, index, 'a1', at));
    expect(revenueOf(await kept.docOf('a1', '2025-03-01T01:00:00.000Z'))).not.toEqual(
      revenueOf(await kept.docOf('a1', '2025-04-01T01:00:00.000Z')),
    );
  });

  it('reads at each month end only the events since the last one', async () => {
    await register('b1');
    const reads = counting(store);
    const kept = createRiskFolds(reads.store, index);
    const perReview: number[] = [];
    for (let month = 0; month < 6; month += 1) {
      const period = addPeriods('2025-01', month);
      await revenue('b1', period, 100 + month, `${addPeriods(period, 1)}-01T00:40:00.000Z`);
      const before = reads.read();
      const doc = await kept.docOf('b1', monthEndAt(period));
      perReview.push(reads.read() - before);
      expect(doc).toEqual(await foldFromStart(store, index, 'b1', monthEndAt(period)));
    }
    // The registration and January's bill, then each month's bill alone.
    expect(perReview).toEqual([2, 1, 1, 1, 1, 1]);
  });
});
