// The handlers of the agreement's promotion events: one row per promotion, from its proposal
// through approval, cancellation and result.
import type {
  PromotionApproved,
  PromotionCancelled,
  PromotionProposed,
  PromotionResultRecorded,
} from '../../domain/agreement/index.js';
import { dateOf } from '../../domain/kernel/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import type { ProjectionContext } from '../projection.js';
import { accountOn } from './accounts.js';
import { PROMOTIONS, promotionKey } from './keys.js';
import { withPeaks, withSales } from './measurements.js';
import type { PromotionDoc } from './promotion-row.js';
import { putPromotionSkus } from './promotion-skus.js';
import { putSkuLinks, skuLinksOf } from './sku-links.js';

const proposed = (data: PromotionProposed['data'], context: ProjectionContext): void => {
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
  putPromotionSkus(context, key, data.skus);
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
    baselinePeaks: [],
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

const approved = (data: PromotionApproved['data'], context: ProjectionContext): void => {
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

const cancelled = (data: PromotionCancelled['data'], context: ProjectionContext): void => {
  change(context, data, (doc) => ({
    ...doc,
    status: 'CANCELLED',
    cancelledOn: dateOf(data.at),
    cancelReason: data.reason,
  }));
};

const resultRecorded = (data: PromotionResultRecorded['data'], context: ProjectionContext): void => {
  change(context, data, (doc) => ({
    ...doc,
    actualQty: data.actualQty,
    actualCost: { amount: data.actualCost.amount, currency: data.actualCost.currency },
    resultRecordedOn: dateOf(data.at),
  }));
};

export const promotionHandlers: EventHandlers = {
  PromotionProposed: on<PromotionProposed>((data, _event, context) => proposed(data, context)),
  PromotionApproved: on<PromotionApproved>((data, _event, context) => approved(data, context)),
  PromotionCancelled: on<PromotionCancelled>((data, _event, context) => cancelled(data, context)),
  PromotionResultRecorded: on<PromotionResultRecorded>((data, _event, context) =>
    resultRecorded(data, context),
  ),
};
