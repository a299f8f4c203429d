// The demo book: written through the real pipeline, deterministic for a seed, telling every
// story the read models should show. The small books here are the featured cast (24 accounts)
// or a few more; the full default book has its own spec (demo-full-book.spec.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../domain/index.js';
import { COVERAGE_FLAGS } from '../../domain/supply/index.js';
import { DEMO_TODAY } from '../../demo/demo-calendar.js';
import { DemoOptionsError, loadDemoBook, demoClock, MIN_ACCOUNTS } from '../../demo/demo-book.js';
import { openEngine } from '../../src/app/open-engine.js';
import { type Engine } from '../../src/engine.js';
import type { StoredEvent } from '../../src/ports.js';
import { allEvents, presented, removeDir, tempDir, writeDemo } from './demo-fixture.js';

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
      expect(event.recordedAt < `${DEMO_TODAY}T00:00:00.000Z`).toBe(true);
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
    expect(reports.sort().at(-1)).toBe('2026-11-22');
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
    const statuses = await presented(engine, 'tier-status', DEMO_TODAY);
    expect(statuses.filter((row) => row['status'] === 'LOST')).toHaveLength(1);
    expect(statuses.filter((row) => row['status'] === 'AT_RISK').length).toBeGreaterThanOrEqual(2);
  });

  it('allocates a shortage by tier: A filled, the others cut', () => {
    const allocations = ofType('SupplyAllocated');
    expect(allocations.length).toBeGreaterThanOrEqual(3);
    expect(allocations.some((event) => event.data['fillRatioBp'] === 10_000)).toBe(true);
    expect(allocations.some((event) => (event.data['fillRatioBp'] as number) < 10_000)).toBe(true);
    expect(new Set(allocations.map((event) => event.metadata.actor))).toEqual(new Set(['process:shortage']));
  });

  it('raises every stock-coverage flag as of today, STALE_DATA on a few rows only', async () => {
    const rows = await presented(engine, 'stock-coverage', DEMO_TODAY);
    const raised = (flag: string) => rows.filter((row) => (row['flags'] as string[]).includes(flag)).length;
    for (const flag of COVERAGE_FLAGS) expect(raised(flag), flag).toBeGreaterThan(0);
    expect(raised('STALE_DATA')).toBeLessThanOrEqual(3);
  });

  it('shows a cap breach, accounts near a floor and an A/B account without a manager', async () => {
    const rows = await presented(engine, 'tier-status', DEMO_TODAY);
    expect(rows.some((row) => row['capBreach'] === true)).toBe(true);
    expect(rows.some((row) => (row['nearFloor'] as string[]).length > 0)).toBe(true);
    expect(
      rows.some((row) => (row['tier'] === 'A' || row['tier'] === 'B') && row['managerId'] === null),
    ).toBe(true);
    expect(rows.some((row) => row['overrideTier'] !== null)).toBe(true);
  });

  it('measures promotions with a negative uplift and promotions overlapping a peak', async () => {
    const rows = await presented(engine, 'promotion-history', DEMO_TODAY);
    expect(rows.some((row) => row['negativeUplift'] === true)).toBe(true);
    expect(rows.some((row) => row['overlapsPeak'] === true)).toBe(true);
    expect(
      rows.filter((row) => row['uplift'] !== null && (row['uplift'] as number) > 0).length,
    ).toBeGreaterThan(rows.filter((row) => row['negativeUplift'] === true).length);
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

describe('the demo book for a seed', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  const fingerprint = async (seed: number) => {
    const dir = tempDir('demo-seed');
    dirs.push(dir);
    await writeDemo(dir, { seed, accounts: MIN_ACCOUNTS });
    const engine = openEngine({ dataDir: dir });
    try {
      return (await allEvents(engine)).map(
        (e) =>
          `${e.globalPosition.toString()} ${e.streamId}@${e.revision.toString()} ${e.eventId} ${e.recordedAt} ${e.hash}`,
      );
    } finally {
      await engine.close();
    }
  };

  it('is the same book, event for event and hash for hash, every time; another seed gives another', async () => {
    const first = await fingerprint(7);
    const again = await fingerprint(7);
    expect(again).toEqual(first);
    const other = await fingerprint(8);
    expect(other).not.toEqual(first);
  }, 120_000);
});

describe('the demo book’s options', () => {
  it('refuses fewer accounts than the featured cast, and a negative seed', async () => {
    const dir = tempDir('demo-options');
    const clock = demoClock();
    const engine = openEngine({ dataDir: dir, clock });
    try {
      await expect(loadDemoBook(engine, clock, { accounts: MIN_ACCOUNTS - 1 })).rejects.toThrow(
        DemoOptionsError,
      );
      await expect(loadDemoBook(engine, clock, { seed: -1 })).rejects.toThrow(DemoOptionsError);
      expect(await engine.store.headPosition()).toBe(0n);
    } finally {
      await engine.close();
      removeDir(dir);
    }
  });
});
