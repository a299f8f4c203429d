// Folds one event into the state. Never consults the policy: whatever later decisions need
// (a cap, a tier) is in the events.
import type { AgreementDrafted, AgreementEvent } from './events.js';
import {
  promotionOf,
  type Agreement,
  type AgreementState,
  type Promotion,
  type RebateTotal,
} from './state.js';
import { dateOf, lookup, type IsoDate, type Money } from '../kernel/index.js';

const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

const drafted = (data: AgreementDrafted['data']): Agreement => ({
  exists: true,
  agreementId: data.agreementId,
  accountId: data.accountId,
  status: 'DRAFT',
  validity: data.validity,
  tierAtSigning: data.tierAtSigning,
  baseDiscountBp: 0,
  baseDiscountSetUnder: null,
  deliveryTerms: data.deliveryTerms,
  priceExpectations: data.priceExpectations,
  signature: null,
  promotions: {},
  rebates: {},
  terminationReason: null,
  endedOn: null,
});

const withPromotion = (
  agreement: Agreement,
  promotionId: string,
  change: (promotion: Promotion) => Promotion,
): Agreement => {
  const promotion = promotionOf(agreement, promotionId);
  return promotion === undefined
    ? agreement
    : { ...agreement, promotions: { ...agreement.promotions, [promotionId]: change(promotion) } };
};

// The decider refused mixed currencies within a period, so the amounts simply add up.
const addRebate = (total: RebateTotal | undefined, qty: number, amount: Money): RebateTotal =>
  total === undefined
    ? { qty, amount }
    : { qty: total.qty + qty, amount: { ...total.amount, amount: total.amount.amount + amount.amount } };

const evolveAgreement = (
  agreement: Agreement,
  event: Exclude<AgreementEvent, AgreementDrafted>,
): Agreement => {
  switch (event.type) {
    case 'BaseDiscountSet':
      return {
        ...agreement,
        baseDiscountBp: event.data.discountBp,
        baseDiscountSetUnder: {
          capBp: event.data.capBp,
          tier: event.data.tier,
          policyVersion: event.data.policyVersion,
        },
      };
    case 'AgreementActivated':
      return {
        ...agreement,
        status: 'ACTIVE',
        // An activation stored before #9 carries no tier: the draft's tier stands.
        tierAtSigning: event.data.tierAtSigning ?? agreement.tierAtSigning,
        signature: { signedBy: event.data.signedBy, signedOn: event.data.signedOn },
      };
    case 'PromotionProposed': {
      const { promotionId, kind, window, skus, plannedQty, budget, concessionBp, fundingSplitBp } =
        event.data;
      const promotion: Promotion = {
        promotionId,
        kind,
        window,
        skus,
        plannedQty,
        budget,
        concessionBp,
        fundingSplitBp,
        status: 'PROPOSED',
        result: null,
      };
      return { ...agreement, promotions: { ...agreement.promotions, [promotionId]: promotion } };
    }
    case 'PromotionApproved':
      return withPromotion(agreement, event.data.promotionId, (p) => ({ ...p, status: 'APPROVED' }));
    case 'PromotionCancelled':
      return withPromotion(agreement, event.data.promotionId, (p) => ({ ...p, status: 'CANCELLED' }));
    case 'PromotionResultRecorded':
      return withPromotion(agreement, event.data.promotionId, (p) => ({
        ...p,
        result: {
          actualQty: event.data.actualQty,
          actualCost: event.data.actualCost,
          recordedAt: event.data.at,
        },
      }));
    case 'RebateAccrued': {
      const { period, qty, amount } = event.data;
      const previous = lookup(agreement.rebates, period);
      return { ...agreement, rebates: { ...agreement.rebates, [period]: addRebate(previous, qty, amount) } };
    }
    case 'AgreementExtended':
      return { ...agreement, validity: { from: agreement.validity.from, to: event.data.to } };
    case 'AgreementTerminated':
      return {
        ...agreement,
        status: 'TERMINATED',
        terminationReason: event.data.reason,
        endedOn: earlier(agreement.validity.to, dateOf(event.data.at)),
      };
    case 'AgreementExpired':
      return { ...agreement, status: 'EXPIRED', endedOn: agreement.validity.to };
  }
};

export const evolve = (state: AgreementState, event: AgreementEvent): AgreementState => {
  if (event.type === 'AgreementDrafted') return state.exists ? state : drafted(event.data);
  // An event before the agreement was drafted cannot come from this decider: ignore it.
  return state.exists ? evolveAgreement(state, event) : state;
};
