// Dates, timestamps, periods and windows, with the pure arithmetic the rules need.
// Nothing here reads a clock: every "now" comes from a command's `at`.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { checkedAsInput, refine, struct } from './codec.js';
import { describedAs } from './json-schema.js';
import { UpliftBp } from './basis-points.js';

const DAY_MS = 86_400_000;

const isCalendarDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

// A date stored forever lies in 2000–2999: a year 1 or 9999 is a typo or an attack (revenue
// booked for 2099), never business. What was recorded before this bound still reads (`recorded`).
const FIRST_YEAR = '2000';
const LAST_YEAR = '2999';
const inYears = (s: string): boolean => s.slice(0, 4) >= FIRST_YEAR && s.slice(0, 4) <= LAST_YEAR;
/** Year 2000–2999, for a schema's pattern. */
const YEAR_PATTERN = '2\\d{3}';

/** `YYYY-MM-DD`, a real calendar day, from 2000-01-01 to 2999-12-31. */
export const IsoDate = checkedAsInput(
  refine(t.string, isCalendarDate, 'IsoDate', 'must be a date YYYY-MM-DD', { format: 'date' }),
  inYears,
  'IsoDate',
  `must be a date YYYY-MM-DD from ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31`,
  { pattern: `^${YEAR_PATTERN}-\\d{2}-\\d{2}$` },
);
export type IsoDate = string;

/** `YYYY-MM`, from 2000-01 to 2999-12. */
export const Period = checkedAsInput(
  refine(t.string, (s) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s), 'Period', 'must be a period YYYY-MM', {
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  }),
  inYears,
  'Period',
  `must be a period YYYY-MM from ${FIRST_YEAR}-01 to ${LAST_YEAR}-12`,
  { pattern: `^${YEAR_PATTERN}-(0[1-9]|1[0-2])$` },
);
export type Period = string;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 timestamp with a zone. Decoding normalises it to UTC with milliseconds
 * (`2026-03-01T08:00:00.000Z`), so timestamps compare correctly as strings.
 */
const AnyIsoDateTime = describedAs(
  new t.Type<string, string, unknown>(
    'IsoDateTime',
    (u): u is string => typeof u === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(u),
    (u, c) => {
      if (typeof u !== 'string' || !ISO_DATE_TIME.test(u) || !isCalendarDate(u.slice(0, 10))) {
        return t.failure(u, c, 'must be an ISO 8601 timestamp with a time zone, e.g. 2026-03-01T08:00:00Z');
      }
      const ms = Date.parse(u);
      return Number.isNaN(ms)
        ? t.failure(u, c, 'must be a valid timestamp')
        : t.success(new Date(ms).toISOString());
    },
    t.identity,
  ),
  { type: 'string', format: 'date-time', description: 'ISO 8601 with a time zone; stored in UTC' },
);

/** As stored, in UTC: from 2000-01-01 to 2999-12-31. */
export const IsoDateTime = checkedAsInput(
  AnyIsoDateTime,
  inYears,
  'IsoDateTime',
  `must be a timestamp from ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31 (UTC)`,
  { description: `ISO 8601 with a time zone; stored in UTC, from ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31` },
);
export type IsoDateTime = string;

const rangeFields = { from: IsoDate, to: IsoDate };

/** An object with inclusive `from` and `to` dates (and maybe more fields) whose `to` is not before `from`. */
const orderedRange = <P extends t.Props>(name: string, fields: P) => {
  const shape = struct(name, { ...rangeFields, ...fields });
  type Range = t.TypeOf<typeof shape>;
  const ordered = (range: Range): boolean => range.to >= range.from;
  return describedAs(
    new t.Type<Range, unknown, unknown>(
      name,
      (u): u is Range => shape.is(u) && ordered(u),
      (u, c) => {
        const decoded = shape.validate(u, c);
        if (E.isLeft(decoded) || ordered(decoded.right)) return decoded;
        const { from, to } = decoded.right;
        // The error names `to`, the field a person would correct.
        return t.failure(
          to,
          [...c, { key: 'to', type: IsoDate, actual: to }],
          `must not be before from (${from})`,
        );
      },
      t.identity,
    ),
    (convert) => ({ ...convert(shape), description: 'Both ends inclusive; `to` is not before `from`' }),
  );
};

/** A window or validity: both ends inclusive. */
export const DateRange = orderedRange('DateRange', {});
export type DateRange = t.TypeOf<typeof DateRange>;

/** A peak season: demand × upliftBp / 10 000 between from and to. */
export const Peak = orderedRange('Peak', { upliftBp: UpliftBp });
export type Peak = t.TypeOf<typeof Peak>;

// Day arithmetic runs in the inner loops of the projections (a coverage figure walks its days),
// so a date is read and written digit by digit: 6× what Date.parse and toISOString cost.
const digit = (date: string, i: number): number => date.charCodeAt(i) - 48;

const toMs = (date: IsoDate): number =>
  date.length === 10
    ? Date.UTC(
        digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3),
        digit(date, 5) * 10 + digit(date, 6) - 1,
        digit(date, 8) * 10 + digit(date, 9),
      )
    : Date.parse(`${date}T00:00:00.000Z`);

const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** The civil date of a day count since 1970-01-01 (H. Hinnant's days_from_civil, inverted). */
const fromMs = (ms: number): IsoDate => {
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year < 1000 || year > 9999
    ? new Date(ms).toISOString().slice(0, 10)
    : `${year}-${twoDigits(month)}-${twoDigits(day)}`;
};

/** The calendar day (UTC) of a timestamp. */
export const dateOf = (at: IsoDateTime): IsoDate => at.slice(0, 10);
/** The period (`YYYY-MM`) of a date or timestamp. */
export const periodOf = (dateOrTime: string): Period => dateOrTime.slice(0, 7);

export const addDays = (date: IsoDate, days: number): IsoDate => fromMs(toMs(date) + days * DAY_MS);
/** Whole days from `a` to `b` (negative when b is before a). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((toMs(b) - toMs(a)) / DAY_MS);

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The days of month `month` (1–12) of `year`. */
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);

/** The year and month of a month index (year × 12 + month − 1). */
const monthOfIndex = (index: number): { readonly year: number; readonly month: number } => {
  const year = Math.floor(index / 12);
  return { year, month: index - year * 12 + 1 };
};

// Month arithmetic runs per event in the projections (a month's window, the month before), so
// a period in the years 1000–9999 is read and written digit by digit; others go through Date.
const fourDigitYear = (year: number): boolean => year >= 1000 && year <= 9999;

const isDigitAt = (s: string, i: number): boolean => {
  const code = s.charCodeAt(i);
  return code >= 48 && code <= 57;
};

/** The month index of a `YYYY-MM…` string (year 1000–9999, month 01–12); NaN when it is not one. */
const monthIndexOf = (s: string): number => {
  if (s.charCodeAt(4) !== 45) return Number.NaN; // '-'
  const digits =
    isDigitAt(s, 0) &&
    isDigitAt(s, 1) &&
    isDigitAt(s, 2) &&
    isDigitAt(s, 3) &&
    isDigitAt(s, 5) &&
    isDigitAt(s, 6);
  if (!digits) return Number.NaN;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  return fourDigitYear(year) && month >= 1 && month <= 12 ? year * 12 + month - 1 : Number.NaN;
};

const periodText = (year: number, month: number): Period => `${year}-${twoDigits(month)}`;

/** The platform's reading: what every date outside the fast paths gets. */
const addMonthsByDate = (date: IsoDate, months: number): IsoDate => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(year, month, Math.min(d, lastDay)));
};

/** Same day of month `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export const addMonths = (date: IsoDate, months: number): IsoDate => {
  const from = date.length === 10 && date.charCodeAt(7) === 45 ? monthIndexOf(date) : Number.NaN;
  const day = digit(date, 8) * 10 + digit(date, 9);
  const readable = !Number.isNaN(from) && isDigitAt(date, 8) && isDigitAt(date, 9) && day >= 1 && day <= 31;
  if (!readable || !Number.isInteger(months)) return addMonthsByDate(date, months);
  const { year, month } = monthOfIndex(from + months);
  if (!fourDigitYear(year)) return addMonthsByDate(date, months);
  return `${periodText(year, month)}-${twoDigits(Math.min(day, daysInMonth(year, month)))}`;
};

export const addHours = (at: IsoDateTime, hours: number): IsoDateTime =>
  new Date(Date.parse(at) + hours * 3_600_000).toISOString();

export const addPeriods = (period: Period, n: number): Period => {
  const from = period.length === 7 && Number.isInteger(n) ? monthIndexOf(period) : Number.NaN;
  const to = from + n;
  const { year, month } = monthOfIndex(to);
  return Number.isNaN(to) || !fourDigitYear(year)
    ? addMonths(`${period}-01`, n).slice(0, 7)
    : periodText(year, month);
};

/** Number of months from `a` to `b` (b − a). */
export const periodsBetween = (a: Period, b: Period): number => {
  const from = a.length === 7 ? monthIndexOf(a) : Number.NaN;
  const to = b.length === 7 ? monthIndexOf(b) : Number.NaN;
  if (!Number.isNaN(from) && !Number.isNaN(to)) return to - from;
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
};

/** The last day of a period. */
export const endOfPeriod = (period: Period): IsoDate => {
  const index = period.length === 7 ? monthIndexOf(period) : Number.NaN;
  if (Number.isNaN(index)) return addDays(addMonths(`${period}-01`, 1), -1);
  const { year, month } = monthOfIndex(index);
  return `${period}-${daysInMonth(year, month)}`;
};

export const within = (range: DateRange, date: IsoDate): boolean => date >= range.from && date <= range.to;
export const rangeInside = (inner: DateRange, outer: DateRange): boolean =>
  inner.from >= outer.from && inner.to <= outer.to;
export const rangesOverlap = (a: DateRange, b: DateRange): boolean => a.from <= b.to && b.from <= a.to;
