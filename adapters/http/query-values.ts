// The values of a query string as express gives them (a string, or a list when repeated, or an
// object for `a[b]=`), read into what a route takes: once or repeated, a name from a list, a
// whole number in a range. Each refusal says what the value must be.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describedAs } from '../../domain/kernel/index.js';
import { DecimalString } from '../../src/position.js';

export type Codec<A = unknown> = t.Type<A, unknown, unknown>;

/** A query value as express gives it: a string, or a list of them when repeated, never nested or empty. */
const plainValues = (u: unknown, c: t.Context): t.Validation<readonly string[]> => {
  const list: readonly unknown[] = Array.isArray(u) ? u : [u];
  if (!list.every((v): v is string => typeof v === 'string'))
    return t.failure(u, c, 'must be a plain value (param=value), not a nested one');
  if (list.some((v) => v === '')) return t.failure(u, c, 'must not be empty');
  return t.success(list);
};

/** A parameter given once (`?limit=10`), its value read by `codec`. */
export const single = <A>(codec: Codec<A>): Codec<A> =>
  describedAs(
    new t.Type<A, unknown, unknown>(
      codec.name,
      codec.is,
      (u, c) => {
        const values = plainValues(u, c);
        if (E.isLeft(values)) return values;
        if (values.right.length > 1) return t.failure(u, c, 'must be given once');
        return codec.validate(values.right[0], c);
      },
      codec.encode,
    ),
    (convert) => convert(codec),
  );

/** A parameter that may repeat (`?tier=A&tier=B`); with `commas`, also a list (`?tier=A,B`). */
export const repeated = <A>(codec: Codec<A>, { commas = false } = {}): Codec<readonly A[]> =>
  describedAs(
    new t.Type<readonly A[], unknown, unknown>(
      `${codec.name}[]`,
      (u): u is readonly A[] => Array.isArray(u) && u.every(codec.is),
      (u, c) => {
        const values = plainValues(u, c);
        if (E.isLeft(values)) return values;
        const parts = commas ? values.right.flatMap((v) => v.split(',').map((s) => s.trim())) : values.right;
        const out: A[] = [];
        for (const part of parts) {
          const result = codec.validate(part, c);
          if (E.isLeft(result)) return result;
          out.push(result.right);
        }
        return t.success(out);
      },
      t.identity,
    ),
    (convert) => ({ type: 'array', items: convert(codec) }),
  );

/** A name from a list, the wrong one named in the message (a list parameter may hold many). */
export const nameFrom = (values: readonly string[]): Codec<string> =>
  describedAs(
    new t.Type<string, unknown, unknown>(
      'Name',
      (u): u is string => typeof u === 'string' && values.includes(u),
      (u, c) =>
        typeof u === 'string' && values.includes(u)
          ? t.success(u)
          : t.failure(
              u,
              c,
              `must be one of ${values.join(', ')}, or a comma-separated list of them (not ${String(u)})`,
            ),
      t.identity,
    ),
    { type: 'string', enum: [...values] },
  );

const WHOLE = /^-?[0-9]{1,15}$/;

/** A whole number written in a query, in [min, max]. */
export const wholeNumber = (min: number, max: number): Codec<number> =>
  describedAs(
    new t.Type<number, unknown, unknown>(
      'WholeNumber',
      (u): u is number => Number.isSafeInteger(u),
      (u, c) => {
        const n = typeof u === 'string' && WHOLE.test(u) ? Number(u) : NaN;
        return n >= min && n <= max
          ? t.success(n)
          : t.failure(u, c, `must be a whole number from ${min} to ${max}`);
      },
      String,
    ),
    { type: 'integer', minimum: min, maximum: max },
  );

export const isWholeNumber = (value: string): boolean => WHOLE.test(value);

/** A revision or position a client sends: the core's one codec of them. */
export const Position = DecimalString;
