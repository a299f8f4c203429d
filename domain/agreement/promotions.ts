// Promotions designed with the account (共同设计促销方案): proposed inside the validity,
// approved only when no approved promotion runs on the same SKU at the same time and the
// concessions stay within the tier's cap, then cancelled or measured once it has run.
import * as E from 'fp-ts/lib/Either.js';
import {
  dateOf,
  domainError,
  rangeInside,
  rangesOverlap,
  type DateRange,
  type DomainError,
  type IsoDateTime,
  decideWith,
  type Decision,
} from '../kernel/index.js';
import { accountInGoodStanding } from './account-standing.js';
import type {
  ApprovePromotion,
  CancelPromotion,
  ProposePromotion,
  RecordPromotionResult,
} from './commands.js';
import type { AgreementEvent } from './events.js';
import { concessionsWithinCap, concessionUsed, spansInForce } from './concessions.js';
import type { AgreementContext } from './context.js';
import {
  CURRENCY_MISMATCH,
  PROMOTION_ALREADY_CANCELLED,
  PROMOTION_ALREADY_EXISTS,
  PROMOTION_NOT_APPROVED,
  PROMOTION_NOT_ENDED,
  PROMOTION_NOT_FOUND,
  PROMOTION_NOT_PROPOSED,
  PROMOTION_OUTSIDE_VALIDITY,
  PROMOTION_OVERLAPS,
  PROMOTION_RESULT_ALREADY_RECORDED,
} from './errors.js';
import { validityInForce, withinSettlementWindow } from './settlement.js';
import { promotionOf, subjectOf, type Agreement, type Promotion, type PromotionStatus } from './state.js';
import { totalConcessionCapOf } from './tier-caps.js';

const isNew = (agreement: Agreement, promotionId: string): DomainError | undefined => {
  const existing = promotionOf(agreement, promotionId);
  return existing === undefined
    ? undefined
    : domainError(PROMOTION_ALREADY_EXISTS, `The promotion ${promotionId} exists already`, {
        promotionId,
        status: existing.status,
      });
};

const insideValidity = (
  validity: DateRange,
  promotionId: string,
  window: Promotion['window'],
): DomainError | undefined =>
  rangeInside(window, validity)
    ? undefined
    : domainError(
        PROMOTION_OUTSIDE_VALIDITY,
        `The promotion window ${window.from}…${window.to} is not inside the validity ` +
          `${validity.from}…${validity.to}`,
        {
          promotionId,
          from: window.from,
          to: window.to,
          validFrom: validity.from,
          validTo: validity.to,
        },
      );

export const proposePromotion = (
  { data }: ProposePromotion,
  agreement: Agreement,
  { account }: AgreementContext,
): Decision<AgreementEvent> =>
  decideWith(
    [
      () => accountInGoodStanding(account, agreement.accountId),
      () => isNew(agreement, data.promotionId),
      () => insideValidity(agreement.validity, data.promotionId, data.window),
    ],
    () => [
      {
        type: 'PromotionProposed',
        data: {
          ...subjectOf(agreement, data.at),
          promotionId: data.promotionId,
          kind: data.kind,
          window: data.window,
          skus: data.skus,
          plannedQty: data.plannedQty,
          budget: data.budget,
          concessionBp: data.concessionBp,
          fundingSplitBp: data.fundingSplitBp,
        },
      },
    ],
  );

/** Decide about an existing promotion of the agreement, once the account may still deal. */
const aboutPromotion = (
  agreement: Agreement,
  promotionId: string,
  { account }: AgreementContext,
  decide: (promotion: Promotion) => Decision<AgreementEvent>,
): Decision<AgreementEvent> => {
  const standing = accountInGoodStanding(account, agreement.accountId);
  if (standing !== undefined) return E.left(standing);
  const promotion = promotionOf(agreement, promotionId);
  return promotion === undefined
    ? E.left(
        domainError(
          PROMOTION_NOT_FOUND,
          `No promotion ${promotionId} in agreement ${agreement.agreementId}`,
          {
            promotionId,
            agreementId: agreement.agreementId,
          },
        ),
      )
    : decide(promotion);
};

const inStatus = (promotion: Promotion, expected: PromotionStatus, code: string): DomainError | undefined =>
  promotion.status === expected
    ? undefined
    : domainError(code, `The promotion ${promotion.promotionId} is ${promotion.status}, not ${expected}`, {
        promotionId: promotion.promotionId,
        status: promotion.status,
      });

/** Two approved promotions on one SKU at the same time would compete for the same sales. */
const noOverlap = (agreement: Agreement, candidate: Promotion): DomainError | undefined => {
  for (const other of Object.values(agreement.promotions)) {
    if (other.status !== 'APPROVED' || !rangesOverlap(other.window, candidate.window)) continue;
    const sku = candidate.skus.find((s) => other.skus.includes(s));
    if (sku !== undefined) {
      return domainError(
        PROMOTION_OVERLAPS,
        `The promotion ${candidate.promotionId} overlaps the approved promotion ${other.promotionId} on ${sku}`,
        {
          promotionId: candidate.promotionId,
          otherPromotionId: other.promotionId,
          sku,
          from: candidate.window.from,
          to: candidate.window.to,
          otherFrom: other.window.from,
          otherTo: other.window.to,
        },
      );
    }
  }
  return undefined;
};

export const approvePromotion = (
  { data }: ApprovePromotion,
  agreement: Agreement,
  context: AgreementContext,
): Decision<AgreementEvent> =>
  aboutPromotion(agreement, data.promotionId, context, (promotion) => {
    const { tier } = context.account;
    const spans = [...spansInForce(agreement.promotions), promotion];
    // The approval changes only the promotion's own SKU-days: a breach elsewhere (left by a
    // downgrade) is the read model's flag, not a reason to refuse this promotion.
    const scope = { skus: promotion.skus, range: promotion.window };
    return decideWith(
      [
        () => inStatus(promotion, 'PROPOSED', PROMOTION_NOT_PROPOSED),
        () => noOverlap(agreement, promotion),
        () => concessionsWithinCap(agreement.baseDiscountBp, spans, tier, context.policy, scope),
      ],
      () => [
        {
          type: 'PromotionApproved',
          data: {
            ...subjectOf(agreement, data.at),
            promotionId: promotion.promotionId,
            tier,
            capBp: totalConcessionCapOf(tier, context.policy),
            usedBp: concessionUsed(agreement.baseDiscountBp, spans, scope).totalBp,
            policyVersion: context.policy.version,
          },
        },
      ],
    );
  });

// A promotion with a result has run: cancelling it or measuring it twice would rewrite history.
const noResultYet = (promotion: Promotion): DomainError | undefined =>
  promotion.result === null
    ? undefined
    : domainError(
        PROMOTION_RESULT_ALREADY_RECORDED,
        `The promotion ${promotion.promotionId} has its result already`,
        { promotionId: promotion.promotionId },
      );

const notCancelled = (promotion: Promotion): DomainError | undefined =>
  promotion.status === 'CANCELLED'
    ? domainError(
        PROMOTION_ALREADY_CANCELLED,
        `The promotion ${promotion.promotionId} is cancelled already`,
        {
          promotionId: promotion.promotionId,
        },
      )
    : undefined;

export const cancelPromotion = (
  { data }: CancelPromotion,
  agreement: Agreement,
  context: AgreementContext,
): Decision<AgreementEvent> =>
  aboutPromotion(agreement, data.promotionId, context, (promotion) =>
    decideWith([() => notCancelled(promotion), () => noResultYet(promotion)], () => [
      {
        type: 'PromotionCancelled',
        data: { ...subjectOf(agreement, data.at), promotionId: promotion.promotionId, reason: data.reason },
      },
    ]),
  );

// Budget and actual cost are compared in the read model: never across currencies.
const sameCurrencyAsBudget = (
  promotion: Promotion,
  actualCost: { currency: string },
): DomainError | undefined =>
  promotion.budget.currency === actualCost.currency
    ? undefined
    : domainError(
        CURRENCY_MISMATCH,
        `The actual cost is in ${actualCost.currency}, the budget in ${promotion.budget.currency}`,
        {
          promotionId: promotion.promotionId,
          budgetCurrency: promotion.budget.currency,
          actualCostCurrency: actualCost.currency,
        },
      );

// A result measures a promotion that has run: not before the day after its window.
const windowEnded = (promotion: Promotion, at: IsoDateTime): DomainError | undefined =>
  dateOf(at) > promotion.window.to
    ? undefined
    : domainError(
        PROMOTION_NOT_ENDED,
        `The promotion ${promotion.promotionId} runs until ${promotion.window.to}: its result comes after`,
        { promotionId: promotion.promotionId, windowTo: promotion.window.to, on: dateOf(at) },
      );

/** Results are recorded during the validity and the settlement window after it (settlement.ts). */
export const recordPromotionResult = (
  { data }: RecordPromotionResult,
  agreement: Agreement,
  context: AgreementContext,
): Decision<AgreementEvent> =>
  aboutPromotion(agreement, data.promotionId, context, (promotion) =>
    decideWith(
      [
        () => inStatus(promotion, 'APPROVED', PROMOTION_NOT_APPROVED),
        () => noResultYet(promotion),
        () => windowEnded(promotion, data.at),
        // A terminated agreement answers only for promotions that ran while it was in force.
        () => insideValidity(validityInForce(agreement), promotion.promotionId, promotion.window),
        () => withinSettlementWindow(agreement, data.at, context.policy),
        () => sameCurrencyAsBudget(promotion, data.actualCost),
      ],
      () => [
        {
          type: 'PromotionResultRecorded',
          data: {
            ...subjectOf(agreement, data.at),
            promotionId: promotion.promotionId,
            actualQty: data.actualQty,
            actualCost: data.actualCost,
          },
        },
      ],
    ),
  );
