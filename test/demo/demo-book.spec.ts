// The demo book: written through the real pipeline, deterministic for a seed and an anchor,
// ending on its anchor, telling the business's story (one season, a build-up short of the
// popular SKUs, off-season promotions, rebates tilted by tier, stock reported by resellers) and
// every story the read models should show. The small books here are the featured cast (24
// accounts) or a few more, anchored on BOOK_DAY; the full default book has its own spec
// (demo-full-book.spec.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../domain/index.js';
import { COVERAGE_FLAGS } from '../../domain/supply/index.js';
import { addDays, daysBetween, rangesOverlap, type IsoDate } from '../../domain/kernel/index.js';
import { RESELLING_INDUSTRIES } from '../../demo/account-profile.js';
import { DemoOptionsError, loadDemoBook, demoClock, MIN_ACCOUNTS } from '../../demo/demo-book.js';
import { newYearOf, peakOf } from '../../demo/season.js';
import { openEngine } from '../../src/app/open-engine.js';
import { type Engine } from '../../src/engine.js';
import type { StoredEvent } from '../../src/ports.js';
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

  it('refuses fewer accounts than the featured cast, and a negative seed', async () => {
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
      expect(await engine.store.headPosition()).toBe(0n);
    } finally {
      await engine.close();
      removeDir(dir);
    }
  });
});
