// A record keyed by SKU code (targets per SKU, stock levels per SKU). Hand-written because io-ts
// `t.record` silently drops a key that is not a valid SKU; here a bad key or value is reported
// at `<field>.<key>`.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Sku } from './identifiers.js';
import { describedAs } from './json-schema.js';

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** `{ sku → value }`, every key a SKU code and every value of `value`'s codec. */
export const skuMap = <A, O>(
  value: t.Type<A, O, unknown>,
  name: string,
): t.Type<Readonly<Record<string, A>>, Readonly<Record<string, O>>, unknown> =>
  describedAs(
    new t.Type<Readonly<Record<string, A>>, Readonly<Record<string, O>>, unknown>(
      name,
      (u): u is Readonly<Record<string, A>> =>
        isObject(u) && Object.entries(u).every(([k, v]) => Sku.is(k) && value.is(v)),
      (u, c) => {
        if (!isObject(u)) return t.failure(u, c, `must be an object of SKU → ${value.name}`);
        const errors: t.ValidationError[] = [];
        const out: Record<string, A> = {};
        for (const [key, entry] of Object.entries(u)) {
          const keyResult = Sku.validate(key, [...c, { key, type: Sku, actual: key }]);
          const valueResult = value.validate(entry, [...c, { key, type: value, actual: entry }]);
          if (E.isLeft(keyResult)) errors.push(...keyResult.left);
          if (E.isLeft(valueResult)) errors.push(...valueResult.left);
          // Read back with `lookup`: a SKU like `constructor` is an own key, never the prototype's.
          else out[key] = valueResult.right;
        }
        return errors.length > 0 ? t.failures(errors) : t.success(out);
      },
      (a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, value.encode(v)])),
    ),
    (convert) => ({ type: 'object', propertyNames: convert(Sku), additionalProperties: convert(value) }),
  );
