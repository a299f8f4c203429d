import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addPeriods,
  daysBetween,
  endOfPeriod,
  periodsBetween,
} from '../../../domain/kernel/index.js';

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

// The month arithmetic as the platform's Date reckons it (what the calendar did before it read
// dates digit by digit).
const referenceAddMonths = (date: string, months: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return referenceDate(Date.UTC(year, month, Math.min(d, lastDay)));
};

describe('month arithmetic', () => {
  it('adds months as the platform does, clamped to the month end', () => {
    fc.assert(
      fc.property(aDate, fc.integer({ min: -24_000, max: 24_000 }), (date, months) => {
        expect(addMonths(date, months)).toBe(referenceAddMonths(date, months));
      }),
      { numRuns: 20_000 },
    );
  });

  it('adds periods, counts them and ends them as the platform does', () => {
    fc.assert(
      fc.property(aDate, fc.integer({ min: -24_000, max: 24_000 }), (date, n) => {
        const period = date.slice(0, 7);
        const later = addPeriods(period, n);
        expect(later).toBe(referenceAddMonths(`${period}-01`, n).slice(0, 7));
        // Counted back where both years have four digits (Date reads a year 0–99 as 19xx).
        if (Math.abs(n) < 12_000 && period >= '2000' && period < '3000')
          expect(periodsBetween(period, later)).toBe(n);
        expect(endOfPeriod(period)).toBe(
          referenceDate(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)),
        );
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads what is not a plain date or period as before', () => {
    expect(addPeriods('2026-13', 1)).toBe('2027-02');
    expect(addMonths('2026-02-30', 1)).toBe('2026-03-30');
    expect(addPeriods('0999-12', 1)).toBe('1000-01');
    expect(addPeriods('9999-12', 1)).toBe('+010000-01'.slice(0, 7));
    expect(periodsBetween('2026-13', '2027-01')).toBe(0);
  });
});
