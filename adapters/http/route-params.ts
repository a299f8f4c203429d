// A route's path and query parameters as io-ts codecs: each parameter read by its codec, a
// parameter the route does not take named, rules across parameters checked on those that
// decoded, and every mistake collected at once, so a client fixes its request in one round trip.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describedAs } from '../../domain/kernel/index.js';

export type Codec<A = unknown> = t.Type<A, unknown, unknown>;

export interface Param<A = unknown> {
  readonly codec: t.Decoder<unknown, A>;
  readonly description: string;
  /** For the document: what the route uses when the parameter is absent. */
  readonly default?: unknown;
}

export const param = <A>(
  description: string,
  codec: t.Decoder<unknown, A>,
  fallback?: unknown,
): Param<A> => ({
  codec,
  description,
  ...(fallback === undefined ? {} : { default: fallback }),
});

export type Params = Readonly<Record<string, Param>>;
export type Decoded<P extends Params> = {
  readonly [K in keyof P]?: P[K] extends Param<infer A> ? A : never;
};

export interface ParamsCodec<P extends Params = Params> extends t.Type<Decoded<P>, unknown, unknown> {
  readonly params: P;
}

export interface ParamsOptions<A> {
  /** A parameter the route does not declare is a 400 (default) or ignored. */
  readonly others?: 'refused' | 'ignored';
  /** Rules across parameters, given those that decoded: the parameters breaking one, with why. */
  readonly check?: (decoded: A) => readonly { readonly param: string; readonly message: string }[];
}

export const paramsOf = <P extends Params>(
  params: P,
  options: ParamsOptions<Decoded<P>> = {},
): ParamsCodec<P> => {
  const names = Object.keys(params);
  const takes = names.length === 0 ? 'none' : names.join(', ');
  const codec = new t.Type<Decoded<P>, unknown, unknown>(
    'Params',
    (u): u is Decoded<P> => typeof u === 'object' && u !== null,
    (u, c) => {
      const given = (typeof u === 'object' && u !== null ? u : {}) as Record<string, unknown>;
      const errors: t.ValidationError[] = [];
      const fail = (key: string, message: string) =>
        errors.push({
          value: given[key],
          context: [...c, { key, type: t.unknown, actual: given[key] }],
          message,
        });
      if (options.others !== 'ignored')
        for (const key of Object.keys(given))
          if (!Object.hasOwn(params, key)) fail(key, `is not a parameter of this route; it takes ${takes}`);
      const out: Record<string, unknown> = {};
      for (const [key, { codec: read }] of Object.entries(params)) {
        if (!Object.hasOwn(given, key)) continue;
        const result = read.validate(given[key], [...c, { key, type: read, actual: given[key] }]);
        if (E.isLeft(result)) errors.push(...result.left);
        else out[key] = result.right;
      }
      for (const broken of options.check?.(out as Decoded<P>) ?? []) fail(broken.param, broken.message);
      return errors.length > 0 ? t.failures(errors) : t.success(out as Decoded<P>);
    },
    t.identity,
  );
  return Object.assign(codec, { params });
};

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
