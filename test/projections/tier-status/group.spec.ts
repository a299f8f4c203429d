// The group columns: which group a member's latest month-end evaluation was tiered with and the
// group's combined T12M, so an analyst sees why a member holds a tier its own T12M does not reach.
import { describe, expect, it } from 'vitest';
import { scenario, yuan } from './scenario.js';
import { accountIds, project, query, statusOf } from './serve.js';

/** A member of grp-bank with ¥360,000 of its own, held at B by the group's ¥1,200,000. */
const memberBook = () => {
  const b = scenario();
  const acme = b.account('ACC-1');
  acme.registered('2025-01-06');
  acme.revenueMonths('2025-01', 13, 30_000);
  acme.groupTierChanged('NONE', 'B', '2025-12', 360_000, 'grp-bank', 1_200_000, '2026-01-02');
  acme.groupTierEvaluated('2025-12', 360_000, 'B', 'grp-bank', 1_200_000, '2026-01-02');
  acme.groupTierEvaluated('2026-01', 360_000, 'B', 'grp-bank', 1_260_000, '2026-02-02');
  const solo = b.account('ACC-2');
  solo.registered('2025-01-06');
  solo.tierEvaluated('2026-01', 0, 'NONE', 0, '2026-02-02');
  return { b, acme };
};

describe('tier_status: the group a member is tiered with', () => {
  it("names the group and its combined T12M beside the member's own T12M", () => {
    const { b } = memberBook();
    expect(statusOf(project(b.events), 'ACC-1', '2026-02-10')).toMatchObject({
      tier: 'B',
      t12mAmount: yuan(360_000),
      groupId: 'grp-bank',
      groupT12mAmount: yuan(1_260_000),
    });
  });

  it('stores them in the SQL row as of the latest event', () => {
    const { b } = memberBook();
    expect(project(b.events).rows('tier_status')[0]).toMatchObject({
      account_id: 'ACC-1',
      group_id: 'grp-bank',
      group_t12m_amount: yuan(1_260_000),
    });
  });

  it('shows what the evaluation known on an earlier day said, and nothing before the first', () => {
    const { b } = memberBook();
    const run = project(b.events);
    expect(statusOf(run, 'ACC-1', '2026-01-20')).toMatchObject({
      groupId: 'grp-bank',
      groupT12mAmount: yuan(1_200_000),
    });
    expect(statusOf(run, 'ACC-1', '2025-12-31')).toMatchObject({ groupId: null, groupT12mAmount: null });
  });

  it('clears them from the evaluation after the member left its group', () => {
    const { b, acme } = memberBook();
    acme.tierEvaluated('2026-02', 360_000, 'B', 1, '2026-03-02');
    expect(statusOf(project(b.events), 'ACC-1', '2026-03-10')).toMatchObject({
      groupId: null,
      groupT12mAmount: null,
      belowFloorStreak: 1,
    });
  });

  it('reads an evaluation of the shape before groups as one in no group', () => {
    const { b, acme } = memberBook();
    acme.preGroupTierEvaluated('2026-02', 360_000, 'B', '2026-03-02');
    expect(statusOf(project(b.events), 'ACC-1', '2026-03-10')).toMatchObject({ groupId: null });
  });

  it('filters the members of a group', () => {
    const { b } = memberBook();
    expect(
      accountIds(query(project(b.events), 'tier-status', '2026-02-10', { groupId: 'grp-bank' })),
    ).toEqual(['ACC-1']);
  });

  it('names the group on the tier change it moved, beside the own T12M', () => {
    const { b } = memberBook();
    expect(query(project(b.events), 'tier-changes', '2026-02-10', { accountId: 'ACC-1' })).toEqual([
      expect.objectContaining({
        toTier: 'B',
        t12mAmount: yuan(360_000),
        groupId: 'grp-bank',
        groupT12mAmount: yuan(1_200_000),
      }),
    ]);
  });
});
