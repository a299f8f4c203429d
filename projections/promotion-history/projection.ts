// The promotion_history projection: one row per promotion (the served table) and the internal
// lookups it needs — accounts (industry, tier), commitments (SKU, peak, report chain), daily
// sales per account × SKU, the account × SKU index of peaks and promotions, and the promotions by
// SKU (the link of the sku filter).
import { handledBy, type EventHandlers } from '../event-handlers.js';
import type { Projection } from '../projection.js';
import { accountHandlers, accountsCollection } from './accounts.js';
import { commitmentsCollection } from './commitments.js';
import { ACCOUNTS, COMMITMENTS, PROMOTION_SKUS, PROMOTIONS, SALES, SKU_LINKS } from './keys.js';
import { promotionHandlers } from './promotion-events.js';
import { promotionsCollection } from './promotion-row.js';
import { promotionSkusCollection } from './promotion-skus.js';
import { salesCollection } from './sales.js';
import { skuLinksCollection } from './sku-links.js';
import { supplyHandlers } from './supply-events.js';

const handlers: EventHandlers = { ...accountHandlers, ...promotionHandlers, ...supplyHandlers };

export const promotionHistoryProjection: Projection = {
  name: 'promotion-history',
  // 2: an account × SKU's sales count once a day, every report counts (#9).
  // 3: indexes led by the flag columns, so a flag filter reads a page, not the table.
  // 4: the promotions by SKU (promotion_history_skus), so the sku filter reads a page.
  version: 4,
  partitionedBy: 'account',
  collections: {
    [PROMOTIONS]: promotionsCollection,
    [ACCOUNTS]: accountsCollection,
    [COMMITMENTS]: commitmentsCollection,
    [SALES]: salesCollection,
    [SKU_LINKS]: skuLinksCollection,
    [PROMOTION_SKUS]: promotionSkusCollection,
  },
  ...handledBy(handlers),
};
