// The average daily sales reads only the reports inside its window and counts peak days on day
// numbers; this spec holds it to the plain reading of the rule: every report walked, every day
// of every season listed as a date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, POLICY_V1, type Peak } from '../../../domain/kernel/index.js';
import { averageDailySales, demandBetween, type CoverageStockReport } from '../../../domain/supply/index.js';

const FULL_BP = 10_000;

/** Σ of the uplifts of the days in (from, to], a day two seasons cover counting in the first. */
const plainDemandDays = (from: string, to: string, seasons: readonly Peak[]): number => {
  if (to <= from) return 0;
  const counted = new Set<string>();
  let extra = 0;
  for (const season of seasons) {
    let days = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      if (day < season.from || day > season.to || counted.has(day)) continue;
      counted.add(day);
      days += 1;
    }
    extra += days * (season.upliftBp / FULL_BP - 1);
  }
  return daysBetween(from, to) + extra;
};

const plainAverage = (reports: readonly CoverageStockReport[], seasons: readonly Peak[]) => {
  const latest = reports.at(-1)!;
  const windowStart = addDays(latest.asOf, -POLICY_V1.coverage.adsWindowDays);
  let sold = 0;
  let days = 0;
  reports.reduce((previous, report) => {
    const counted = daysBetween(previous.asOf > windowStart ? previous.asOf : windowStart, report.asOf);
    const weight = plainDemandDays(previous.asOf, report.asOf, seasons);
    if (counted > 0 && weight > 0) {
      sold += (report.soldSinceLast * counted) / weight;
      days += counted;
    }
    return report;
  });
  return days >= POLICY_V1.coverage.adsMinDays
    ? { status: 'OK', ads: sold / days, days }
    : { status: 'INSUFFICIENT_DATA', ads: null, days };
};

const START = '2025-01-01';
const reportsArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 500 })), {
    minLength: 1,
    maxLength: 60,
  })
  .map((steps) => {
    let day = START;
    return steps.map(([gap, sold]) => {
      day = addDays(day, gap);
      return { asOf: day, onHand: 100, soldSinceLast: sold };
    });
  });
const seasonArb = fc
  .tuple(
    fc.integer({ min: -10, max: 400 }),
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 1, max: 40_000 }),
  )
  .map(([start, length, upliftBp]) => ({
    from: addDays(START, start),
    to: addDays(START, start + length),
    upliftBp,
  }));

describe('average daily sales over a long history', () => {
  it('is what walking every report and every season day by day gives', () => {
    fc.assert(
      fc.property(reportsArb, fc.array(seasonArb, { maxLength: 4 }), (reports, seasons) => {
        expect(averageDailySales(reports, POLICY_V1, seasons)).toEqual(plainAverage(reports, seasons));
      }),
      { numRuns: 2000 },
    );
  });

  it('weighs overlapping seasons by the first listed, as the plain reading does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 120 }),
        fc.array(seasonArb, { minLength: 2, maxLength: 4 }),
        (start, length, seasons) => {
          const from = addDays(START, start);
          const to = addDays(from, length);
          expect(demandBetween(1, from, to, seasons)).toBe(plainDemandDays(from, to, seasons));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
