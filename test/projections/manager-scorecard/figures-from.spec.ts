// figuresFrom trims an account's figures to what a month can ask, and hands back the figures
// themselves when nothing is older: the same result as trimming every entry afresh, but an
// event that drops nothing leaves the stored parts shared (and the projector does not copy them).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPeriods, type IsoDate } from '../../../domain/kernel/index.js';
import type { AccountFigures } from '../../../projections/manager-scorecard/documents.js';
import { figuresFrom } from '../../../projections/manager-scorecard/months.js';

const day = fc
  .record({ month: fc.integer({ min: 0, max: 23 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ month, day: d }) => `${addPeriods('2025-01', month)}-${String(d).padStart(2, '0')}`);
const period = day.map((d) => d.slice(0, 7));
const tier = fc.constantFrom('A' as const, 'B' as const, 'C' as const, 'NONE' as const);

const figures: fc.Arbitrary<AccountFigures> = fc.record({
  registeredOn: fc.constant('2024-12-01'),
  tiers: fc.record({
    evaluated: fc.array(fc.record({ tier, since: day }), { maxLength: 4 }),
    overrides: fc.array(fc.record({ tier, from: day, expiresOn: day }), { maxLength: 3 }),
  }),
  revenue: fc.array(fc.record({ period, amount: fc.nat(), knownOn: day }), { maxLength: 8 }),
  visits: fc.array(fc.record({ on: day, loggedOn: day }), { maxLength: 5 }),
  lostSpans: fc.array(fc.record({ from: day, until: fc.option(day, { nil: null }) }), { maxLength: 3 }),
});

/** The trim as it reads: every kind of entry filtered afresh. */
const reference = (f: AccountFigures, month: string): AccountFigures => {
  const start: IsoDate = `${month}-01`;
  const fromOn = <E>(entries: readonly E[], startOf: (e: E) => IsoDate): E[] => [
    ...entries.filter((e) => startOf(e) <= start).slice(-1),
    ...entries.filter((e) => startOf(e) > start),
  ];
  const latestEarlier = f.visits
    .filter((v) => v.loggedOn < start)
    .reduce<AccountFigures['visits'][number] | undefined>(
      (latest, v) => (latest === undefined || v.on > latest.on ? v : latest),
      undefined,
    );
  return {
    ...f,
    tiers: {
      evaluated: fromOn(f.tiers.evaluated, (e) => e.since),
      overrides: fromOn(f.tiers.overrides, (e) => e.from),
    },
    revenue: f.revenue.filter((e) => e.period >= addPeriods(month, -14)),
    visits: [
      ...(latestEarlier === undefined ? [] : [latestEarlier]),
      ...f.visits.filter((v) => v.loggedOn >= start),
    ],
    lostSpans: f.lostSpans.filter((s) => s.until === null || s.until >= start),
  };
};

describe('figuresFrom', () => {
  it('gives what trimming every entry afresh gives, the figures themselves when nothing is older', () => {
    fc.assert(
      fc.property(figures, period, (f, month) => {
        const trimmed = figuresFrom(f, month);
        const expected = reference(f, month);
        expect(JSON.stringify(trimmed)).toBe(JSON.stringify(expected));
        if (JSON.stringify(expected) === JSON.stringify(f)) expect(trimmed).toBe(f);
        // Trimming again drops nothing more.
        expect(figuresFrom(trimmed, month)).toBe(trimmed);
      }),
      { numRuns: 2_000 },
    );
  });
});
