// The promotion_history projection: one row per promotion (the served table) and the internal
// lookups it needs — accounts (industry, tier), commitments (SKU, peak, report chain), daily
// sales per account × SKU, and the account × SKU index of peaks and promotions.
import { handledBy, type EventHandlers } from '../event-handlers.js';
import type { Projection } from '../projection.js';
import { accountHandlers, accountsCollection } from './accounts.js';
import { commitmentsCollection } from './commitments.js';
import { ACCOUNTS, COMMITMENTS, PROMOTIONS, SALES, SKU_LINKS } from './keys.js';
import { promotionHandlers } from './promotion-events.js';
import { promotionsCollection } from './promotion-row.js';
import { salesCollection } from './sales.js';
import { skuLinksCollection } from './sku-links.js';
import { supplyHandlers } from './supply-events.js';

const handlers: EventHandlers = { ...accountHandlers, ...promotionHandlers, ...supplyHandlers };

export const promotionHistoryProjection: Projection = {
  name: 'promotion-history',
  // 2: an account × SKU's sales count once a day, every report counts (#9).
  // 3: indexes led by the flag columns, so a flag filter reads a page, not the table.
  version: 3,
  collections: {
    [PROMOTIONS]: promotionsCollection,
    [ACCOUNTS]: accountsCollection,
    [COMMITMENTS]: commitmentsCollection,
    [SALES]: salesCollection,
    [SKU_LINKS]: skuLinksCollection,
  },
  ...handledBy(handlers),
};
