// The account's target price per SKU (价格的期望): keys are SKU codes, values Money.
// Hand-written because io-ts `t.record` silently drops a key that is not a valid SKU; here a
// bad key or price is reported at `priceExpectations.<key>`.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describedAs, Money, Sku } from '../kernel/index.js';

export type PriceExpectations = Readonly<Record<string, Money>>;

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

export const PriceExpectations = describedAs(
  new t.Type<PriceExpectations, unknown, unknown>(
    'PriceExpectations',
    (u): u is PriceExpectations =>
      isObject(u) && Object.entries(u).every(([k, v]) => Sku.is(k) && Money.is(v)),
    (u, c) => {
      if (!isObject(u)) return t.failure(u, c, 'must be an object of SKU → price');
      const errors: t.ValidationError[] = [];
      const out: Record<string, Money> = {};
      for (const [key, value] of Object.entries(u)) {
        const keyResult = Sku.validate(key, [...c, { key, type: Sku, actual: key }]);
        const priceResult = Money.validate(value, [...c, { key, type: Money, actual: value }]);
        if (E.isLeft(keyResult)) errors.push(...keyResult.left);
        if (E.isLeft(priceResult)) errors.push(...priceResult.left);
        else out[key] = priceResult.right;
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    (a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Money.encode(v)])),
  ),
  (convert) => ({ type: 'object', propertyNames: convert(Sku), additionalProperties: convert(Money) }),
);
