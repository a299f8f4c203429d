// The FlagAtRisk process at work: at a month end it flags an ACTIVE account whose early-warning
// score crossed the threshold since the previous month end, once: a rerun, a restart (new
// process managers on the same store) or a later month above the threshold flags nothing more.
import { v4 as uuid } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../../adapters/memory/checkpoint-store.js';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { addPeriods, POLICY_V1, type Policy } from '../../../domain/kernel/index.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import { createCommandHandler, type CommandHandler } from '../../../src/commands/command-handler.js';
import { createProcessManagers } from '../../../src/consumers/process-managers.js';
import type { EventStore } from '../../../src/ports.js';
import { collect } from '../../contracts/event-store.contract.js';
import { projectedStreamIndex } from '../../support/projected-stream-index.js';

let now = '2025-01-02T08:00:00.000Z';
let store: EventStore;
let handler: CommandHandler;

/** The store records each event at the command's time, as a book written day by day would. */
const send = async (accountId: string, type: string, data: Record<string, unknown> & { at: string }) => {
  now = data.at;
  const outcome = await handler.handle({
    aggregate: 'account',
    aggregateId: accountId,
    command: { type, data } as DomainCommand,
  });
  if (!outcome.ok) throw new Error(`${type}: ${JSON.stringify(outcome.failure)}`);
};

const managers = (policy?: Policy) =>
  createProcessManagers({
    store,
    handler,
    index: projectedStreamIndex(store),
    checkpoints: createMemoryCheckpointStore(),
    waitForIndex: async () => true,
    ...(policy === undefined ? {} : { policy }),
  });

const revenue = (accountId: string, period: string, yuan: number) =>
  send(accountId, 'RecordRevenue', {
    period,
    amount: { amount: yuan * 100, currency: 'CNY' },
    sourceRef: `BILL-${period}`,
    at: `${addPeriods(period, 1)}-01T00:30:00.000Z`,
  });

/** Steady from 2025-01 to 2026-03, then down 60 % from April 2026 on. */
const decliningAccount = async (accountId: string) => {
  await send(accountId, 'RegisterAccount', {
    accountId,
    name: `Account ${accountId}`,
    industry: 'RETAIL',
    region: 'North',
    at: '2025-01-02T08:00:00.000Z',
  });
  await send(accountId, 'AssignAccountManager', {
    managerId: 'mgr-1',
    effectiveFrom: '2025-01-02',
    at: '2025-01-02T09:00:00.000Z',
  });
  for (let i = 0; i < 15; i += 1) await revenue(accountId, addPeriods('2025-01', i), 100_000);
  for (let i = 0; i < 3; i += 1) await revenue(accountId, addPeriods('2026-04', i), 40_000);
};

const monthEndAt = (period: string) => `${addPeriods(period, 1)}-01T01:00:00.000Z`;

const flags = async (accountId: string) =>
  (await collect(store.readStream(`account-${accountId}`))).filter((e) => e.type === 'AccountFlaggedAtRisk');

beforeEach(() => {
  now = '2025-01-02T08:00:00.000Z';
  store = createMemoryEventStore({ clock: { now: () => now } });
  handler = createCommandHandler({ store, ids: { uuid }, backoffMs: 1, clock: { now: () => now } });
});

describe('FlagAtRisk at the month end', () => {
  it('flags the account the month end its score crosses the threshold, with the score, reasons and policy', async () => {
    await decliningAccount('a1');
    // June 1st: March, April and May against a year before, down 40 %: 24 points, under 35.
    now = monthEndAt('2026-05');
    expect(await managers().reviewRisk('2026-05', monthEndAt('2026-05'))).toMatchObject({ accepted: 0 });
    expect(await flags('a1')).toHaveLength(0);
    // A complaint in June; July 1st: the whole quarter down 60 % (30 points) and feedback of 1 (10).
    await send('a1', 'RecordFeedback', {
      score: 1,
      aboutManagerId: 'mgr-1',
      comment: '',
      at: '2026-06-15T10:00:00.000Z',
    });
    now = monthEndAt('2026-06');
    expect(await managers().reviewRisk('2026-06', monthEndAt('2026-06'))).toMatchObject({
      accepted: 1,
      rejected: 0,
    });
    const [flag] = await flags('a1');
    expect(flag!.data).toMatchObject({
      accountId: 'a1',
      risk: { score: 40, reasons: ['REVENUE_TREND 30/30', 'FEEDBACK 10/10'], policyVersion: 'v2' },
      at: monthEndAt('2026-06'),
    });
    expect(flag!.metadata).toMatchObject({
      actor: 'process:flag-at-risk',
      commandId: 'flag-at-risk:2026-06:a1',
    });
  });

  it('flags once per crossing: not on a rerun, a restart, nor a later month still above the threshold', async () => {
    await decliningAccount('a1');
    await send('a1', 'RecordFeedback', {
      score: 1,
      aboutManagerId: 'mgr-1',
      comment: '',
      at: '2026-06-15T10:00:00.000Z',
    });
    now = monthEndAt('2026-06');
    // The month end answers the flags it raised; run again, it flags nothing again.
    expect(await managers().runMonthEnd('2026-06', monthEndAt('2026-06'))).toMatchObject({
      flaggedAtRisk: 1,
    });
    // The same month end again, by the same process managers and by new ones (a restart).
    const first = managers();
    await first.reviewRisk('2026-06', monthEndAt('2026-06'));
    expect(await managers().runMonthEnd('2026-06', monthEndAt('2026-06'))).toMatchObject({
      flaggedAtRisk: 0,
    });
    expect(await flags('a1')).toHaveLength(1);
    // Reactivated by a director while still above the threshold: no new crossing, no new flag.
    await send('a1', 'Reactivate', { approvedBy: 'dir-1', at: '2026-07-10T10:00:00.000Z' });
    await revenue('a1', '2026-07', 40_000);
    now = monthEndAt('2026-07');
    expect(await managers().reviewRisk('2026-07', monthEndAt('2026-07'))).toMatchObject({ accepted: 0 });
    expect(await flags('a1')).toHaveLength(1);
  });

  it('flags nothing under a policy that scores no risk (v1)', async () => {
    await decliningAccount('a1');
    now = monthEndAt('2026-06');
    expect(await managers(POLICY_V1).reviewRisk('2026-06', monthEndAt('2026-06'))).toEqual({
      accepted: 0,
      rejected: 0,
      codes: {},
    });
    expect(await flags('a1')).toHaveLength(0);
  });

  it('does not flag a LOST account, whatever its score', async () => {
    await decliningAccount('a1');
    await send('a1', 'RecordFeedback', {
      score: 1,
      aboutManagerId: 'mgr-1',
      comment: '',
      at: '2026-06-15T10:00:00.000Z',
    });
    await send('a1', 'MarkLost', { reason: 'moved to a competitor', at: '2026-06-20T10:00:00.000Z' });
    now = monthEndAt('2026-06');
    expect(await managers().reviewRisk('2026-06', monthEndAt('2026-06'))).toMatchObject({ accepted: 0 });
    expect(await flags('a1')).toHaveLength(0);
  });
});
