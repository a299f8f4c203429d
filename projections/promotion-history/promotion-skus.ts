// The promotions by SKU: one row per promotion and SKU it names, indexed by the SKU, so the
// `sku` filter reads the promotions naming a SKU (the link) instead of every promotion's list.
// A promotion's SKUs are fixed when it is proposed: its pairs are written then, never changed.
import type { Link } from '../read-model.js';
import { collection, type ProjectionContext } from '../projection.js';
import { PROMOTION_SKUS } from './keys.js';

export interface PromotionSkuDoc {
  readonly promotionKey: string;
  readonly sku: string;
}

export const PROMOTION_SKUS_TABLE = 'promotion_history_skus';

export const promotionSkusCollection = collection<PromotionSkuDoc>({
  table: PROMOTION_SKUS_TABLE,
  key: 'promotion_sku',
  columns: [
    { name: 'promotion_key', type: 'TEXT', description: 'The promotion’s row (agreement/promotion).' },
    { name: 'sku', type: 'TEXT', description: 'One SKU the promotion names.' },
  ],
  // The SKU first, the promotion's key with it: the pairs of a SKU, and the keys they name, from
  // the index alone.
  indexes: [['sku', 'promotion_key']],
  toRow: (doc) => ({ promotion_key: doc.promotionKey, sku: doc.sku }),
  internal: true,
});

/** The `sku` filter's way through the pairs. */
export const promotionSkuLink: Link = { table: PROMOTION_SKUS_TABLE, key: 'promotion_key', value: 'sku' };

/** A promotion's pairs, one per SKU (a SKU named twice is one pair). */
export const putPromotionSkus = (
  context: ProjectionContext,
  promotionKey: string,
  skus: readonly string[],
): void => {
  // `/` is allowed in neither a promotion's key parts nor a SKU: joined keys never collide.
  for (const sku of new Set(skus))
    context.put<PromotionSkuDoc>(PROMOTION_SKUS, `${promotionKey}/${sku}`, { promotionKey, sku });
};
