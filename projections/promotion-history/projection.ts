// The promotion_history projection: one row per promotion (the served table) and the internal
// lookups it needs — accounts (industry, tier), commitments (SKU, peak, report chain), daily
// sales per account × SKU, and the account × SKU index of peaks and promotions.
import type { Projection, ProjectedEvent, ProjectionContext } from '../projection.js';
import { ACCOUNT_EVENTS, accountsCollection, applyAccountEvent } from './accounts.js';
import { commitmentsCollection } from './commitments.js';
import { ACCOUNTS, COMMITMENTS, PROMOTIONS, SALES, SKU_LINKS } from './keys.js';
import { PROMOTION_EVENTS, promotionReducers } from './promotion-events.js';
import { promotionsCollection } from './promotion-row.js';
import { salesCollection } from './sales.js';
import { skuLinksCollection } from './sku-links.js';
import { SUPPLY_EVENTS, supplyReducers } from './supply-events.js';

type Reducer = (event: ProjectedEvent, context: ProjectionContext) => void;

const reducers: ReadonlyMap<string, Reducer> = new Map<string, Reducer>([
  ...ACCOUNT_EVENTS.map((type) => [type, applyAccountEvent] as const),
  ...Object.entries(promotionReducers),
  ...Object.entries(supplyReducers),
]);

export const promotionHistoryProjection: Projection = {
  name: 'promotion-history',
  version: 1,
  handles: [...ACCOUNT_EVENTS, ...PROMOTION_EVENTS, ...SUPPLY_EVENTS],
  collections: {
    [PROMOTIONS]: promotionsCollection,
    [ACCOUNTS]: accountsCollection,
    [COMMITMENTS]: commitmentsCollection,
    [SALES]: salesCollection,
    [SKU_LINKS]: skuLinksCollection,
  },
  apply: (event, context) => reducers.get(event.type)?.(event, context),
};
