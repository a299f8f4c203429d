// The demo book's time: 24 closed months ending last month, seen from a fixed "today", so the
// book looks current when served that day and is the same book whenever it is generated.
import {
  addDays,
  addPeriods,
  endOfPeriod,
  periodOf,
  type IsoDate,
  type Period,
} from '../domain/kernel/index.js';

/** The day the demo book is current on: its stock reports are a few days old then. */
export const DEMO_TODAY: IsoDate = '2026-11-26';

/** Closed months of revenue in the book. */
export const DEMO_MONTHS = 24;

export interface DemoCalendar {
  readonly today: IsoDate;
  /** The first closed month (month index 0). */
  readonly firstPeriod: Period;
  /** The last closed month (month index DEMO_MONTHS − 1): the month before today's. */
  readonly lastPeriod: Period;
  /** The first simulated day: the first day of firstPeriod. */
  readonly start: IsoDate;
  /** The last simulated day: the day before today (the book is as of this morning). */
  readonly end: IsoDate;
  /** The period of a month index (0 = firstPeriod; DEMO_MONTHS = today's month). */
  period(month: number): Period;
  /** Day `day` of month index `month` (clamped to the month's last day). */
  on(month: number, day: number): IsoDate;
  /** The month index of a date. */
  monthOf(date: IsoDate): number;
}

export const demoCalendar = (today: IsoDate = DEMO_TODAY): DemoCalendar => {
  const lastPeriod = addPeriods(periodOf(today), -1);
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

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: IsoDate): number => new Date(`${date}T00:00:00.000Z`).getUTCDay();
