// How far into its year a plan should be by a day: the elapsed share of the year. Revenue is
// recorded by month once a month has closed, so it is measured against the share of the year
// up to the end of the last closed month; deliveries are dated by day, so against the days gone.
import {
  addPeriods,
  daysBetween,
  endOfPeriod,
  periodOf,
  type IsoDate,
  type Period,
} from '../../domain/kernel/index.js';
import { twoDecimals } from '../tier-status/rounding.js';

export const daysInYear = (year: number): number => daysBetween(`${year}-01-01`, `${year + 1}-01-01`);

/** The days of `year` up to and including `day` (0 before the year, all of them after it). */
export const daysElapsed = (year: number, day: IsoDate): number =>
  Math.min(daysInYear(year), Math.max(0, daysBetween(`${year}-01-01`, day) + 1));

/** The last month of `year` whose revenue counts on `day`: the month before the day's, within the year; null before any. */
export const lastClosedMonth = (year: number, day: IsoDate): Period | null => {
  const closed = addPeriods(periodOf(day), -1);
  if (closed < `${year}-01`) return null;
  return closed > `${year}-12` ? `${year}-12` : closed;
};

/** The days of `year` through the end of its last closed month on `day`. */
export const closedDays = (year: number, day: IsoDate): number => {
  const month = lastClosedMonth(year, day);
  return month === null ? 0 : daysElapsed(year, endOfPeriod(month));
};

export interface Pace {
  /** Achieved ÷ target, to 2 decimals. */
  readonly shareAchieved: number;
  /** The elapsed days ÷ the year's days, to 2 decimals. */
  readonly expectedShare: number;
  /** Achieved at least target × elapsed share (compared exactly, before rounding). */
  readonly onPace: boolean;
}

export const paceOf = (achieved: number, target: number, elapsed: number, year: number): Pace => {
  const days = daysInYear(year);
  return {
    shareAchieved: twoDecimals(achieved / target),
    expectedShare: twoDecimals(elapsed / days),
    onPace: achieved * days >= target * elapsed,
  };
};
