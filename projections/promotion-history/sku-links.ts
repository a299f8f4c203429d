// The internal account × SKU index: the peaks of the account's commitments for the SKU and the
// promotions that name it. A promotion may come before or after the commitments and reports
// that concern it; this index lets either side find the other without scanning a table.
import type { IsoDate } from '../../domain/kernel/index.js';
import { collection, type ProjectionContext } from '../projection.js';
import { accountSkuKey, SKU_LINKS } from './keys.js';

export interface PeakWindow {
  readonly commitmentId: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly upliftBp: number;
}

export interface SkuLinksDoc {
  readonly accountId: string;
  readonly sku: string;
  /** In the order the commitments were created. */
  readonly peaks: readonly PeakWindow[];
  /** Keys of the promotion rows naming the SKU, in the order they were proposed. */
  readonly promotionKeys: readonly string[];
}

export const skuLinksCollection = collection<SkuLinksDoc>({
  table: 'promotion_history_sku_links',
  key: 'account_sku',
  columns: [
    { name: 'account_id', type: 'TEXT', description: 'The account.' },
    { name: 'sku', type: 'TEXT', description: 'The SKU.' },
    { name: 'peaks', type: 'INTEGER', description: 'Peaks of the account’s commitments for the SKU.' },
    { name: 'promotions', type: 'INTEGER', description: 'Promotions naming the SKU.' },
  ],
  indexes: [],
  toRow: (doc) => ({
    account_id: doc.accountId,
    sku: doc.sku,
    peaks: doc.peaks.length,
    promotions: doc.promotionKeys.length,
  }),
  internal: true,
});

export const skuLinksOf = (context: ProjectionContext, accountId: string, sku: string): SkuLinksDoc =>
  context.get<SkuLinksDoc>(SKU_LINKS, accountSkuKey(accountId, sku)) ?? {
    accountId,
    sku,
    peaks: [],
    promotionKeys: [],
  };

export const putSkuLinks = (context: ProjectionContext, doc: SkuLinksDoc): void =>
  context.put<SkuLinksDoc>(SKU_LINKS, accountSkuKey(doc.accountId, doc.sku), doc);
