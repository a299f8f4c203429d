// Reading a query string the way every GET route here needs it: each parameter checked against
// what the route takes, every mistake collected (path `query.<param>`) and answered at once as a
// 400 with all of them, so a client fixes its request in one round trip, never a 500.
import { isRight } from 'fp-ts/lib/Either.js';
import type { FieldError } from '../../domain/kernel/index.js';
import { IsoDate, IsoDateTime, Period } from '../../domain/kernel/index.js';
import { ProblemError, validationProblem } from './problem.js';

/** Decimal digits of a revision or position: at most 20 (bigint in code, never Number()). */
const DECIMAL = /^[0-9]{1,20}$/;
const INTEGER = /^-?[0-9]{1,15}$/;

export const isDate = (value: string): boolean => isRight(IsoDate.decode(value));
export const isPeriod = (value: string): boolean => isRight(Period.decode(value));
export const isInteger = (value: string): boolean => INTEGER.test(value);
export const isBoolean = (value: string): boolean => value === 'true' || value === 'false';

export class QueryReader {
  private readonly errors: FieldError[] = [];

  constructor(private readonly query: Readonly<Record<string, unknown>>) {}

  /** The parameters given, in the order of the query string. */
  names(): readonly string[] {
    return Object.keys(this.query);
  }

  error(param: string, message: string): void {
    this.errors.push({ path: `query.${param}`, message });
  }

  /** Every parameter must be one of `allowed`. */
  onlyThese(allowed: readonly string[]): void {
    for (const name of this.names()) {
      if (!allowed.includes(name))
        this.error(
          name,
          `is not a parameter of this route; it takes ${allowed.length === 0 ? 'none' : allowed.join(', ')}`,
        );
    }
  }

  /** All the values of a repeatable parameter; undefined when absent. */
  values(param: string): readonly string[] | undefined {
    if (!Object.hasOwn(this.query, param)) return undefined;
    const given = this.query[param];
    const list = Array.isArray(given) ? (given as unknown[]) : [given];
    if (!list.every((value): value is string => typeof value === 'string')) {
      this.error(param, 'must be a plain value (param=value), not a nested one');
      return undefined;
    }
    if (list.some((value) => value === '')) {
      this.error(param, 'must not be empty');
      return undefined;
    }
    return list;
  }

  /** The value of a parameter given at most once; undefined when absent (or wrong: see `done`). */
  single(param: string): string | undefined {
    const values = this.values(param);
    if (values === undefined) return undefined;
    if (values.length > 1) {
      this.error(param, 'must be given once');
      return undefined;
    }
    return values[0];
  }

  /** A whole number in [min, max]. */
  integer(param: string, min: number, max: number): number | undefined {
    const value = this.single(param);
    if (value === undefined) return undefined;
    const n = INTEGER.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) {
      this.error(param, `must be a whole number from ${min} to ${max}`);
      return undefined;
    }
    return n;
  }

  /** A revision or global position: a decimal string, as this API gives them out. */
  decimal(param: string): bigint | undefined {
    const value = this.single(param);
    if (value === undefined) return undefined;
    if (!DECIMAL.test(value)) {
      this.error(param, 'must be a decimal number ≥ 0 (a revision or position as this API gives them)');
      return undefined;
    }
    return BigInt(value);
  }

  date(param: string): string | undefined {
    const value = this.single(param);
    if (value === undefined) return undefined;
    if (!isDate(value)) {
      this.error(param, 'must be a date YYYY-MM-DD');
      return undefined;
    }
    return value;
  }

  /** An ISO 8601 timestamp with a zone, normalised to UTC with milliseconds. */
  dateTime(param: string): string | undefined {
    const value = this.single(param);
    if (value === undefined) return undefined;
    const decoded = IsoDateTime.decode(value);
    if (!isRight(decoded)) {
      this.error(param, 'must be an ISO 8601 timestamp with a time zone, e.g. 2026-03-01T08:00:00Z');
      return undefined;
    }
    return decoded.right;
  }

  oneOf<T extends string>(param: string, allowed: readonly T[]): T | undefined {
    const value = this.single(param);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.error(param, `must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  /** Throws the 400 naming every mistake found so far. */
  done(): void {
    if (this.errors.length > 0) throw new ProblemError(validationProblem(this.errors, 'The query'));
  }
}
