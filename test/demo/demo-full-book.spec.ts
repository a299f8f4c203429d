// The full default demo book (`kare demo` without options), as `npm run demo` serves it: its
// size, its tier spread and that every event type and flag is in it. About 40 s of loading on
// two cores (its speed is measured by `npm run bench -- --only=demo`, not here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../domain/index.js';
import { INDUSTRIES } from '../../domain/kernel/index.js';
import { COVERAGE_FLAGS } from '../../domain/supply/index.js';
import { DEMO_ACCOUNTS, type DemoSummary } from '../../demo/demo-book.js';
import { DEMO_TODAY } from '../../demo/demo-calendar.js';
import { openEngine } from '../../src/app/open-engine.js';
import { type Engine } from '../../src/engine.js';
import type { PresentedRow } from '../../projections/read-model.js';
import { allEvents, presented, removeDir, tempDir, writeDemo } from './demo-fixture.js';

describe('the full default demo book', () => {
  let dir: string;
  let engine: Engine;
  let summary: DemoSummary;
  let types: Set<string>;
  let tiers: PresentedRow[];

  beforeAll(async () => {
    dir = tempDir('demo-full');
    summary = await writeDemo(dir);
    engine = openEngine({ dataDir: dir });
    types = new Set((await allEvents(engine)).map((event) => event.type));
    tiers = await presented(engine, 'tier-status', DEMO_TODAY);
  }, 300_000);

  afterAll(async () => {
    await engine?.close();
    removeDir(dir);
  });

  it('has at least 300 accounts over the 9 industries', () => {
    expect(summary.accounts).toBe(DEMO_ACCOUNTS);
    // The README's tour quotes positions of this book (Last-Event-ID 72000, the command at 72103):
    // a change to the generator that moves them must update the README too.
    expect(summary.head).toBe(72_101n);
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
    const rows = await presented(engine, 'stock-coverage', DEMO_TODAY);
    const raised = (flag: string) => rows.filter((row) => (row['flags'] as string[]).includes(flag)).length;
    for (const flag of COVERAGE_FLAGS) expect(raised(flag), flag).toBeGreaterThan(0);
    expect(raised('STALE_DATA')).toBeLessThanOrEqual(Math.ceil(rows.length * 0.02));
  });

  it('shows the tier-status and promotion flags', async () => {
    expect(tiers.some((row) => row['capBreach'] === true)).toBe(true);
    expect(tiers.filter((row) => (row['nearFloor'] as string[]).length > 0).length).toBeGreaterThan(10);
    const promotions = await presented(engine, 'promotion-history', DEMO_TODAY);
    expect(promotions.some((row) => row['negativeUplift'] === true)).toBe(true);
    expect(promotions.some((row) => row['overlapsPeak'] === true)).toBe(true);
  });
});
