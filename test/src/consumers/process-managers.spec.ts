import { v4 as uuid } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../../adapters/memory/checkpoint-store.js';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import { createCommandHandler, type CommandHandler } from '../../../src/commands/command-handler.js';
import type { AggregateKind } from '../../../domain/kernel/index.js';
import type { CheckpointStore, EventStore } from '../../../src/ports.js';
import { createProcessManagers, type ProcessManagers } from '../../../src/consumers/process-managers.js';
import { collect } from '../../contracts/event-store.contract.js';
import { projectedStreamIndex } from '../../support/projected-stream-index.js';

const AT = '2026-05-04T09:00:00.000Z';

let store: EventStore;
let handler: CommandHandler;
let checkpoints: CheckpointStore;
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
  return outcome.result;
};

const newManagers = () =>
  createProcessManagers({
    store,
    handler,
    index: projectedStreamIndex(store),
    checkpoints,
    waitForIndex: async () => true,
  });

/** An active account with an active agreement, optionally with an overridden tier. */
const activeAccount = async (accountId: string, tier?: 'A' | 'B' | 'C') => {
  await send('account', accountId, 'RegisterAccount', {
    accountId,
    name: `Account ${accountId}`,
    industry: 'RETAIL',
    region: 'North',
  });
  await send('account', accountId, 'AssignAccountManager', { managerId: 'm-1', effectiveFrom: '2026-05-01' });
  if (tier !== undefined) {
    await send('account', accountId, 'OverrideTier', {
      tier,
      reason: 'strategic',
      approvedBy: 'director-1',
      expiresOn: '2026-10-31',
    });
  }
  const agreementId = `${accountId}-g`;
  await send('agreement', agreementId, 'DraftAgreement', {
    agreementId,
    accountId,
    validity: { from: '2026-05-01', to: '2027-04-30' },
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 7 },
    priceExpectations: {},
  });
  await send('agreement', agreementId, 'ActivateAgreement', { signedBy: 'Chen Wei', signedOn: '2026-05-03' });
  return agreementId;
};

const commitment = async (
  accountId: string,
  agreementId: string,
  commitmentId: string,
  committedQty: number,
) =>
  send('supply', commitmentId, 'CreateCommitment', {
    commitmentId,
    accountId,
    agreementId,
    sku: 'SKU-ROUTER',
    window: { from: '2026-06-01', to: '2026-12-31' },
    committedQty,
  });

const types = async (streamId: string) => (await collect(store.readStream(streamId))).map((e) => e.type);

const eventually = async (check: () => Promise<void>, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
};

beforeEach(() => {
  store = createMemoryEventStore();
  handler = createCommandHandler({ store, ids: { uuid }, backoffMs: 1 });
  checkpoints = createMemoryCheckpointStore();
  managers = newManagers();
});
afterEach(async () => {
  await managers.stop();
});

describe('account lost', () => {
  it("terminates the account's agreements and closes its commitments, once even when redelivered", async () => {
    const agreementId = await activeAccount('a1');
    await commitment('a1', agreementId, 's1', 500);
    await activeAccount('a2');
    managers.start();
    await send('account', 'a1', 'MarkLost', { reason: 'moved to a competitor' });
    await eventually(async () => {
      expect(await types(`agreement-${agreementId}`)).toContain('AgreementTerminated');
      expect(await types('supply-s1')).toContain('CommitmentClosed');
    });
    const [terminated] = (await collect(store.readStream(`agreement-${agreementId}`))).filter(
      (e) => e.type === 'AgreementTerminated',
    );
    expect(terminated?.metadata).toMatchObject({ actor: 'process:account-lost' });
    expect(terminated?.metadata.causationId).toBe(
      (await collect(store.readStream('account-a1'))).find((e) => e.type === 'AccountLost')?.eventId,
    );
    expect(await types('agreement-a2-g')).not.toContain('AgreementTerminated');

    // A restart that lost its checkpoint sees AccountLost again: nothing is written twice.
    await managers.stop();
    const head = await store.headPosition();
    checkpoints = createMemoryCheckpointStore();
    managers = newManagers();
    managers.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await store.headPosition()).toBe(head);
  });

  it('resumes from its checkpoint after a restart', async () => {
    const agreementId = await activeAccount('a1');
    managers.start();
    await send('account', 'a1', 'MarkLost', { reason: 'closed its business' });
    await eventually(async () =>
      expect(await types(`agreement-${agreementId}`)).toContain('AgreementTerminated'),
    );
    await managers.stop();
    const saved = await checkpoints.load('process:account-lost');
    expect(saved).toBeDefined();
    const second = await activeAccount('b1');
    managers = newManagers();
    managers.start();
    await send('account', 'b1', 'MarkLost', { reason: 'merged' });
    await eventually(async () => expect(await types(`agreement-${second}`)).toContain('AgreementTerminated'));
    expect((await checkpoints.load('process:account-lost'))! > saved!).toBe(true);
  });

  it('starts after the position a loader says it handled itself, and reacts to what follows', async () => {
    const before = await activeAccount('a1');
    await send('account', 'a1', 'MarkLost', { reason: 'moved to a competitor' });
    // A loader (the demo) ran the process for a1 itself, or chose to: the reactor leaves it.
    await managers.handledUpTo(await store.headPosition());
    const after = await activeAccount('b1');
    managers.start();
    await send('account', 'b1', 'MarkLost', { reason: 'merged' });
    await eventually(async () => expect(await types(`agreement-${after}`)).toContain('AgreementTerminated'));
    expect(await types(`agreement-${before}`)).not.toContain('AgreementTerminated');
  });
});

describe('month end', () => {
  it("evaluates every account's tier once per month, a rerun writing nothing", async () => {
    await activeAccount('big');
    await activeAccount('small');
    for (const period of ['2026-01', '2026-02', '2026-03', '2026-04']) {
      await send('account', 'big', 'RecordRevenue', {
        period,
        amount: { amount: 30_000_000, currency: 'CNY' },
        sourceRef: `ERP-${period}`,
      });
    }
    const summary = await managers.runMonthEnd('2026-04', AT);
    expect(summary).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await types('account-big')).toContain('TierChanged');
    const head = await store.headPosition();
    expect(await managers.runMonthEnd('2026-04', AT)).toMatchObject({ accepted: 2 });
    expect(await store.headPosition()).toBe(head);
  });

  it('records the evaluation of every account, also one whose tier does not move', async () => {
    await activeAccount('quiet');
    expect(await managers.runMonthEnd('2026-04', AT)).toMatchObject({ accepted: 1, rejected: 0 });
    const evaluated = (await collect(store.readStream('account-quiet'))).filter(
      (e) => e.type === 'TierEvaluated',
    );
    expect(evaluated.map((e) => e.data)).toEqual([
      expect.objectContaining({
        period: '2026-04',
        evaluatedTier: 'NONE',
        streak: 0,
        rule: 'INSUFFICIENT_HISTORY',
      }),
    ]);
  });

  it('succeeds when retried after the account has moved on by many events, writing nothing', async () => {
    await activeAccount('busy');
    expect(await managers.runMonthEnd('2026-04', AT)).toMatchObject({ accepted: 1, rejected: 0 });
    // More events than the command handler keeps ids of: the repeat is not found among the latest.
    for (let i = 0; i < 70; i++) {
      await send('account', 'busy', 'RecordFeedback', {
        score: 4,
        aboutManagerId: 'm-1',
        comment: `visit ${i}`,
      });
    }
    const head = await store.headPosition();
    expect(await managers.runMonthEnd('2026-04', AT)).toMatchObject({ accepted: 1, rejected: 0, codes: {} });
    expect(await store.headPosition()).toBe(head);
  });

  it('still refuses a month end older than the last one evaluated', async () => {
    await activeAccount('late');
    await managers.runMonthEnd('2026-04', AT);
    expect(await managers.runMonthEnd('2026-03', AT)).toMatchObject({
      accepted: 0,
      rejected: 1,
      codes: { PERIOD_ALREADY_EVALUATED: 1 },
    });
  });

  it("tiers every member of a group on the group's combined T12M, each evaluation naming the group", async () => {
    // The stream index's pointer to the group an account last joined (its own spec covers it).
    const lastJoined = new Map<string, string>();
    handler = createCommandHandler({
      store,
      ids: { uuid },
      backoffMs: 1,
      groups: { groupOf: (accountId) => Promise.resolve(lastJoined.get(accountId)) },
    });
    managers = newManagers();
    await activeAccount('hq');
    await activeAccount('branch');
    // hq ¥230,000 a month (annualised ¥2.76M: B alone), branch ¥30,000 (¥360,000: C alone): A together.
    for (const [accountId, amount] of [
      ['hq', 23_000_000],
      ['branch', 3_000_000],
    ] as const) {
      for (const period of ['2026-01', '2026-02', '2026-03', '2026-04']) {
        await send('account', accountId, 'RecordRevenue', {
          period,
          amount: { amount, currency: 'CNY' },
          sourceRef: `ERP-${period}`,
        });
      }
    }
    await send('group', 'grp-1', 'RegisterGroup', {
      groupId: 'grp-1',
      name: 'Bank of the East',
      industry: 'FINANCE',
      headquartersRegion: 'East',
    });
    for (const accountId of ['hq', 'branch']) {
      await send('group', 'grp-1', 'AddMember', { accountId });
      lastJoined.set(accountId, 'grp-1');
    }
    expect(await managers.runMonthEnd('2026-04', AT)).toMatchObject({ accepted: 2, rejected: 0 });
    for (const accountId of ['hq', 'branch']) {
      const evaluated = (await collect(store.readStream(`account-${accountId}`))).filter(
        (e) => e.type === 'TierEvaluated',
      );
      expect(evaluated.map((e) => e.data)).toEqual([
        expect.objectContaining({
          evaluatedTier: 'A',
          group: { groupId: 'grp-1', t12m: { amount: 312_000_000, currency: 'CNY' } },
        }),
      ]);
    }
  });

  it('counts a lost account whose tier is frozen as rejected', async () => {
    await activeAccount('gone');
    await send('account', 'gone', 'MarkLost', { reason: 'gone' });
    expect(await managers.runMonthEnd('2026-04', AT)).toMatchObject({
      accepted: 0,
      rejected: 1,
      codes: { ACCOUNT_LOST: 1 },
    });
  });
});

describe('shortage allocation', () => {
  it('fills A commitments first, then B pro rata, then C, from the streams', async () => {
    await commitment('a', await activeAccount('a', 'A'), 'sa', 300);
    await commitment('b1', await activeAccount('b1', 'B'), 'sb1', 300);
    await commitment('b2', await activeAccount('b2', 'B'), 'sb2', 100);
    await commitment('c', await activeAccount('c', 'C'), 'sc', 200);
    const summary = await managers.allocateShortage({
      shortageId: 'short-1',
      sku: 'SKU-ROUTER',
      available: 500,
      at: AT,
    });
    expect(Object.fromEntries(summary.allocations.map((a) => [a.commitmentId, a.allocated]))).toEqual({
      sa: 300,
      sb1: 150,
      sb2: 50,
      sc: 0,
    });
    expect(summary.accepted).toBe(4);
    const [allocated] = (await collect(store.readStream('supply-sb1'))).filter(
      (e) => e.type === 'SupplyAllocated',
    );
    expect(allocated?.data).toMatchObject({
      shortageId: 'short-1',
      requested: 300,
      allocated: 150,
      fillRatioBp: 5000,
    });
    // The same shortage again: the same command ids, nothing new.
    const head = await store.headPosition();
    await managers.allocateShortage({ shortageId: 'short-1', sku: 'SKU-ROUTER', available: 500, at: AT });
    expect(await store.headPosition()).toBe(head);
  });

  it('leaves closed commitments out', async () => {
    const agreementId = await activeAccount('a', 'A');
    await commitment('a', agreementId, 'open', 100);
    await commitment('a', agreementId, 'closed', 100);
    await send('supply', 'closed', 'CloseCommitment', { reason: 'window renegotiated' });
    const summary = await managers.allocateShortage({
      shortageId: 's2',
      sku: 'SKU-ROUTER',
      available: 50,
      at: AT,
    });
    expect(summary.allocations).toEqual([{ commitmentId: 'open', requested: 100, allocated: 50 }]);
  });
});
