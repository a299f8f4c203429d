// The reducers of the agreement's promotion events: one row per promotion, from its proposal
// through approval, cancellation and result.
import type {
  PromotionApproved,
  PromotionCancelled,
  PromotionProposed,
  PromotionResultRecorded,
} from '../../domain/agreement/index.js';
import { dateOf } from '../../domain/kernel/index.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { accountOn } from './accounts.js';
import { dataOf, PROMOTIONS, promotionKey } from './keys.js';
import { withPeaks, withSales } from './measurements.js';
import type { PromotionDoc } from './promotion-row.js';
import { putSkuLinks, skuLinksOf } from './sku-links.js';

export const PROMOTION_EVENTS = [
  'PromotionProposed',
  'PromotionApproved',
  'PromotionCancelled',
  'PromotionResultRecorded',
] as const;

const proposed = (event: ProjectedEvent, context: ProjectionContext): void => {
  const data = dataOf<PromotionProposed>(event);
  const key = promotionKey(data.agreementId, data.promotionId);
  // The decider never proposes an id twice in one agreement; a stray repeat must not reset the row.
  if (context.get<PromotionDoc>(PROMOTIONS, key) !== undefined) return;
  const proposedOn = dateOf(data.at);
  // "Tier at the time" until approval records it: the account's effective tier that day.
  const account = accountOn(context, data.accountId, proposedOn);
  for (const sku of data.skus) {
    const links = skuLinksOf(context, data.accountId, sku);
    if (!links.promotionKeys.includes(key))
      putSkuLinks(context, { ...links, promotionKeys: [...links.promotionKeys, key] });
  }
  const doc: PromotionDoc = {
    promotionId: data.promotionId,
    agreementId: data.agreementId,
    accountId: data.accountId,
    tier: account.tier,
    industry: account.industry,
    kind: data.kind,
    window: { from: data.window.from, to: data.window.to },
    skus: [...data.skus],
    plannedQty: data.plannedQty,
    actualQty: null,
    budget: { amount: data.budget.amount, currency: data.budget.currency },
    actualCost: null,
    concessionBp: data.concessionBp,
    fundingSplitBp: data.fundingSplitBp,
    status: 'PROPOSED',
    proposedOn,
    approvedOn: null,
    cancelledOn: null,
    cancelReason: null,
    resultRecordedOn: null,
    concessionCapBp: null,
    concessionUsedBp: null,
    sales: {},
    overlappingPeaks: [],
  };
  // Sales and peaks reported before the proposal count as much as later ones.
  context.put<PromotionDoc>(PROMOTIONS, key, withPeaks(context, withSales(context, doc)));
};

/** Changes an existing row; an event about a promotion never proposed (not from the decider) is ignored. */
const change = (
  context: ProjectionContext,
  data: { readonly agreementId: string; readonly promotionId: string },
  update: (doc: PromotionDoc) => PromotionDoc,
): void => {
  const key = promotionKey(data.agreementId, data.promotionId);
  const doc = context.get<PromotionDoc>(PROMOTIONS, key);
  if (doc !== undefined) context.put<PromotionDoc>(PROMOTIONS, key, update(doc));
};

const approved = (event: ProjectedEvent, context: ProjectionContext): void => {
  const data = dataOf<PromotionApproved>(event);
  change(context, data, (doc) => ({
    ...doc,
    status: 'APPROVED',
    // The tier the approval was decided under wins over the one seen at proposal.
    tier: data.tier,
    approvedOn: dateOf(data.at),
    concessionCapBp: data.capBp,
    concessionUsedBp: data.usedBp,
  }));
};

const cancelled = (event: ProjectedEvent, context: ProjectionContext): void => {
  const data = dataOf<PromotionCancelled>(event);
  change(context, data, (doc) => ({
    ...doc,
    status: 'CANCELLED',
    cancelledOn: dateOf(data.at),
    cancelReason: data.reason,
  }));
};

const resultRecorded = (event: ProjectedEvent, context: ProjectionContext): void => {
  const data = dataOf<PromotionResultRecorded>(event);
  change(context, data, (doc) => ({
    ...doc,
    actualQty: data.actualQty,
    actualCost: { amount: data.actualCost.amount, currency: data.actualCost.currency },
    resultRecordedOn: dateOf(data.at),
  }));
};

export const promotionReducers: Readonly<
  Record<(typeof PROMOTION_EVENTS)[number], (event: ProjectedEvent, context: ProjectionContext) => void>
> = {
  PromotionProposed: proposed,
  PromotionApproved: approved,
  PromotionCancelled: cancelled,
  PromotionResultRecorded: resultRecorded,
};
