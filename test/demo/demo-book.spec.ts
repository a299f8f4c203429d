// The demo book: written through the real pipeline, deterministic for a seed and an anchor,
// ending on its anchor, telling the business's story (one season, a build-up short of the
// popular SKUs, off-season promotions, rebates tilted by tier, stock reported by resellers) and
// every story the read models should show. The small books here are the featured cast (24
// accounts) or a few more, anchored on BOOK_DAY; the full default book has its own spec
// (demo-full-book.spec.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../domain/index.js';
import { COVERAGE_FLAGS } from '../../domain/supply/index.js';
import {
  addDays,
  addPeriods,
  daysBetween,
  periodOf,
  POLICY_V2,
  rangesOverlap,
  type IsoDate,
  type Tier,
} from '../../domain/kernel/index.js';
import { RESELLING_INDUSTRIES } from '../../demo/account-profile.js';
import {
  DemoOptionsError,
  loadDemoBook,
  demoClock,
  demoEngineRequest,
  MAX_DEMO_ACCOUNTS,
  MIN_ACCOUNTS,
} from '../../demo/demo-book.js';
import { newYearOf, peakOf } from '../../demo/season.js';
import { embeddedStorePath, openEngine } from '../../src/app/open-engine.js';
import { createSqliteEventStore } from '../../adapters/sqlite/event-store.js';
import { OFFLINE_BATCH_SIZE } from '../../src/consumers/consumer-runner.js';
import { type Engine } from '../../src/engine.js';
import type { EventStore, StoredEvent } from '../../src/ports.js';
import { demoCommand } from '../../demo/demo-command.js';
import { captured, kare } from '../src/app/cli/cli-harness.js';
import { allEvents, BOOK_DAY, presented, removeDir, tempDir, writeDemo } from './demo-fixture.js';

const ACCOUNTS = 30;

describe('the demo book', () => {
  let dir: string;
  let engine: Engine;
  let events: StoredEvent[];

  beforeAll(async () => {
    dir = tempDir('demo');
    await writeDemo(dir, { accounts: ACCOUNTS });
    engine = openEngine({ dataDir: dir });
    events = await allEvents(engine);
  }, 120_000);

  afterAll(async () => {
    await engine.close();
    removeDir(dir);
  });

  const ofType = (type: string) => events.filter((event) => event.type === type);

  it('writes every event type the domain knows', () => {
    const written = new Set(events.map((event) => event.type));
    expect(EVENT_TYPES.map((definition) => definition.type).filter((type) => !written.has(type))).toEqual([]);
  });

  it('registers the asked number of accounts over the 9 industries, most with a manager', () => {
    const registered = ofType('AccountRegistered');
    expect(registered).toHaveLength(ACCOUNTS);
    expect(new Set(registered.map((event) => event.data['industry'])).size).toBeGreaterThanOrEqual(8);
    expect(ofType('AccountActivated').length).toBeGreaterThanOrEqual(ACCOUNTS - 4);
    expect(new Set(ofType('AccountManagerAssigned').map((event) => event.data['next'])).size).toBeGreaterThan(
      5,
    );
  });

  it('books 24 closed months of revenue, up to the month before today', () => {
    const periods = new Set(ofType('RevenueRecorded').map((event) => event.data['period']));
    expect(periods.size).toBe(24);
    expect([...periods].sort().at(0)).toBe('2024-11');
    expect([...periods].sort().at(-1)).toBe('2026-10');
  });

  it('records every event at the book’s time: after its business time, in the order of the log', () => {
    for (const event of events) {
      const at = event.data['at'];
      expect(typeof at === 'string' && event.recordedAt >= at).toBe(true);
      expect(event.recordedAt < `${BOOK_DAY}T00:00:00.000Z`).toBe(true);
    }
    const times = events.map((event) => event.recordedAt);
    expect(times).toEqual([...times].sort());
  });

  it('sends every command with a command id, an actor and metadata the handler derived', () => {
    for (const event of events) {
      expect(event.metadata.commandId).toBeTruthy();
      expect(event.metadata.actor).toBeTruthy();
    }
    const month = ofType('TierChanged').filter((event) => event.metadata.actor === 'process:month-end');
    expect(month.length).toBe(ofType('TierChanged').length);
  });

  it('opens small and large service requests, and resolves some late', () => {
    const sizes = new Set(ofType('ServiceRequestOpened').map((event) => event.data['size']));
    expect(sizes).toEqual(new Set(['SMALL', 'LARGE']));
    const resolved = ofType('ServiceRequestResolved');
    expect(resolved.some((event) => event.data['slaMet'] === false)).toBe(true);
    expect(resolved.filter((event) => event.data['slaMet'] === true).length).toBeGreaterThan(
      resolved.length / 2,
    );
  });

  it('runs promotions of each kind, with results, beside base discounts and rebates', () => {
    const kinds = new Set(ofType('PromotionProposed').map((event) => event.data['kind']));
    expect(kinds).toEqual(new Set(['JOINT_PROMOTION', 'PRICE_CONCESSION', 'EVENT_SUPPORT']));
    const measured = new Set(ofType('PromotionResultRecorded').map((event) => event.streamId));
    expect(measured.size).toBeGreaterThan(3);
    expect(
      ofType('BaseDiscountSet').every(
        (event) => (event.data['discountBp'] as number) <= (event.data['capBp'] as number),
      ),
    ).toBe(true);
    expect(ofType('RebateAccrued').length).toBeGreaterThan(10);
  });

  it('keeps batches in every state and stock reports weekly up to a few days before today', () => {
    const scheduled = ofType('BatchScheduled').length;
    const shipped = ofType('BatchShipped').length;
    const delivered = ofType('BatchDelivered').length;
    expect(scheduled).toBeGreaterThan(shipped);
    expect(shipped).toBeGreaterThanOrEqual(delivered);
    const reports = ofType('StockPositionReported').map((event) => event.data['asOf'] as string);
    // Fresh on the anchor: the last report is as of two days before it.
    expect(reports.sort().at(-1)).toBe('2026-11-24');
  });

  it('lets one account go: marked lost, its agreements terminated and commitments closed by the process', async () => {
    const lost = ofType('AccountLost');
    expect(lost).toHaveLength(1);
    const accountId = lost[0]!.data['accountId'] as string;
    const terminated = ofType('AgreementTerminated').filter((event) => event.data['accountId'] === accountId);
    expect(terminated.length).toBeGreaterThan(0);
    for (const event of terminated) {
      expect(event.metadata.actor).toBe('process:account-lost');
      expect(event.metadata.causationId).toBe(lost[0]!.eventId);
    }
    const closedByProcess = ofType('CommitmentClosed').filter(
      (event) => event.metadata.causationId === lost[0]!.eventId,
    );
    expect(closedByProcess.length).toBeGreaterThan(0);
    const statuses = await presented(engine, 'tier-status', BOOK_DAY);
    expect(statuses.filter((row) => row['status'] === 'LOST')).toHaveLength(1);
    expect(statuses.filter((row) => row['status'] === 'AT_RISK').length).toBeGreaterThanOrEqual(2);
    // The process ran in the load: a server started on the book does not read it all again for it.
    const [reactor] = await engine.processes.status();
    expect(reactor).toMatchObject({
      name: 'process:account-lost',
      position: await engine.store.headPosition(),
    });
  });

  it('forms groups of ordinary accounts of the group’s industry only, none in two groups, led by a member’s manager; a member leaves with a reason', async () => {
    const added = ofType('GroupMemberAdded').map((event) => event.data['accountId'] as string);
    expect(added.length).toBeGreaterThan(0);
    expect(new Set(added).size).toBe(added.length);
    // The featured cast (acc-0001 … acc-00MIN) keeps its stories: no member of a group.
    for (const id of added) expect(Number(id.slice(4)), id).toBeGreaterThan(MIN_ACCOUNTS);
    const statuses = await presented(engine, 'tier-status', BOOK_DAY);
    const byAccount = new Map(statuses.map((row) => [row['accountId'], row]));
    const groups = await presented(engine, 'groups', BOOK_DAY);
    for (const group of groups) {
      const joined = ofType('GroupMemberAdded')
        .filter((event) => event.data['groupId'] === group['groupId'])
        .map((event) => byAccount.get(event.data['accountId'] as string)!);
      for (const row of joined) expect(row['industry']).toBe(group['industry']);
      expect(joined.map((row) => row['managerId'])).toContain(group['managerId']);
    }
    const removed = ofType('GroupMemberRemoved');
    expect(removed).toHaveLength(1);
    expect(removed[0]!.data['reason']).toMatch(/sold/i);
    expect(byAccount.get(removed[0]!.data['accountId'] as string)!['groupId']).toBeNull();
  });

  it('runs short in the peak build-up, allocated by the process manager by tier: A before B before C', async () => {
    const allocations = ofType('SupplyAllocated');
    expect(allocations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(allocations.map((event) => event.metadata.actor))).toEqual(new Set(['process:shortage']));
    // On 1 November, before the peak, for the scarce SKU, the phones and the tablets.
    expect(new Set(allocations.map((event) => (event.data['at'] as string).slice(5, 16)))).toEqual(
      new Set(['11-01T08:00']),
    );
    expect(allocations.some((event) => (event.data['fillRatioBp'] as number) < 10_000)).toBe(true);
    const tiers = new Map(
      (await presented(engine, 'tier-status', '2026-11-01')).map((row) => [
        row['accountId'] as string,
        row['tier'],
      ]),
    );
    const fill = (tier: string) => {
      const ratios = allocations
        .filter(
          (event) =>
            (event.data['at'] as string) >= '2026-11' &&
            tiers.get(event.data['accountId'] as string) === tier,
        )
        .map((event) => event.data['fillRatioBp'] as number);
      return ratios.length === 0 ? null : ratios.reduce((sum, r) => sum + r, 0) / ratios.length;
    };
    const [a, b, c] = [fill('A'), fill('B'), fill('C')];
    expect(a).not.toBeNull();
    if (b !== null) expect(a!).toBeGreaterThanOrEqual(b);
    if (b !== null && c !== null) expect(b).toBeGreaterThanOrEqual(c);
  });

  it('raises every stock-coverage flag as of today, STALE_DATA on a few rows only', async () => {
    const rows = await presented(engine, 'stock-coverage', BOOK_DAY);
    const raised = (flag: string) => rows.filter((row) => (row['flags'] as string[]).includes(flag)).length;
    for (const flag of COVERAGE_FLAGS) expect(raised(flag), flag).toBeGreaterThan(0);
    expect(raised('STALE_DATA')).toBeLessThanOrEqual(3);
  });

  it('shows a cap breach, accounts near a floor and an A/B account without a manager', async () => {
    const rows = await presented(engine, 'tier-status', BOOK_DAY);
    expect(rows.some((row) => row['capBreach'] === true)).toBe(true);
    expect(rows.some((row) => (row['nearFloor'] as string[]).length > 0)).toBe(true);
    expect(
      rows.some((row) => (row['tier'] === 'A' || row['tier'] === 'B') && row['managerId'] === null),
    ).toBe(true);
    expect(rows.some((row) => row['overrideTier'] !== null)).toBe(true);
  });

  it('places promotions off the peak: no 28-day baseline in a peak, one own event in it (the overlap query)', () => {
    const proposed = ofType('PromotionProposed');
    const peaks = [2023, 2024, 2025, 2026, 2027].map(peakOf);
    const inPeak = (range: { from: IsoDate; to: IsoDate }) =>
      peaks.some((peak) => rangesOverlap(peak, range));
    for (const event of proposed) {
      const window = event.data['window'] as { from: IsoDate; to: IsoDate };
      expect(inPeak({ from: addDays(window.from, -28), to: addDays(window.from, -1) }), window.from).toBe(
        false,
      );
    }
    const overlapping = proposed.filter((event) =>
      inPeak(event.data['window'] as { from: IsoDate; to: IsoDate }),
    );
    expect(overlapping.length).toBeGreaterThan(0);
    expect(
      new Set(
        overlapping.map((event) => `${event.data['accountId'] as string} ${event.data['kind'] as string}`),
      ),
    ).toEqual(new Set(['acc-0017 EVENT_SUPPORT']));
    // Off-season pushes: joint promotions in the trough after the New Year, price pushes for 618.
    for (const event of proposed.filter((e) => e.data['kind'] === 'JOINT_PROMOTION')) {
      const from = (event.data['window'] as { from: IsoDate }).from;
      expect(daysBetween(newYearOf(Number(from.slice(0, 4))), from)).toBe(28);
    }
  });

  it('measures promotions with a negative uplift and promotions overlapping a peak', async () => {
    const rows = await presented(engine, 'promotion-history', BOOK_DAY);
    expect(rows.some((row) => row['negativeUplift'] === true)).toBe(true);
    expect(rows.some((row) => row['overlapsPeak'] === true)).toBe(true);
    expect(
      rows.filter((row) => row['uplift'] !== null && (row['uplift'] as number) > 0).length,
    ).toBeGreaterThan(rows.filter((row) => row['negativeUplift'] === true).length);
  });

  it('follows one season: revenue and sell-through peak from December to the New Year and dip after it', () => {
    const byMonth = (pairs: readonly (readonly [string, number])[]) => {
      const sums = new Map<string, number>();
      for (const [month, value] of pairs) sums.set(month, (sums.get(month) ?? 0) + value);
      return sums;
    };
    const revenue = byMonth(
      ofType('RevenueRecorded').map((e) => [
        e.data['period'] as string,
        (e.data['amount'] as { amount: number }).amount,
      ]),
    );
    // Sell-through: units sold a day, by the month of the report's day.
    const sold = byMonth(
      ofType('StockPositionReported').map((e) => [
        (e.data['asOf'] as string).slice(0, 7),
        e.data['soldSinceLast'] as number,
      ]),
    );
    for (const series of [revenue, sold]) {
      const of = (month: string) => series.get(month) ?? 0;
      // December 2025 (in the peak) over September 2025 (an ordinary month); March 2026 (the trough) under it.
      expect(of('2025-12'), 'peak').toBeGreaterThan(of('2025-09') * 1.3);
      expect(of('2026-03'), 'trough').toBeLessThan(of('2025-09'));
    }
  });

  it('builds stock up before the peak, with commitments whose peak matches the season', () => {
    const delivered = (month: string) =>
      ofType('BatchDelivered')
        .filter((e) => e.recordedAt.startsWith(month))
        .reduce((sum, e) => sum + (e.data['qty'] as number), 0);
    const ordinary = ['2025-05', '2025-06', '2025-07', '2025-08', '2025-09'].map(delivered);
    expect(delivered('2025-11')).toBeGreaterThan(
      (ordinary.reduce((a, b) => a + b, 0) / ordinary.length) * 1.3,
    );
    const peaks = ofType('CommitmentCreated').flatMap((e) => {
      const peak = e.data['peak'] as { from: IsoDate; to: IsoDate; upliftBp: number } | undefined;
      return peak === undefined ? [] : [{ peak, window: e.data['window'] as { from: IsoDate; to: IsoDate } }];
    });
    expect(peaks.length).toBeGreaterThan(5);
    for (const { peak, window } of peaks) {
      const season = peakOf(Number(peak.to.slice(0, 4)) - 1);
      expect(peak.from === season.from || peak.from === window.from).toBe(true);
      expect(peak.to === season.to || peak.to === window.to).toBe(true);
      expect(peak.upliftBp).toBeGreaterThanOrEqual(15_000);
    }
  });

  it('delivers most batches on time and a few late', () => {
    const etas = new Map(
      ofType('BatchScheduled').map((e) => [
        `${e.streamId} ${e.data['batchId'] as string}`,
        e.data['eta'] as string,
      ]),
    );
    const delivered = ofType('BatchDelivered');
    const late = delivered.filter(
      (e) => e.recordedAt.slice(0, 10) > etas.get(`${e.streamId} ${e.data['batchId'] as string}`)!,
    );
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(delivered.length * 0.15);
  });

  it('tilts rebates by tier: 3 % of the quarter for A, 2 % for B, 1 % for C', async () => {
    const rebates = ofType('RebateAccrued');
    const tiers = new Map(
      (await presented(engine, 'tier-status', BOOK_DAY)).map((row) => [
        row['accountId'] as string,
        row['tier'],
      ]),
    );
    const average = (tier: string) => {
      const byAccount = new Map<string, number>();
      for (const e of rebates.filter((r) => tiers.get(r.data['accountId'] as string) === tier)) {
        const id = e.data['accountId'] as string;
        byAccount.set(id, (byAccount.get(id) ?? 0) + (e.data['amount'] as { amount: number }).amount);
      }
      return [...byAccount.values()].reduce((a, b) => a + b, 0) / Math.max(1, byAccount.size);
    };
    expect(average('A')).toBeGreaterThan(average('B'));
    expect(average('B')).toBeGreaterThan(average('C'));
    expect(average('C')).toBeGreaterThan(0);
  });

  it('takes stock reports and supply commitments from resellers only', () => {
    const industries = new Map(
      ofType('AccountRegistered').map((e) => [e.data['accountId'], e.data['industry'] as string]),
    );
    for (const type of ['CommitmentCreated', 'StockPositionReported']) {
      const from = new Set(ofType(type).map((e) => industries.get(e.data['accountId'])));
      expect(
        [...from].every((industry) => RESELLING_INDUSTRIES.includes(industry as never)),
        type,
      ).toBe(true);
    }
    expect(ofType('AgreementActivated').length).toBeGreaterThan(
      new Set(ofType('CommitmentCreated').map((e) => e.data['accountId'])).size,
    );
  });

  it('keeps 2–5 contacts per managed account, named as in its region, reachable only in fiction; someone leaves and a successor follows', () => {
    const added = ofType('ContactAdded');
    const removed = ofType('ContactRemoved');
    const managed = new Set(ofType('AccountActivated').map((event) => event.data['accountId'] as string));
    for (const accountId of managed) {
      const current =
        added.filter((event) => event.data['accountId'] === accountId).length -
        removed.filter((event) => event.data['accountId'] === accountId).length;
      expect(current, accountId).toBeGreaterThanOrEqual(2);
      expect(current, accountId).toBeLessThanOrEqual(5);
    }
    const roles = new Set(added.map((event) => event.data['role']));
    expect(roles).toEqual(new Set(['DECISION_MAKER', 'PURCHASER', 'FINANCE', 'TECHNICAL', 'USER']));
    for (const event of added) {
      const personal = event.data['personal'] as { name: string; phone?: string; email?: string };
      // The book's accounts are all in Chinese cities: 王伟, 陈丽娟.
      expect(personal.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      if (personal.phone !== undefined) expect(personal.phone).toMatch(/^138-0000-\d{4}$/);
      if (personal.email !== undefined) expect(personal.email).toMatch(/^[a-z.]+\d+@example\.com$/);
    }
    expect(removed.length).toBeGreaterThan(0);
    for (const left of removed) {
      const successor = added.find(
        (event) =>
          event.data['accountId'] === left.data['accountId'] &&
          event.data['role'] === left.data['role'] &&
          event.globalPosition > left.globalPosition,
      );
      expect(successor, left.data['contactId'] as string).toBeDefined();
    }
  });

  it('keeps in touch on the tier’s cadence with some managers and not with others, executives visiting tier-A accounts now and then', async () => {
    const visits = ofType('VisitLogged');
    expect(new Set(visits.map((event) => event.data['kind']))).toEqual(
      new Set(['VISIT', 'MEETING', 'CALL', 'EXECUTIVE_VISIT']),
    );
    // The gaps between an account's visits or meetings (calls do not count), each against the
    // v2 cadence of the tier the account had on the later day, credited to the manager then.
    const tierOn = new Map<string, Map<string, unknown>>();
    const tierOf = async (accountId: string, on: string) => {
      if (!tierOn.has(on)) {
        const rows = await presented(engine, 'tier-status', on, POLICY_V2);
        tierOn.set(on, new Map(rows.map((row) => [row['accountId'] as string, row['tier']])));
      }
      return tierOn.get(on)!.get(accountId) as Tier;
    };
    const gaps = new Map<string, { kept: number; all: number }>();
    const counting = visits
      .filter((event) => event.data['kind'] !== 'CALL')
      .sort((a, b) => ((a.data['on'] as string) < (b.data['on'] as string) ? -1 : 1));
    const lastOn = new Map<string, string>();
    for (const visit of counting) {
      const accountId = visit.data['accountId'] as string;
      const on = visit.data['on'] as string;
      const before = lastOn.get(accountId);
      lastOn.set(accountId, on);
      if (before === undefined) continue;
      const cadence = POLICY_V2.tiers[await tierOf(accountId, on)].contactCadenceDays;
      if (cadence === null) continue;
      const manager = visit.data['managerId'] as string;
      const tally = gaps.get(manager) ?? { kept: 0, all: 0 };
      gaps.set(manager, {
        kept: tally.kept + (daysBetween(before, on) <= cadence ? 1 : 0),
        all: tally.all + 1,
      });
    }
    const keptShares = [...gaps.values()].filter((t) => t.all >= 3).map((t) => t.kept / t.all);
    expect(keptShares.filter((share) => share === 1).length, 'managers who keep it').toBeGreaterThanOrEqual(
      3,
    );
    expect(keptShares.filter((share) => share < 0.7).length, 'managers who slip').toBeGreaterThanOrEqual(3);

    const tiers = await presented(engine, 'tier-status', BOOK_DAY);
    const executive = visits.filter((event) => event.data['kind'] === 'EXECUTIVE_VISIT');
    expect(executive.length).toBeGreaterThan(0);
    for (const visit of executive) {
      expect(await tierOf(visit.data['accountId'] as string, visit.data['on'] as string)).toBe('A');
    }
    expect(tiers.length).toBe(ACCOUNTS);
  });

  it('shows VISIT_OVERDUE and overdue actions under policy v2 on some accounts only, never under v1', async () => {
    const v2 = await presented(engine, 'tier-status', BOOK_DAY, POLICY_V2);
    const served = v2.filter((row) => row['status'] === 'ACTIVE' || row['status'] === 'AT_RISK');
    const overdue = served.filter((row) => row['visitOverdue'] === true);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(served.length / 2);
    expect(served.filter((row) => (row['overdueActions'] as number) > 0).length).toBeGreaterThan(0);
    expect(served.filter((row) => (row['openActions'] as number) === 0).length).toBeGreaterThan(0);
    const v1 = await presented(engine, 'tier-status', BOOK_DAY);
    expect(v1.some((row) => row['visitOverdue'] === true)).toBe(false);
  });

  it('completes most agreed actions on time, some late, and leaves some open', () => {
    const agreed = ofType('VisitLogged').flatMap(
      (event) => event.data['agreedActions'] as readonly { actionId: string }[],
    );
    const completed = ofType('ActionCompleted');
    const onTime = completed.filter((event) => event.data['onTime'] === true).length;
    expect(onTime).toBeGreaterThan(agreed.length / 2);
    expect(completed.length - onTime).toBeGreaterThan(0);
    expect(agreed.length - completed.length).toBeGreaterThan(0);
  });

  it('plans each served account’s year: some beat the revenue target, some miss it; resellers plan SKUs and stock', () => {
    const plans = ofType('AccountPlanSet');
    const of2025 = plans.filter(
      (event) => event.data['year'] === 2025 && event.data['replacesEarlier'] === false,
    );
    const revenue2025 = new Map<string, number>();
    for (const type of ['RevenueRecorded', 'RevenueCorrected']) {
      for (const event of ofType(type).filter((e) => (e.data['period'] as string).startsWith('2025-'))) {
        const id = event.data['accountId'] as string;
        const money = (event.data['amount'] ?? event.data['delta']) as { amount: number };
        revenue2025.set(id, (revenue2025.get(id) ?? 0) + money.amount);
      }
    }
    const fullYear = of2025.filter((event) => (event.data['at'] as string) < '2025-02');
    expect(fullYear.length).toBeGreaterThan(ACCOUNTS / 2);
    const beat = fullYear.filter(
      (event) =>
        (revenue2025.get(event.data['accountId'] as string) ?? 0) >=
        (event.data['revenueTarget'] as { amount: number }).amount,
    );
    expect(beat.length).toBeGreaterThan(0);
    expect(beat.length).toBeLessThan(fullYear.length);
    // Next year's plan settled in December by some.
    expect(
      plans.some(
        (event) => event.data['year'] === 2026 && (event.data['at'] as string).startsWith('2025-12'),
      ),
    ).toBe(true);
    const industries = new Map(
      ofType('AccountRegistered').map((e) => [e.data['accountId'], e.data['industry'] as string]),
    );
    for (const plan of plans) {
      const skus = Object.keys(plan.data['skuTargets'] as object);
      const reseller = RESELLING_INDUSTRIES.includes(industries.get(plan.data['accountId']) as never);
      if (!reseller) expect(skus).toEqual([]);
      const stock = plan.data['stockTargets'] as Record<string, { offSeasonDays: number; peakDays: number }>;
      expect(Object.keys(stock).sort()).toEqual([...skus].sort());
      expect((plan.data['promotionBudget'] as { amount: number }).amount).toBeGreaterThan(0);
    }
    expect(plans.some((plan) => Object.keys(plan.data['skuTargets'] as object).length > 0)).toBe(true);
  });

  it('scores most resolved requests; a complaint (1 or 2) names its cause, a content answer none', () => {
    const resolved = ofType('ServiceRequestResolved');
    const scored = resolved.filter((event) => event.data['satisfaction'] !== undefined);
    expect(scored.length).toBeGreaterThan(resolved.length / 2);
    expect(scored.length).toBeLessThan(resolved.length);
    for (const event of scored) {
      const complaint = (event.data['satisfaction'] as number) <= 2;
      expect(event.data['causeCode'] !== undefined, event.data['requestId'] as string).toBe(complaint);
    }
    expect(new Set(scored.map((event) => event.data['causeCode'])).size).toBeGreaterThan(3);
    const mean = (events: readonly StoredEvent[]) =>
      events.reduce((sum, e) => sum + (e.data['satisfaction'] as number), 0) / events.length;
    // Late resolutions are scored lower than timely ones.
    expect(mean(scored.filter((e) => e.data['slaMet'] === false))).toBeLessThan(
      mean(scored.filter((e) => e.data['slaMet'] === true)),
    );
  });

  it('shows the lost account cooling months before the loss: the champion gone, visits overdue, actions open, satisfaction falling', async () => {
    const lost = ofType('AccountLost')[0]!;
    const accountId = lost.data['accountId'] as string;
    const lostOn = (lost.data['at'] as string).slice(0, 10);
    // What tier_status under v2 showed on the first of each month, from 11 months before the loss's.
    const monthly = await Promise.all(
      Array.from({ length: 12 }, (_, k) => {
        const asOf = `${addPeriods(periodOf(lostOn), k - 11)}-01`;
        return presented(engine, 'tier-status', asOf, POLICY_V2).then((rows) => ({
          asOf,
          row: rows.find((row) => row['accountId'] === accountId)!,
        }));
      }),
    );
    const early = monthly.filter(({ asOf }) => daysBetween(asOf, lostOn) > 240);
    const late = monthly.filter(({ asOf }) => daysBetween(asOf, lostOn) <= 180);
    // Seen on the tier's cadence while warm; overdue in the half year before the loss, and
    // first more than three months before it: early enough to act on.
    expect(early.some(({ row }) => row['visitOverdue'] === true)).toBe(false);
    const overdue = late.filter(({ row }) => row['visitOverdue'] === true);
    expect(overdue.length).toBeGreaterThan(0);
    expect(daysBetween(overdue[0]!.asOf, lostOn)).toBeGreaterThan(90);
    // What was agreed is left undone: more actions overdue than ever before.
    const mostOverdue = (rows: typeof monthly) =>
      Math.max(...rows.map(({ row }) => row['overdueActions'] as number));
    expect(mostOverdue(late)).toBeGreaterThan(mostOverdue(early));
    expect(late.at(-1)!.row['overdueActions']).toBeGreaterThan(0);
    // The decision maker who backed us left in the meantime.
    const left = ofType('ContactRemoved').filter((event) => event.data['accountId'] === accountId);
    expect(left.map((event) => event.data['role'])).toContain('DECISION_MAKER');
    // Satisfaction with its requests falls: the half year before the loss below the year before.
    const scores = (from: string, to: string) =>
      ofType('ServiceRequestResolved')
        .filter(
          (e) =>
            e.data['accountId'] === accountId &&
            e.data['satisfaction'] !== undefined &&
            (e.data['at'] as string) >= from &&
            (e.data['at'] as string) < to,
        )
        .map((e) => e.data['satisfaction'] as number);
    const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const before = scores(addDays(lostOn, -540), addDays(lostOn, -240));
    const cooling = scores(addDays(lostOn, -180), lostOn);
    expect(before.length).toBeGreaterThan(0);
    expect(cooling.length).toBeGreaterThan(0);
    expect(average(cooling)).toBeLessThan(average(before) - 1);
  });

  it('warns months before the loss: the FlagAtRisk process flags the lost account at a month end, with its score and reasons', async () => {
    const lost = ofType('AccountLost')[0]!;
    const accountId = lost.data['accountId'] as string;
    const flags = ofType('AccountFlaggedAtRisk').filter((event) => event.data['accountId'] === accountId);
    expect(flags).toHaveLength(1);
    const flag = flags[0]!;
    expect(flag.metadata.actor).toBe('process:flag-at-risk');
    expect(flag.metadata.commandId).toMatch(new RegExp(`^flag-at-risk:\\d{4}-\\d{2}:${accountId}$`));
    const risk = flag.data['risk'] as { score: number; reasons: string[]; policyVersion: string };
    expect(risk.policyVersion).toBe('v2');
    expect(risk.score).toBeGreaterThanOrEqual(POLICY_V2.risk!.thresholdScore);
    expect(risk.reasons.length).toBeGreaterThan(0);
    expect(daysBetween(flag.recordedAt.slice(0, 10), lost.recordedAt.slice(0, 10))).toBeGreaterThan(90);
    // The top risks today are led by accounts a manager can act on: flagged, with their reasons.
    const rows = await presented(engine, 'account-risk', BOOK_DAY, POLICY_V2);
    const top = rows
      .filter((row) => row['accountStatus'] !== 'LOST')
      .sort((a, b) => (b['score'] as number) - (a['score'] as number))
      .slice(0, 5);
    expect(top.some((row) => row['atRisk'] === true)).toBe(true);
    for (const row of top) expect((row['reasons'] as string[]).length).toBeGreaterThan(0);
  });

  it('answers an auditor asking for an account as of a day in the past', async () => {
    const answer = await engine.audit.stateAsOf('account', 'acc-0001', {
      recordedAt: '2025-06-01T00:00:00.000Z',
    });
    expect(answer.kind).toBe('state');
    if (answer.kind !== 'state') return;
    expect(answer.recordedAt <= '2025-06-01T00:00:00.000Z').toBe(true);
    expect((answer.state as { status: string }).status).toBe('ACTIVE');
  });
});

describe('the demo book for a seed and an anchor', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  const fingerprintOf = async (dir: string) => {
    const engine = openEngine({ dataDir: dir });
    try {
      const events = await allEvents(engine);
      return {
        events,
        lines: events.map(
          (e) =>
            `${e.globalPosition.toString()} ${e.streamId}@${e.revision.toString()} ${e.eventId} ${e.recordedAt} ${e.hash}`,
        ),
      };
    } finally {
      await engine.close();
    }
  };

  const fingerprint = async (seed: number) => {
    const dir = tempDir('demo-seed');
    dirs.push(dir);
    await writeDemo(dir, { seed, accounts: MIN_ACCOUNTS, today: BOOK_DAY });
    return (await fingerprintOf(dir)).lines;
  };

  it('is the same book, event for event and hash for hash, every time; another seed gives another', async () => {
    const first = await fingerprint(7);
    const again = await fingerprint(7);
    expect(again).toEqual(first);
    const other = await fingerprint(8);
    expect(other).not.toEqual(first);
  }, 180_000);

  it('is anchored on the clock’s today by default, and ends the day before it, fresh', async () => {
    const dir = tempDir('demo-anchor');
    dirs.push(dir);
    const stdout = captured();
    const io = {
      stdout,
      stderr: captured(),
      env: { KARE_DATA_DIR: dir },
      // The clock of the machine that loads the book: 1 March 2027, mid-morning UTC.
      now: () => Date.parse('2027-03-01T09:30:00.000Z'),
    };
    expect(await demoCommand(['--accounts', String(MIN_ACCOUNTS), '--seed', '7'], io)).toBe(0);
    expect(stdout.text()).toContain('current as of 2027-03-01');
    const { events, lines } = await fingerprintOf(dir);
    expect(lines).not.toEqual(await fingerprint(7));
    expect(events.every((e) => e.recordedAt < '2027-03-01T00:00:00.000Z')).toBe(true);
    expect(events.at(-1)!.recordedAt >= '2027-02-28').toBe(true);
    // On the 1st, February's billing would run today: the last closed month is January.
    const periods = events.filter((e) => e.type === 'RevenueRecorded').map((e) => e.data['period'] as string);
    expect(new Set(periods).size).toBe(24);
    expect(periods.sort().at(-1)).toBe('2027-01');
    const reports = events
      .filter((e) => e.type === 'StockPositionReported')
      .map((e) => e.data['asOf'] as string);
    expect(reports.sort().at(-1)).toBe('2027-02-27');
  }, 180_000);
});

describe('the demo book’s options', () => {
  it('refuses an --as-of that is not a date', async () => {
    const dir = tempDir('demo-as-of');
    try {
      const { code, stderr } = await kare(dir, ['demo', '--as-of', '2027-02-30']);
      expect(code).toBe(2);
      expect(stderr).toContain('--as-of must be a date YYYY-MM-DD');
    } finally {
      removeDir(dir);
    }
  });

  it('catches the projections up in pages as large as a rebuild’s', async () => {
    // The load catches them up a month at a time: a large page changes each document once for
    // many events (the documents a portfolio shares, most of all).
    const dir = tempDir('demo-pages');
    const store = createSqliteEventStore({ path: embeddedStorePath(dir), sync: 'normal' });
    const pages: (number | bigint | undefined)[] = [];
    const watched: EventStore = {
      ...store,
      readAll: (options) => {
        pages.push(options?.maxCount);
        return store.readAll(options);
      },
    };
    const clock = demoClock(BOOK_DAY);
    const engine = openEngine({ dataDir: dir, embeddedStore: watched, ...demoEngineRequest(clock) });
    try {
      await engine.projector.catchUp();
      expect(pages.length).toBeGreaterThan(0);
      expect(new Set(pages)).toEqual(new Set([OFFLINE_BATCH_SIZE]));
    } finally {
      await engine.close();
      removeDir(dir);
    }
  });

  it('refuses fewer accounts than the featured cast, more than MAX_DEMO_ACCOUNTS, and a negative seed', async () => {
    const dir = tempDir('demo-options');
    const clock = demoClock(BOOK_DAY);
    const engine = openEngine({ dataDir: dir, clock });
    try {
      await expect(
        loadDemoBook(engine, clock, { accounts: MIN_ACCOUNTS - 1, today: BOOK_DAY }),
      ).rejects.toThrow(DemoOptionsError);
      await expect(loadDemoBook(engine, clock, { seed: -1, today: BOOK_DAY })).rejects.toThrow(
        DemoOptionsError,
      );
      await expect(
        loadDemoBook(engine, clock, { accounts: MAX_DEMO_ACCOUNTS + 1, today: BOOK_DAY }),
      ).rejects.toThrow(DemoOptionsError);
      expect(await engine.store.headPosition()).toBe(0n);
    } finally {
      await engine.close();
      removeDir(dir);
    }
  });
});
