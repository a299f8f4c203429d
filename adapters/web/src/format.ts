// Numbers and dates for people, in the reader's language: money in minor units becomes ¥ with
// thousands separators, basis points and ratios become percentages, ISO days and moments
// become the locale's dates. A missing value is an en dash, never "null" or "NaN".
import type { Lang } from './i18n.js';

const DASH = '–';

const cache = new Map<string, Intl.NumberFormat>();
const numberFormat = (lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
  const id = `${lang}:${JSON.stringify(options)}`;
  let format = cache.get(id);
  if (format === undefined) {
    format = new Intl.NumberFormat(lang, options);
    cache.set(id, format);
  }
  return format;
};

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Minor units (1000 = ¥10.00) in `currency`. */
export const money = (lang: Lang, minor: unknown, currency = 'CNY'): string =>
  isNumber(minor)
    ? numberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(minor / 100)
    : DASH;

/** Whole yuan, for charts' axes and matrices where cents are noise. */
export const moneyRounded = (lang: Lang, minor: unknown, currency = 'CNY'): string =>
  isNumber(minor)
    ? numberFormat(lang, {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        maximumFractionDigits: 0,
      }).format(minor / 100)
    : DASH;

export const count = (lang: Lang, value: unknown, digits = 0): string =>
  isNumber(value) ? numberFormat(lang, { maximumFractionDigits: digits }).format(value) : DASH;

/** A ratio (0.22 = 22 %). */
export const percent = (lang: Lang, ratio: unknown, digits = 1): string =>
  isNumber(ratio)
    ? numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(ratio)
    : DASH;

/** Basis points (1200 = 12 %). */
export const basisPoints = (lang: Lang, bp: unknown): string =>
  isNumber(bp) ? percent(lang, bp / 10_000, 2) : DASH;

/** An ISO day (YYYY-MM-DD), read as a calendar day: no time zone moves it. */
export const day = (lang: Lang, iso: unknown): string =>
  typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)
    ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${iso}T00:00:00Z`),
      )
    : DASH;

/** An ISO moment, in the reader's time zone. */
export const moment = (lang: Lang, iso: unknown): string => {
  if (typeof iso !== 'string') return DASH;
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? DASH
    : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
};

export const text = (value: unknown): string =>
  value === null || value === undefined || value === '' ? DASH : String(value);

/** Today as YYYY-MM-DD in UTC (the API's days are UTC days). */
export const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** `iso` moved by `days` (negative for earlier). */
export const addDays = (iso: string, days: number): string => {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};
