// What the plan's SKU volumes and promotion budget are measured against: units delivered per SKU
// (the commitment names the SKU), and the actual cost of the account's promotions, counted in
// the year their window begins.
import type { PromotionProposed, PromotionResultRecorded } from '../../domain/agreement/index.js';
import type { BatchDelivered, CommitmentCreated } from '../../domain/supply/index.js';
import { lookup } from '../../domain/kernel/index.js';
import type { EventHandlers } from '../event-handlers.js';
import { onPlanAccount } from './accounts.js';
import { writePlanYear, yearOf } from './plan-rows.js';

const noRows = (): void => undefined;

export const supplyHandlers: EventHandlers = {
  CommitmentCreated: onPlanAccount<CommitmentCreated>(
    (account, data) => ({
      ...account,
      commitmentSkus: { ...account.commitmentSkus, [data.commitmentId]: data.sku },
    }),
    noRows,
  ),
  BatchDelivered: onPlanAccount<BatchDelivered>(
    (account, data, day) => {
      const sku = lookup(account.commitmentSkus, data.commitmentId);
      return sku === undefined
        ? account
        : { ...account, deliveries: [...account.deliveries, { sku, on: day, qty: data.qty }] };
    },
    (context, account, data) => {
      const sku = lookup(account.commitmentSkus, data.commitmentId);
      if (sku !== undefined) writePlanYear(context, account, yearOf(data.at), [sku]);
    },
  ),
  PromotionProposed: onPlanAccount<PromotionProposed>(
    (account, data) => ({
      ...account,
      promotions: [
        ...account.promotions,
        { promotionId: data.promotionId, windowFrom: data.window.from, cost: null, costKnownOn: null },
      ],
    }),
    noRows,
  ),
  PromotionResultRecorded: onPlanAccount<PromotionResultRecorded>(
    (account, data, day) => ({
      ...account,
      promotions: account.promotions.map((promotion) =>
        promotion.promotionId === data.promotionId
          ? { ...promotion, cost: data.actualCost.amount, costKnownOn: day }
          : promotion,
      ),
    }),
    (context, account, data) => {
      const promotion = account.promotions.find((p) => p.promotionId === data.promotionId);
      if (promotion !== undefined) writePlanYear(context, account, yearOf(promotion.windowFrom), []);
    },
  ),
};
