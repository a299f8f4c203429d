// The command handler loads what a member's tier evaluation needs: the group the account is in
// (the index names it, the group's stream confirms it) and every member's revenue, each from
// the member's own stream.
import { v4 as uuid } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/memory/event-store.js';
import { createMemorySnapshotStore } from '../../../adapters/memory/snapshot-store.js';
import { addPeriods } from '../../../domain/kernel/index.js';
import type { DomainCommand } from '../../../src/commands/aggregates.js';
import {
  createCommandHandler,
  type CommandHandler,
  type CommandOutcome,
  type CommandRequest,
} from '../../../src/commands/command-handler.js';
import type { EventStore } from '../../../src/ports.js';
import { commands, yuan } from '../../domain/account/builders.js';
import { addMember, registerGroup, removeMember } from '../../domain/group/builders.js';

const AT = '2026-03-02T09:00:00.000Z';
const GROUP = 'grp-bank';

const ok = (outcome: CommandOutcome) => {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.failure)}`);
  return outcome.result;
};
const on = (aggregate: CommandRequest['aggregate'], aggregateId: string, command: DomainCommand) => ({
  aggregate,
  aggregateId,
  command,
});

let store: EventStore;
let handler: CommandHandler;
/** The stream index's pointer from an account to the group it last joined. */
let lastJoined: Map<string, string>;

const send = async (aggregate: CommandRequest['aggregate'], id: string, command: DomainCommand) =>
  ok(await handler.handle(on(aggregate, id, command)));

/** A registered account with a year of `monthly` revenue, March 2025 to February 2026. */
const accountWithYear = async (accountId: string, monthly: number) => {
  await send('account', accountId, commands.register({ accountId, at: AT }));
  for (let i = 0; i < 12; i += 1) {
    await send('account', accountId, commands.recordRevenue(addPeriods('2025-03', i), monthly, 'CNY', AT));
  }
};

const join = async (accountId: string) => {
  await send('group', GROUP, addMember(accountId));
  lastJoined.set(accountId, GROUP);
};

/** The data of the TierEvaluated an EvaluateTier of February 2026 wrote. */
const evaluateFebruary = async (accountId: string) => {
  const result = await send('account', accountId, commands.evaluateTier('2026-02', AT));
  return result.events.find((event) => event.type === 'TierEvaluated')!.data;
};

const createHandler = (withIndex: boolean) =>
  createCommandHandler({
    store,
    snapshots: createMemorySnapshotStore(),
    ids: { uuid },
    ...(withIndex
      ? { groups: { groupOf: (accountId: string) => Promise.resolve(lastJoined.get(accountId)) } }
      : {}),
  });

beforeEach(async () => {
  store = createMemoryEventStore();
  lastJoined = new Map();
  handler = createHandler(true);
  // Alone: a1 ¥360,000 (C), a2 ¥840,000 (C); together ¥1,200,000 (B).
  await accountWithYear('a1', yuan(30_000));
  await accountWithYear('a2', yuan(70_000));
  await send('group', GROUP, registerGroup({ groupId: GROUP }));
});

describe('the facts of a member’s tier evaluation', () => {
  it("loads the account's group and every member's revenue: the member is tiered on the combined T12M", async () => {
    await join('a1');
    await join('a2');
    expect(await evaluateFebruary('a1')).toMatchObject({
      t12m: { amount: yuan(360_000) },
      evaluatedTier: 'B',
      group: { groupId: GROUP, t12m: { amount: yuan(1_200_000), currency: 'CNY' } },
    });
  });

  it("reads each member's latest revenue, also after the member's state was cached", async () => {
    await join('a1');
    await join('a2');
    await evaluateFebruary('a2');
    // a2's February halves after its state was loaded: a1 is evaluated on the new figure.
    await send('account', 'a2', commands.correctRevenue('2026-02', -yuan(35_000), 'CNY', AT));
    expect(await evaluateFebruary('a1')).toMatchObject({
      group: { groupId: GROUP, t12m: { amount: yuan(1_165_000) } },
    });
  });

  it('counts a LOST member while it stays in the group, and no longer once it is removed', async () => {
    await join('a1');
    await join('a2');
    await send('account', 'a2', commands.markLost(undefined, AT));
    expect(await evaluateFebruary('a1')).toMatchObject({
      evaluatedTier: 'B',
      group: { t12m: { amount: yuan(1_200_000) } },
    });
    await send('group', GROUP, removeMember('a2'));
    const march = '2026-04-02T09:00:00.000Z';
    await send('account', 'a1', commands.recordRevenue('2026-03', yuan(30_000), 'CNY', march));
    const result = await send('account', 'a1', commands.evaluateTier('2026-03', march));
    expect(result.events.find((event) => event.type === 'TierEvaluated')!.data).toMatchObject({
      group: { groupId: GROUP, t12m: { amount: yuan(360_000) } },
      // B held: the first month below the threshold on the group's figure.
      evaluatedTier: 'B',
      streak: 1,
    });
  });

  it("trusts the group's stream over an index behind a removal: the former member is tiered alone", async () => {
    await join('a1');
    await join('a2');
    await send('group', GROUP, removeMember('a2'));
    // The index still names the group a2 last joined.
    expect(lastJoined.get('a2')).toBe(GROUP);
    expect(await evaluateFebruary('a2')).toMatchObject({ evaluatedTier: 'C', group: null });
  });

  it('tiers an account in no group on its own revenue, and says so', async () => {
    expect(await evaluateFebruary('a1')).toMatchObject({ evaluatedTier: 'C', group: null });
  });

  it('without a stream index, looks for no group', async () => {
    await join('a1');
    await join('a2');
    handler = createHandler(false);
    expect(await evaluateFebruary('a1')).toMatchObject({ evaluatedTier: 'C', group: null });
  });
});
