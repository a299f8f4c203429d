// The groups read model: given account and group events → the group's row as of a day
// (members then, combined T12M, tier, lead manager, sponsor, sponsor gap) and its filters.
import { describe, expect, it } from 'vitest';
import type { AccountRegistered, RevenueCorrected, RevenueRecorded } from '../../../domain/account/index.js';
import type { GroupEvent } from '../../../domain/group/index.js';
import { addPeriods, POLICY_V1, type IsoDate, type Period } from '../../../domain/kernel/index.js';
import { GROUPS, projection, readModels } from '../../../projections/group/index.js';
import { memberLink } from '../../../projections/group/tables.js';
import type { PresentedRow } from '../../../projections/read-model.js';
import { eventLog, runProjection, type ProjectionRun } from '../../support/projection-harness.js';

const at = (day: IsoDate): string => `${day}T09:00:00.000Z`;
const yuan = (n: number): number => n * 100;
const model = readModels.find((m) => m.name === 'groups')!;

const book = () => {
  const log = eventLog();
  const account = (accountId: string, region: string, day = '2025-01-02') => {
    const registered: AccountRegistered = {
      type: 'AccountRegistered',
      data: { accountId, name: `Branch ${accountId}`, industry: 'FINANCE', region, at: at(day) },
    };
    log.add(`account-${accountId}`, registered);
    return {
      /** `count` closed months of `yuanAmount` each from `from`, each recorded on the 3rd of the next month. */
      revenue: (from: Period, count: number, yuanAmount: number) => {
        for (let i = 0; i < count; i += 1) {
          const period = addPeriods(from, i);
          const recorded: RevenueRecorded = {
            type: 'RevenueRecorded',
            data: {
              accountId,
              period,
              amount: { amount: yuan(yuanAmount), currency: 'CNY' },
              sourceRef: `ERP-${period}`,
              at: at(`${addPeriods(period, 1)}-03`),
            },
          };
          log.add(`account-${accountId}`, recorded);
        }
      },
      corrected: (period: Period, correctedYuan: number, day: IsoDate) => {
        const corrected: RevenueCorrected = {
          type: 'RevenueCorrected',
          data: {
            accountId,
            period,
            delta: { amount: 0, currency: 'CNY' },
            reason: 'billing error',
            correctedAmount: { amount: yuan(correctedYuan), currency: 'CNY' },
            at: at(day),
          },
        };
        log.add(`account-${accountId}`, corrected);
      },
    };
  };
  const group = (groupId: string, day = '2025-01-05') => {
    const add = (event: GroupEvent) => log.add(`group-${groupId}`, event);
    add({
      type: 'GroupRegistered',
      data: {
        groupId,
        name: `Group ${groupId}`,
        industry: 'FINANCE',
        headquartersRegion: 'Shanghai',
        at: at(day),
      },
    });
    return {
      added: (accountId: string, on: IsoDate) =>
        add({ type: 'GroupMemberAdded', data: { groupId, accountId, at: at(on) } }),
      removed: (accountId: string, on: IsoDate) =>
        add({ type: 'GroupMemberRemoved', data: { groupId, accountId, reason: 'sold', at: at(on) } }),
      manager: (next: string, on: IsoDate, previous: string | null = null) =>
        add({ type: 'GroupManagerAssigned', data: { groupId, previous, next, at: at(on) } }),
      sponsor: (next: string, on: IsoDate) =>
        add({ type: 'ExecutiveSponsorSet', data: { groupId, previous: null, next, at: at(on) } }),
    };
  };
  return { account, group, run: (): ProjectionRun => runProjection(projection, log.events) };
};

const rowOf = (run: ProjectionRun, groupId: string, asOf: IsoDate): PresentedRow =>
  model.present(run.doc(GROUPS, groupId) as never, { asOf, policy: POLICY_V1 });

/** The group ids a query answers, as the query layer serves it: SQL columns first, then the presented row. */
const query = (run: ProjectionRun, asOf: IsoDate, params: Readonly<Record<string, string>>): unknown[] => {
  const filters = Object.entries(params).map(([param, value]) => ({
    filter: model.filters.find((f) => f.param === param)!,
    value,
  }));
  const context = { asOf, policy: POLICY_V1 };
  return run
    .rows(GROUPS)
    .filter((row) =>
      filters.every(
        ({ filter, value }) => filter.column === undefined || String(row[filter.column.name]) === value,
      ),
    )
    .map((row) => model.present(run.doc(GROUPS, String(row['group_id'])) as never, context))
    .filter((row) => filters.every(({ filter, value }) => filter.matches?.(row, value, context) ?? true))
    .map((row) => row['groupId']);
};

/** Bank of the East: a Shanghai branch of ¥2.4M a year and a Beijing one of ¥1.2M, both members. */
const bankOfTheEast = () => {
  const b = book();
  b.account('boe-sh', 'Shanghai').revenue('2025-01', 12, 200_000);
  b.account('boe-bj', 'Beijing').revenue('2025-01', 12, 100_000);
  const boe = b.group('boe');
  boe.added('boe-sh', '2025-02-01');
  boe.added('boe-bj', '2025-02-01');
  boe.manager('mgr-lead', '2025-02-01');
  return { ...b, boe };
};

describe('groups', () => {
  it('sums the members’ T12M and grades the group on it: two B-size branches make a tier-A group', () => {
    const row = rowOf(bankOfTheEast().run(), 'boe', '2026-01-15');
    expect(row).toMatchObject({
      groupId: 'boe',
      industry: 'FINANCE',
      headquartersRegion: 'Shanghai',
      managerId: 'mgr-lead',
      executiveSponsorId: null,
      memberIds: ['boe-sh', 'boe-bj'],
      memberCount: 2,
      memberRegions: ['Beijing', 'Shanghai'],
      t12mPeriod: '2025-12',
      t12mAmount: yuan(3_600_000),
      currency: 'CNY',
      tier: 'A',
    });
  });

  it('annualises each member’s partial year as its own evaluation does', () => {
    const b = book();
    b.account('new-1', 'Wuhan').revenue('2025-07', 6, 100_000);
    b.group('g').added('new-1', '2025-07-01');
    // 6 months of ¥100k → ¥1.2M a year.
    expect(rowOf(b.run(), 'g', '2026-01-15')['t12mAmount']).toBe(yuan(1_200_000));
  });

  it('counts a member’s revenue from before it joined, and what is recorded or corrected after', () => {
    const b = book();
    const late = b.account('late', 'Chengdu');
    late.revenue('2025-01', 6, 100_000);
    b.group('g').added('late', '2025-07-10');
    late.revenue('2025-07', 6, 100_000);
    late.corrected('2025-12', 400_000, '2026-01-10');
    expect(rowOf(b.run(), 'g', '2026-01-15')['t12mAmount']).toBe(yuan(1_500_000));
  });

  it('takes the members of the day: a member removed counts before it left, not after', () => {
    const b = bankOfTheEast();
    b.boe.removed('boe-bj', '2026-01-20');
    const run = b.run();
    expect(rowOf(run, 'boe', '2026-01-15')).toMatchObject({ memberCount: 2, t12mAmount: yuan(3_600_000) });
    expect(rowOf(run, 'boe', '2026-01-25')).toMatchObject({
      memberIds: ['boe-sh'],
      t12mAmount: yuan(2_400_000),
      tier: 'B',
    });
  });

  it('flags a tier-A group without an executive sponsor, and not once it has one', () => {
    const b = bankOfTheEast();
    expect(rowOf(b.run(), 'boe', '2026-01-15')['sponsorGap']).toBe(true);
    b.boe.sponsor('vp-wang', '2026-01-16');
    expect(rowOf(b.run(), 'boe', '2026-01-20')).toMatchObject({
      sponsorGap: false,
      executiveSponsorId: 'vp-wang',
    });
  });

  it('never flags a group below tier A for its sponsor', () => {
    const b = book();
    b.account('small', 'Xi’an').revenue('2025-01', 12, 20_000);
    b.group('g').added('small', '2025-02-01');
    expect(rowOf(b.run(), 'g', '2026-01-15')).toMatchObject({ tier: 'C', sponsorGap: false });
  });

  it('lists the sponsor gap, the group of an account, a tier and a lead manager’s groups', () => {
    const b = bankOfTheEast();
    b.account('small', 'Xi’an').revenue('2025-01', 12, 10_000);
    const small = b.group('small-grp');
    small.added('small', '2025-02-01');
    small.manager('mgr-2', '2025-02-01');
    const run = b.run();
    expect(query(run, '2026-01-15', { sponsorGap: 'true' })).toEqual(['boe']);
    expect(query(run, '2026-01-15', { sponsorGap: 'false' })).toEqual(['small-grp']);
    expect(query(run, '2026-01-15', { accountId: 'small' })).toEqual(['small-grp']);
    expect(query(run, '2026-01-15', { tier: 'A' })).toEqual(['boe']);
    expect(query(run, '2026-01-15', { managerId: 'mgr-2' })).toEqual(['small-grp']);
  });

  it('keeps the plain columns as of the group’s latest event, for SQL sorts and filters', () => {
    const b = bankOfTheEast();
    b.boe.sponsor('vp-wang', '2026-01-10');
    const [row] = b
      .run()
      .rows(GROUPS)
      .filter((r) => r['group_id'] === 'boe');
    // As of 2026-01-10: T12M runs to 2025-12.
    expect(row).toMatchObject({
      t12m_period: '2025-12',
      t12m_amount: yuan(3_600_000),
      tier: 'A',
      sponsor_gap: 0,
      member_count: 2,
      member_ids: '["boe-sh","boe-bj"]',
    });
  });

  it('keeps the row current as of a later day: the columns a page for that day sorts and filters by', () => {
    const b = bankOfTheEast();
    b.boe.removed('boe-bj', '2026-01-20');
    const run = b.run();
    const groups = projection.collections[GROUPS]!;
    const doc = run.doc(GROUPS, 'boe') as never;
    // Written as of the latest event's day, not current as of any.
    expect(run.rows(GROUPS)[0]).toMatchObject({ member_count: 1, tier: 'B', current_as: null });
    // Before the removal two members (tier A, no sponsor); after it one; by July half of the
    // Shanghai branch's year (2025) has left the window: T12M, count, tier and gap move with the day.
    for (const day of ['2026-01-15', '2026-01-25', '2026-07-01'] as const) {
      const row = groups.current!(doc, day, POLICY_V1);
      const presented = model.present(doc, { asOf: day, policy: POLICY_V1 });
      expect(row, day).toMatchObject({
        current_as: `${day}/${POLICY_V1.version}`,
        t12m_amount: presented['t12mAmount'],
        member_count: presented['memberCount'],
        tier: presented['tier'],
        sponsor_gap: presented['sponsorGap'] === true ? 1 : 0,
      });
    }
    expect(groups.current!(doc, '2026-01-15', POLICY_V1)).toMatchObject({ tier: 'A', sponsor_gap: 1 });
    expect(groups.current!(doc, '2026-07-01', POLICY_V1)).toMatchObject({
      member_count: 1,
      t12m_amount: yuan(1_200_000),
      tier: 'B',
    });
  });

  it('serves today’s T12M, member count, tier and sponsor gap from the columns kept current, the id and name from plain ones', () => {
    expect(model.sortColumns).toEqual({ groupId: 'group_id', name: 'name' });
    expect(model.currentSortColumns).toEqual({ t12mAmount: 't12m_amount', memberCount: 'member_count' });
    const filter = (param: string) => model.filters.find((f) => f.param === param)!;
    expect(filter('tier').currentColumn).toBe('tier');
    expect(filter('sponsorGap').currentColumn).toBe('sponsor_gap');
    // The members are a JSON array: no column selects an account's group, the stays do (any day).
    expect(filter('accountId').currentColumn ?? filter('accountId').currentWhere).toBeUndefined();
    expect(filter('accountId').link).toBe(memberLink);
    const indexes = projection.collections[GROUPS]!.indexes.map((index) => index.join(','));
    for (const column of ['t12m_amount', 'member_count', 'tier', 'sponsor_gap'])
      expect(indexes).toContain(`current_as,${column}`);
  });

  it('keeps every stay as a pair of the accountId filter’s link: the groups of an account each day, as presented', () => {
    const b = bankOfTheEast();
    b.account('small', 'Xi’an').revenue('2025-01', 12, 10_000);
    const small = b.group('small-grp');
    small.added('small', '2025-02-01');
    // boe-bj leaves, joins small-grp, leaves it the day it comes back to boe; small leaves and returns.
    b.boe.removed('boe-bj', '2026-01-20');
    small.added('boe-bj', '2026-02-01');
    small.removed('boe-bj', '2026-03-01');
    b.boe.added('boe-bj', '2026-03-01');
    small.removed('small', '2026-02-10');
    small.added('small', '2026-02-10');
    small.removed('small', '2026-02-10');
    small.added('small', '2026-02-12');
    const run = b.run();
    const link = model.filters.find((f) => f.param === 'accountId')!.link!;
    expect(link).toBe(memberLink);
    const [collection, stays] = Object.entries(projection.collections).find(
      ([, c]) => c.table === link.table,
    )!;
    expect(stays.internal).toBe(true);
    expect(stays.indexes).toContainEqual([link.value, link.during!.from, link.during!.until, link.key]);
    // What SQL asks of the pairs: the account's, begun by the day and not ended by it.
    const linked = (accountId: string, day: IsoDate) =>
      run
        .rows(collection)
        .filter(
          (pair) =>
            pair[link.value] === accountId &&
            String(pair[link.during!.from]) <= day &&
            (pair[link.during!.until] === null || String(pair[link.during!.until]) > day),
        )
        .map((pair) => pair[link.key])
        .sort();
    let seen = 0;
    for (const day of [
      '2025-01-31',
      '2025-02-01',
      '2026-01-19',
      '2026-01-20',
      '2026-02-01',
      '2026-02-10',
      '2026-02-11',
      '2026-02-12',
      '2026-03-01',
      '2026-07-01',
    ] as const)
      for (const accountId of ['boe-sh', 'boe-bj', 'small', 'nobody']) {
        const presented = query(run, day, { accountId }).sort();
        expect(linked(accountId, day), `${accountId} ${day}`).toEqual(presented);
        seen += presented.length;
      }
    expect(seen).toBeGreaterThan(20);
    expect(query(run, '2026-02-05', { accountId: 'boe-bj' })).toEqual(['small-grp']);
    expect(query(run, '2026-02-11', { accountId: 'small' })).toEqual([]);
  });

  it('makes no row for accounts in no group', () => {
    const b = book();
    b.account('alone', 'Harbin').revenue('2025-01', 12, 500_000);
    expect(b.run().rows(GROUPS)).toEqual([]);
  });
});
