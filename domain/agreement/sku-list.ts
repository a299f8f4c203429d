// The SKUs a promotion covers: at least one, each once (a repeated SKU would count twice
// in overlap checks and in the promotion_history read model).
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describedAs, Sku } from '../kernel/index.js';

const SkuArray = t.readonlyArray(Sku);

const firstRepeat = (skus: readonly string[]): number => skus.findIndex((sku, i) => skus.indexOf(sku) !== i);

/** Errors point at the bad entry (`skus.2`), or at `skus` itself when it is empty. */
export const SkuList = describedAs(
  new t.Type<readonly string[], readonly string[], unknown>(
    'SkuList',
    (u): u is readonly string[] => SkuArray.is(u) && u.length > 0 && firstRepeat(u) < 0,
    (u, c) => {
      const decoded = SkuArray.validate(u, c);
      if (E.isLeft(decoded)) return decoded;
      const skus = decoded.right;
      if (skus.length === 0) return t.failure(u, c, 'must name at least one SKU');
      const repeat = firstRepeat(skus);
      return repeat < 0
        ? t.success(skus)
        : t.failure(
            skus[repeat],
            [...c, { key: String(repeat), type: Sku, actual: skus[repeat] }],
            `repeats SKU ${String(skus[repeat])}`,
          );
    },
    t.identity,
  ),
  (convert) => ({ type: 'array', items: convert(Sku), minItems: 1, uniqueItems: true }),
);
