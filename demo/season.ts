// The one season the whole book follows (淡旺季): a peak from 1 December to the eve of the
// Chinese New Year (year-end holidays, then the New Year shopping), an off-season trough for
// seven weeks after it, and ordinary months between. Sales, revenue, the commitments' peaks,
// the build-up deliveries and the promotion calendar all read their dates from here.
import {
  addDays,
  daysBetween,
  endOfPeriod,
  FULL_BP,
  type DateRange,
  type IsoDate,
} from '../domain/kernel/index.js';

/** The first day of the Chinese New Year (春节), by Gregorian year. */
const NEW_YEAR: Readonly<Record<number, IsoDate>> = {
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
  2036: '2036-01-28',
  2037: '2037-02-15',
  2038: '2038-02-04',
  2039: '2039-01-24',
  2040: '2040-02-12',
};

/** The Chinese New Year of a year (outside the table: 1 February, near enough for a demo). */
export const newYearOf = (year: number): IsoDate => NEW_YEAR[year] ?? `${year}-02-01`;

/** Sales in the trough, as a share of the base rate. */
export const TROUGH_FACTOR = 0.75;
/** Days of trough from the New Year on (the Lantern Festival and the slow weeks after). */
const TROUGH_DAYS = 49;
/** The uplift the revenue plan assumes for the peak (commitments draw theirs from 1.5 to 2.0). */
export const TYPICAL_UPLIFT_BP = 17_500;

/** Memoised by year: sales are simulated day by day and ask for the season every day. */
const byYear = <T>(of: (year: number) => T): ((year: number) => T) => {
  const known = new Map<number, T>();
  return (year) => {
    let value = known.get(year);
    if (value === undefined) {
      value = of(year);
      known.set(year, value);
    }
    return value;
  };
};

/** The peak that starts in December of `year`: to the eve of the next Chinese New Year. */
export const peakOf = byYear((year): DateRange => ({
  from: `${year}-12-01`,
  to: addDays(newYearOf(year + 1), -1),
}));

/** The trough after the Chinese New Year of `year`. */
export const troughOf = byYear((year): DateRange => {
  const from = newYearOf(year);
  return { from, to: addDays(from, TROUGH_DAYS - 1) };
});

const inRange = (range: DateRange, day: IsoDate): boolean => day >= range.from && day <= range.to;

/** The peak a day falls in, if any. */
export const peakOn = (day: IsoDate): DateRange | undefined => {
  const year = Number(day.slice(0, 4));
  return [peakOf(year - 1), peakOf(year)].find((peak) => inRange(peak, day));
};

export const inTrough = (day: IsoDate): boolean => inRange(troughOf(Number(day.slice(0, 4))), day);

/** The season's demand factor of a day: the uplift in the peak, the trough factor after it. */
export const seasonFactor = (day: IsoDate, upliftBp: number = TYPICAL_UPLIFT_BP): number =>
  peakOn(day) !== undefined ? upliftBp / FULL_BP : inTrough(day) ? TROUGH_FACTOR : 1;

/** The average season factor of a calendar month `YYYY-MM` (revenue follows sell-through). */
export const monthSeasonFactor = (period: string): number => {
  const from: IsoDate = `${period}-01`;
  const to = endOfPeriod(period);
  let total = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) total += seasonFactor(day);
  return total / (daysBetween(from, to) + 1);
};
