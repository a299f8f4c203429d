// The collection names and document keys of the promotion_history projection, in one place so
// every handler addresses the same documents.

/**
 * What `apply` passes to the context. The served collection is named like its table, as the
 * other read models' are, since queries address it by that name.
 */
export const PROMOTIONS = 'promotion_history';
export const ACCOUNTS = 'accounts';
export const COMMITMENTS = 'commitments';
export const SALES = 'sales';
export const SKU_LINKS = 'skuLinks';
export const PROMOTION_SKUS = 'promotionSkus';

/**
 * A promotion id is unique only inside its agreement (the decider checks per agreement), so a row
 * is keyed by both. `/` is allowed in neither an Id nor a SKU, so joined keys never collide.
 */
export const promotionKey = (agreementId: string, promotionId: string): string =>
  `${agreementId}/${promotionId}`;

/** One account × SKU: the daily-sales lookup and the peak / promotion index are kept per pair. */
export const accountSkuKey = (accountId: string, sku: string): string => `${accountId}/${sku}`;
