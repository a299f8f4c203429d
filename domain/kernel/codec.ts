// Building blocks for io-ts codecs that validate with a message and a path, and keep the
// TypeScript types plain (number, string), so values are easy to write in code and tests.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describedAs, type JsonSchema } from './json-schema.js';

/**
 * `base` whose values must also satisfy `predicate` unless the context waives it; `message`
 * says what is wrong, `schema` what the predicate requires in JSON Schema terms.
 */
const refinement = <A, O>(
  base: t.Type<A, O, unknown>,
  predicate: (value: A) => boolean,
  name: string,
  message: string,
  schema: JsonSchema,
  waived: (c: t.Context) => boolean,
): t.Type<A, O, unknown> =>
  describedAs(
    new t.Type<A, O, unknown>(
      name,
      (u): u is A => base.is(u) && predicate(u),
      (u, c) => {
        const decoded = base.validate(u, c);
        if (E.isLeft(decoded) || waived(c) || predicate(decoded.right)) return decoded;
        return t.failure(u, c, message);
      },
      base.encode,
    ),
    (convert) => ({ ...convert(base), description: message, ...schema }),
  );

/** A codec of `base` whose values must also satisfy `predicate`; `message` says what is wrong. */
export const refine = <A, O>(
  base: t.Type<A, O, unknown>,
  predicate: (value: A) => boolean,
  name: string,
  message: string,
  /** What the predicate requires, in JSON Schema terms (merged over the base's schema). */
  schema: JsonSchema = {},
): t.Type<A, O, unknown> => refinement(base, predicate, name, message, schema, () => false);

/**
 * The checks of a value that is about to be stored forever (a period from 2000, text without
 * control characters) are lifted under `recorded`: what an event already recorded is history,
 * read and imported as it was stored, whatever was accepted when it was written. Its shape
 * (`YYYY-MM`, a non-empty string) is still checked.
 */
class Recorded<A, O> extends t.Type<A, O, unknown> {}

const underRecorded = (c: t.Context): boolean => c.some((entry) => entry.type instanceof Recorded);

/** A codec of what was recorded (an event's data): see `checkedAsInput`. */
export const recorded = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> => {
  const read: t.Type<A, O, unknown> = new Recorded<A, O>(
    codec.name,
    (u): u is A => E.isRight(codec.validate(u, [{ key: '', type: read, actual: u }])),
    // io-ts puts this codec in the context it validates with; a caller's own context may not.
    (u, c) => codec.validate(u, underRecorded(c) ? c : [...c, { key: '', type: read, actual: u }]),
    codec.encode,
  );
  return describedAs(read, (convert) => convert(codec));
};

/**
 * `base` with a check that new input must pass before it is stored forever, and that what was
 * recorded before the check existed is not held to (see `recorded`). `message` says what the
 * whole value must be; `schema` is merged over the base's.
 */
export const checkedAsInput = <A, O>(
  base: t.Type<A, O, unknown>,
  predicate: (value: A) => boolean,
  name: string,
  message: string,
  schema: JsonSchema = {},
): t.Type<A, O, unknown> => refinement(base, predicate, name, message, schema, underRecorded);

export const Integer = refine(t.number, Number.isSafeInteger, 'Integer', 'must be an integer', {
  type: 'integer',
});
export const NonNegativeInteger = refine(
  Integer,
  (n) => n >= 0,
  'NonNegativeInteger',
  'must be an integer ≥ 0',
  {
    minimum: 0,
  },
);
export const PositiveInteger = refine(Integer, (n) => n > 0, 'PositiveInteger', 'must be an integer > 0', {
  minimum: 1,
});
export const integerBetween = (min: number, max: number, name: string): t.Type<number, number, unknown> =>
  refine(Integer, (n) => n >= min && n <= max, name, `must be an integer from ${min} to ${max}`, {
    minimum: min,
    maximum: max,
  });

/** A string literal union from a list, with a message naming the allowed values. */
export const oneOf = <const V extends readonly [string, ...string[]]>(
  name: string,
  values: V,
): t.Type<V[number], V[number], unknown> => {
  const allowed: readonly unknown[] = values;
  const is = (u: unknown): u is V[number] => allowed.includes(u);
  const message = `must be one of ${values.join(', ')}`;
  return describedAs(
    new t.Type<V[number], V[number], unknown>(
      name,
      is,
      (u, c) => {
        // A non-string fails as any string field does; a string off the list names the list.
        const text = t.string.validate(u, c);
        if (E.isLeft(text)) return text;
        return is(u) ? t.success(u) : t.failure(u, c, message);
      },
      t.identity,
    ),
    { type: 'string', description: message, enum: [...values] },
  );
};

type Optional<O extends t.Props> = { readonly [K in keyof O]?: t.TypeOf<O[K]> };
type Required<P extends t.Props> = { readonly [K in keyof P]: t.TypeOf<P[K]> };

/**
 * An object codec with required and optional fields that REJECTS unknown fields, so a typo
 * in a request (`discountBps`) is a 400 naming the field, not a silently ignored value.
 * Decoding returns only the known fields.
 */
export const struct = <P extends t.Props, O extends t.Props = Record<never, never>>(
  name: string,
  required: P,
  optional?: O,
): t.Type<Required<P> & Optional<O>, unknown, unknown> => {
  const optionalProps = (optional ?? {}) as O;
  const known = new Set([...Object.keys(required), ...Object.keys(optionalProps)]);
  const isObject = (u: unknown): u is Record<string, unknown> =>
    typeof u === 'object' && u !== null && !Array.isArray(u);
  const codec = new t.Type<Required<P> & Optional<O>, unknown, unknown>(
    name,
    (u): u is Required<P> & Optional<O> =>
      isObject(u) &&
      Object.keys(u).every((k) => known.has(k)) &&
      Object.entries(required).every(([k, codec]) => codec.is(u[k])) &&
      Object.entries(optionalProps).every(([k, codec]) => u[k] === undefined || codec.is(u[k])),
    (u, c) => {
      if (!isObject(u)) return t.failure(u, c, 'must be an object');
      const errors: t.ValidationError[] = [];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(u)) {
        if (!known.has(key)) {
          errors.push({
            value: u[key],
            context: [...c, { key, type: t.never, actual: u[key] }],
            message: 'is not a known field',
          });
        }
      }
      const decode = (key: string, codec: t.Mixed, isOptional: boolean): void => {
        const value = u[key];
        if (value === undefined) {
          if (!isOptional)
            errors.push({
              value,
              context: [...c, { key, type: codec, actual: value }],
              message: 'is required',
            });
          return;
        }
        const result = codec.validate(value, [...c, { key, type: codec, actual: value }]);
        if (E.isLeft(result)) errors.push(...result.left);
        else out[key] = result.right;
      };
      for (const [key, codec] of Object.entries(required)) decode(key, codec, false);
      for (const [key, codec] of Object.entries(optionalProps)) decode(key, codec, true);
      return errors.length > 0 ? t.failures(errors) : t.success(out as Required<P> & Optional<O>);
    },
    (a) => {
      const out: Record<string, unknown> = {};
      for (const [key, codec] of Object.entries(required))
        out[key] = codec.encode((a as Record<string, unknown>)[key]);
      for (const [key, codec] of Object.entries(optionalProps)) {
        const value = (a as Record<string, unknown>)[key];
        if (value !== undefined) out[key] = codec.encode(value);
      }
      return out;
    },
  );
  return describedAs(codec, (convert) => ({
    type: 'object',
    properties: Object.fromEntries(
      [...Object.entries(required), ...Object.entries(optionalProps)].map(([key, field]) => [
        key,
        convert(field),
      ]),
    ),
    required: Object.keys(required),
    additionalProperties: false,
  }));
};

/** A `{ type, data }` message (command or event) with a literal type and a data codec. */
export const message = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  struct(type, { type: t.literal(type), data });
