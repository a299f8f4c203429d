import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, endOfPeriod } from '../../../domain/kernel/index.js';

const DAY_MS = 86_400_000;
// What the calendar must agree with: the platform's own reading and writing of dates.
const referenceMs = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);
const referenceDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const FIRST = Date.UTC(1000, 0, 1);
const LAST = Date.UTC(9999, 11, 31);
const aDate = fc
  .integer({ min: FIRST / DAY_MS, max: LAST / DAY_MS })
  .map((day) => referenceDate(day * DAY_MS));

describe('day arithmetic', () => {
  it('adds days as the platform does, across months, leap years and centuries', () => {
    fc.assert(
      fc.property(aDate, fc.integer({ min: -800_000, max: 800_000 }), (date, days) => {
        const expected = referenceDate(referenceMs(date) + days * DAY_MS);
        expect(addDays(date, days)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('counts the days between two dates as the platform does', () => {
    fc.assert(
      fc.property(aDate, aDate, (a, b) => {
        expect(daysBetween(a, b)).toBe(Math.round((referenceMs(b) - referenceMs(a)) / DAY_MS));
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps the leap days and month ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(endOfPeriod('2026-02')).toBe('2026-02-28');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});
