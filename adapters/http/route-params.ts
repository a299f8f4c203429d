// A route's path and query parameters as one io-ts codec: each parameter read by its own codec
// (query-values.ts), a parameter the route does not take named, rules across parameters checked
// on those that decoded, and every mistake collected at once, so a client fixes its request in
// one round trip.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

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
