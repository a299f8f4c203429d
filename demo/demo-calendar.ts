// The demo book's time: 24 closed months ending last month, seen from the day it is loaded
// (its anchor: the clock's UTC date, or `kare demo --as-of`), so the book is current whenever it
// is loaded, and the same book for the same seed and anchor.
import {
  addDays,
  addPeriods,
  endOfPeriod,
  periodOf,
  type IsoDate,
  type Period,
} from '../domain/kernel/index.js';

/** The UTC date of a clock reading (milliseconds): the default anchor of the book. */
export const utcDateOf = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

/** Today's UTC date by the wall clock. */
export const utcToday = (): IsoDate => utcDateOf(Date.now());

/** Closed months of revenue in the book. */
export const DEMO_MONTHS = 24;

export interface DemoCalendar {
  readonly today: IsoDate;
  /** The first closed month (month index 0). */
  readonly firstPeriod: Period;
  /**
   * The last closed month (month index DEMO_MONTHS − 1): the month before the last simulated
   * day's, whose billing run (on the 1st) is in the book.
   */
  readonly lastPeriod: Period;
  /** The first simulated day: the first day of firstPeriod. */
  readonly start: IsoDate;
  /** The last simulated day: the day before today (the book is as of this morning). */
  readonly end: IsoDate;
  /** The period of a month index (0 = firstPeriod; DEMO_MONTHS = the last simulated day's month). */
  period(month: number): Period;
  /** Day `day` of month index `month` (clamped to the month's last day). */
  on(month: number, day: number): IsoDate;
  /** The month index of a date. */
  monthOf(date: IsoDate): number;
}

export const demoCalendar = (today: IsoDate): DemoCalendar => {
  // On the 1st, last month's billing run would fall on today: the book closes the month before.
  const lastPeriod = addPeriods(periodOf(addDays(today, -1)), -1);
  const firstPeriod = addPeriods(lastPeriod, -(DEMO_MONTHS - 1));
  const period = (month: number): Period => addPeriods(firstPeriod, month);
  return {
    today,
    firstPeriod,
    lastPeriod,
    start: `${firstPeriod}-01`,
    end: addDays(today, -1),
    period,
    on: (month, day) => {
      const last = endOfPeriod(period(month));
      const wanted = `${period(month)}-${String(day).padStart(2, '0')}`;
      return wanted > last ? last : wanted;
    },
    monthOf: (date) => {
      const [y0, m0] = firstPeriod.split('-').map(Number) as [number, number];
      const [y, m] = date.split('-').map(Number) as [number, number];
      return (y - y0) * 12 + (m - m0);
    },
  };
};

/** `YYYY-MM-DDTHH:MM:00.000Z`. */
export const atTime = (date: IsoDate, hour: number, minute = 0): string =>
  `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
