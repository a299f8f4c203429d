// The shortage allocation from the streams (#9): each open commitment asks for its need until
// the next resupply, from its stock reports, pipeline and peak, its agreement's lead time and
// its safety days, not for all that remains committed.
import { v4 as uuid } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../../adapters/memory/checkpoint-store.js';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import { createCommandHandler, type CommandHandler } from '../../../src/commands/command-handler.js';
import type { AggregateKind } from '../../../domain/kernel/index.js';
import type { EventStore } from '../../../src/ports.js';
import { createProcessManagers, type ProcessManagers } from '../../../src/consumers/process-managers.js';
import { projectedStreamIndex } from '../../support/projected-stream-index.js';

const AT = '2026-05-04T09:00:00.000Z';

let store: EventStore;
let handler: CommandHandler;
let managers: ProcessManagers;

const send = async (
  aggregate: AggregateKind,
  aggregateId: string,
  type: string,
  data: Record<string, unknown>,
) => {
  const outcome = await handler.handle({
    aggregate,
    aggregateId,
    command: { type, data: { at: AT, ...data } } as DomainCommand,
  });
  if (!outcome.ok) throw new Error(`${type}: ${JSON.stringify(outcome.failure)}`);
};

interface Line {
  readonly tier: 'A' | 'B' | 'C';
  readonly leadTimeDays: number;
  readonly safetyDays: number;
  readonly committedQty: number;
  /** Units sold a day over the fortnight before the shortage. */
  readonly dailySales?: number;
  /** On hand as reported on the day of the shortage. */
  readonly onHand?: number;
  /** A batch scheduled and not yet delivered. */
  readonly pipeline?: number;
}

/** An account of `tier` with an active agreement and one commitment of SKU-ROUTER, its id. */
const line = async (id: string, l: Line) => {
  await send('account', id, 'RegisterAccount', {
    accountId: id,
    name: id,
    industry: 'RETAIL',
    region: 'North',
  });
  await send('account', id, 'AssignAccountManager', { managerId: 'm-1', effectiveFrom: '2026-04-01' });
  await send('account', id, 'OverrideTier', {
    tier: l.tier,
    reason: 'strategic',
    approvedBy: 'director-1',
    expiresOn: '2026-10-31',
  });
  const agreementId = `${id}-g`;
  await send('agreement', agreementId, 'DraftAgreement', {
    agreementId,
    accountId: id,
    validity: { from: '2026-04-01', to: '2027-03-31' },
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: l.leadTimeDays },
    priceExpectations: {},
  });
  await send('agreement', agreementId, 'ActivateAgreement', { signedBy: 'Chen Wei', signedOn: '2026-04-01' });
  await send('supply', id, 'CreateCommitment', {
    commitmentId: id,
    accountId: id,
    agreementId,
    sku: 'SKU-ROUTER',
    window: { from: '2026-04-01', to: '2026-12-31' },
    committedQty: l.committedQty,
    safetyDays: l.safetyDays,
  });
  if (l.dailySales !== undefined) {
    await send('supply', id, 'ReportStockPosition', { asOf: '2026-04-20', onHand: 0, soldSinceLast: 0 });
    await send('supply', id, 'ReportStockPosition', {
      asOf: '2026-05-04',
      onHand: l.onHand ?? 0,
      soldSinceLast: l.dailySales * 14,
    });
  }
  if (l.pipeline !== undefined) {
    await send('supply', id, 'ScheduleBatch', { batchId: `${id}-b1`, eta: '2026-05-20', qty: l.pipeline });
  }
};

const allocationsOf = async (available: number) => {
  const summary = await managers.allocateShortage({
    shortageId: 'short-1',
    sku: 'SKU-ROUTER',
    available,
    at: AT,
  });
  return Object.fromEntries(summary.allocations.map((a) => [a.commitmentId, [a.requested, a.allocated]]));
};

beforeEach(() => {
  store = createMemoryEventStore();
  handler = createCommandHandler({ store, ids: { uuid }, backoffMs: 1 });
  managers = createProcessManagers({
    store,
    handler,
    index: projectedStreamIndex(store),
    checkpoints: createMemoryCheckpointStore(),
    waitForIndex: async () => true,
  });
});

describe('shortage allocation by need (#9)', () => {
  it('leaves an A account holding months of stock out, and serves B in full and C with the rest', async () => {
    // A: 5 000 committed, 10 a day, 2 000 on the shelf: 210 units cover lead time + safety days.
    await line('a', {
      tier: 'A',
      leadTimeDays: 7,
      safetyDays: 14,
      committedQty: 5000,
      dailySales: 10,
      onHand: 2000,
    });
    // B: 40 a day × 17 days − 80 on hand = 600; 20 a day × 17 − 140 = 200.
    await line('b1', {
      tier: 'B',
      leadTimeDays: 7,
      safetyDays: 10,
      committedQty: 3000,
      dailySales: 40,
      onHand: 80,
    });
    await line('b2', {
      tier: 'B',
      leadTimeDays: 7,
      safetyDays: 10,
      committedQty: 3000,
      dailySales: 20,
      onHand: 140,
    });
    // C: a 14-day lead time from its agreement: 30 a day × 21 days − 10 on hand = 620.
    await line('c', {
      tier: 'C',
      leadTimeDays: 14,
      safetyDays: 7,
      committedQty: 3000,
      dailySales: 30,
      onHand: 10,
    });
    expect(await allocationsOf(1000)).toEqual({ b1: [600, 600], b2: [200, 200], c: [620, 200] });
  });

  it('subtracts the pipeline from the need', async () => {
    await line('b1', {
      tier: 'B',
      leadTimeDays: 7,
      safetyDays: 10,
      committedQty: 3000,
      dailySales: 40,
      onHand: 80,
      pipeline: 500,
    });
    expect(await allocationsOf(1000)).toEqual({ b1: [100, 100] });
  });

  it('asks for all that can still be allocated when a commitment has too few reports to tell its sales', async () => {
    await line('a', { tier: 'A', leadTimeDays: 7, safetyDays: 14, committedQty: 400 });
    expect(await allocationsOf(1000)).toEqual({ a: [400, 400] });
  });

  it('asks no more than is left once an earlier shortage took its share', async () => {
    await line('b1', {
      tier: 'B',
      leadTimeDays: 7,
      safetyDays: 10,
      committedQty: 700,
      dailySales: 40,
      onHand: 80,
    });
    await managers.allocateShortage({ shortageId: 'short-0', sku: 'SKU-ROUTER', available: 500, at: AT });
    // 700 committed − 500 allocated by short-0 and not delivered: 200 left of a 600 need.
    expect(await allocationsOf(1000)).toEqual({ b1: [200, 200] });
  });

  it('counts what was delivered after the latest report as on hand', async () => {
    // Given B, 40 a day, 80 on the shelf on 1 May and 300 delivered on 3 May
    await line('b1', { tier: 'B', leadTimeDays: 7, safetyDays: 10, committedQty: 3000 });
    await send('supply', 'b1', 'ReportStockPosition', { asOf: '2026-04-20', onHand: 0, soldSinceLast: 0 });
    await send('supply', 'b1', 'ReportStockPosition', { asOf: '2026-05-01', onHand: 80, soldSinceLast: 440 });
    await send('supply', 'b1', 'ScheduleBatch', { batchId: 'b1-b1', eta: '2026-05-03', qty: 300 });
    await send('supply', 'b1', 'RecordBatchShipped', { batchId: 'b1-b1', qty: 300 });
    await send('supply', 'b1', 'RecordBatchDelivered', {
      batchId: 'b1-b1',
      qty: 300,
      at: '2026-05-03T15:00:00.000Z',
    });
    // When a shortage strikes on 4 May
    // Then its need is 40 × 17 days − (max(0, 80 − 40 × 3) + 300 delivered since the report) = 380
    expect(await allocationsOf(1000)).toEqual({ b1: [380, 380] });
  });
});
