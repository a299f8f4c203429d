// The full default demo book (`kare demo` without options, anchored on BOOK_DAY), as `npm run
// demo` serves it: its size, its tier spread, that every event type and flag is in it, that the
// build-up's shortages cut dozens of accounts, that the relationship shows under policy v2, and
// the group accounts (集团大客户): members across regions, a sponsor gap, a member leaving.
// About 45 s of loading on two cores (its speed is measured by `npm run bench -- --only=demo`,
// not here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../domain/index.js';
import { INDUSTRIES, POLICY_V2 } from '../../domain/kernel/index.js';
import { COVERAGE_FLAGS } from '../../domain/supply/index.js';
import { DEMO_ACCOUNTS, MIN_ACCOUNTS, type DemoSummary } from '../../demo/demo-book.js';
import { openEngine } from '../../src/app/open-engine.js';
import { type Engine } from '../../src/engine.js';
import type { PresentedRow } from '../../projections/read-model.js';
import type { StoredEvent } from '../../src/ports.js';
import { allEvents, BOOK_DAY, presented, removeDir, tempDir, writeDemo } from './demo-fixture.js';

describe('the full default demo book', () => {
  let dir: string;
  let engine: Engine;
  let summary: DemoSummary;
  let types: Set<string>;
  let events: StoredEvent[];
  let tiers: PresentedRow[];

  beforeAll(async () => {
    dir = tempDir('demo-full');
    summary = await writeDemo(dir);
    engine = openEngine({ dataDir: dir });
    events = await allEvents(engine);
    types = new Set(events.map((event) => event.type));
    tiers = await presented(engine, 'tier-status', BOOK_DAY);
  }, 300_000);

  afterAll(async () => {
    await engine?.close();
    removeDir(dir);
  });

  it('has at least 300 accounts over the 9 industries', () => {
    expect(summary.accounts).toBe(DEMO_ACCOUNTS);
    // About 50 to 80 thousand events (the README's tour quotes a position inside the book; the
    // exact head depends on the anchor and on the rules, e.g. a TierEvaluated every month end).
    expect(summary.head).toBeGreaterThan(50_000n);
    expect(summary.head).toBeLessThan(80_000n);
    expect(tiers.length).toBeGreaterThanOrEqual(300);
    expect(new Set(tiers.map((row) => row['industry']))).toEqual(new Set(INDUSTRIES));
  });

  it('grades A, B and C roughly 10/30/60 %', () => {
    const share = (tier: string) => tiers.filter((row) => row['tier'] === tier).length / tiers.length;
    expect(share('A')).toBeGreaterThan(0.07);
    expect(share('A')).toBeLessThan(0.15);
    expect(share('B')).toBeGreaterThan(0.25);
    expect(share('B')).toBeLessThan(0.36);
    expect(share('C')).toBeGreaterThan(0.5);
    expect(share('C')).toBeLessThan(0.65);
  });

  it('holds every event type', () => {
    expect(EVENT_TYPES.map((definition) => definition.type).filter((type) => !types.has(type))).toEqual([]);
  });

  it('raises every stock-coverage flag as of today, and STALE_DATA on a few rows only', async () => {
    const rows = await presented(engine, 'stock-coverage', BOOK_DAY);
    const raised = (flag: string) => rows.filter((row) => (row['flags'] as string[]).includes(flag)).length;
    for (const flag of COVERAGE_FLAGS) expect(raised(flag), flag).toBeGreaterThan(0);
    expect(raised('STALE_DATA')).toBeLessThanOrEqual(Math.ceil(rows.length * 0.02));
  });

  it('shows the tier-status and promotion flags', async () => {
    expect(tiers.some((row) => row['capBreach'] === true)).toBe(true);
    expect(tiers.filter((row) => (row['nearFloor'] as string[]).length > 0).length).toBeGreaterThan(10);
    const promotions = await presented(engine, 'promotion-history', BOOK_DAY);
    expect(promotions.some((row) => row['negativeUplift'] === true)).toBe(true);
    expect(promotions.some((row) => row['overlapsPeak'] === true)).toBe(true);
  });

  it('shows the relationship under policy v2: a minority of served accounts overdue for a visit, overdue actions, scored requests', async () => {
    const rows = await presented(engine, 'tier-status', BOOK_DAY, POLICY_V2);
    const served = rows.filter((row) => row['status'] === 'ACTIVE' || row['status'] === 'AT_RISK');
    const overdue = served.filter((row) => row['visitOverdue'] === true).length / served.length;
    expect(overdue).toBeGreaterThan(0.03);
    expect(overdue).toBeLessThan(0.35);
    expect(served.filter((row) => (row['overdueActions'] as number) > 0).length).toBeGreaterThan(10);
    expect(served.filter((row) => row['averageSatisfaction90d'] !== null).length).toBeGreaterThan(
      served.length / 2,
    );
    for (const type of [
      'ContactAdded',
      'ContactRemoved',
      'VisitLogged',
      'ActionCompleted',
      'AccountPlanSet',
    ]) {
      expect(types.has(type), type).toBe(true);
    }
  });

  it('runs short in the build-up on several SKUs across dozens of accounts, and shows the cuts', async () => {
    const allocations = events.filter((event) => event.type === 'SupplyAllocated');
    // The shortage id names the month and the SKU: short-2026-11-PHONE-P60.
    const skus = new Set(allocations.map((event) => (event.data['shortageId'] as string).slice(14)));
    expect(skus.size).toBeGreaterThanOrEqual(2);
    const accounts = new Set(
      allocations.filter((event) => event.recordedAt >= '2026-11').map((event) => event.data['accountId']),
    );
    expect(accounts.size).toBeGreaterThanOrEqual(20);
    const rows = await presented(engine, 'stock-coverage', BOOK_DAY);
    const cut = rows.filter((row) => (row['flags'] as string[]).includes('ALLOCATION_CUT'));
    expect(new Set(cut.map((row) => row['accountId'])).size).toBeGreaterThanOrEqual(10);
  });

  it('serves group accounts with ordinary members across regions, each led by a member’s manager and tiered with the group; one tier-A group lacks a sponsor; one member left with a reason', async () => {
    const groups = await presented(engine, 'groups', BOOK_DAY);
    expect(groups.length).toBeGreaterThanOrEqual(4);
    expect(new Set(groups.map((row) => row['industry']))).toEqual(
      new Set(['FINANCE', 'RETAIL', 'GOVERNMENT']),
    );
    const byAccount = new Map(tiers.map((row) => [row['accountId'], row]));
    const rank = (tier: unknown) => ['NONE', 'C', 'B', 'A'].indexOf(tier as string);
    for (const group of groups) {
      const members = group['memberIds'] as string[];
      expect(
        new Set(group['memberRegions'] as string[]).size,
        String(group['groupId']),
      ).toBeGreaterThanOrEqual(2);
      // Ordinary accounts only: the featured cast (acc-0001 … acc-00MIN) keeps its own stories.
      for (const id of members) expect(Number(id.slice(4)), id).toBeGreaterThan(MIN_ACCOUNTS);
      const rows = members.map((id) => byAccount.get(id)!);
      expect(rows.map((row) => row['managerId'])).toContain(group['managerId']);
      for (const row of rows) {
        expect(row['groupId']).toBe(group['groupId']);
        expect(rank(row['tier'])).toBeGreaterThanOrEqual(rank(group['tier']));
      }
    }
    // An account is in at most one group.
    const members = groups.flatMap((group) => group['memberIds'] as string[]);
    expect(new Set(members).size).toBe(members.length);

    const tierA = groups.filter((group) => group['tier'] === 'A');
    expect(tierA.length).toBeGreaterThanOrEqual(2);
    expect(groups.filter((group) => group['sponsorGap'] === true).map((group) => group['tier'])).toEqual([
      'A',
    ]);
    expect(tierA.filter((group) => group['executiveSponsorId'] === null)).toHaveLength(1);

    const removals = events.filter((event) => event.type === 'GroupMemberRemoved');
    expect(removals).toHaveLength(1);
    const removed = removals[0]!.data;
    expect(removed['reason']).toMatch(/sold/i);
    expect(members).not.toContain(removed['accountId']);
    expect(byAccount.get(removed['accountId'] as string)!['groupId']).toBeNull();
  });
});
