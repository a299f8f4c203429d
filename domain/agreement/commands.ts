// The commands an agreement answers. Only DraftAgreement carries the agreement's id; the
// others get it from the route (`POST /agreements/{id}/...`) and the decider reads the state.
import * as t from 'io-ts';
import {
  BasisPoints,
  DateRange,
  Id,
  IsoDate,
  IsoDateTime,
  message,
  Money,
  NonEmptyString,
  Period,
  PositiveQuantity,
  Quantity,
  struct,
} from '../kernel/index.js';
import { DeliveryTerms } from './delivery-terms.js';
import { PriceExpectations } from './price-expectations.js';
import { PromotionKind } from './promotion-kind.js';
import { SkuList } from './sku-list.js';

export const DraftAgreementData = struct('DraftAgreementData', {
  agreementId: Id,
  accountId: Id,
  validity: DateRange,
  deliveryTerms: DeliveryTerms,
  priceExpectations: PriceExpectations,
  at: IsoDateTime,
});
export const DraftAgreement = message('DraftAgreement', DraftAgreementData);
export type DraftAgreement = t.TypeOf<typeof DraftAgreement>;

export const SetBaseDiscountData = struct('SetBaseDiscountData', {
  discountBp: BasisPoints,
  at: IsoDateTime,
});
export const SetBaseDiscount = message('SetBaseDiscount', SetBaseDiscountData);
export type SetBaseDiscount = t.TypeOf<typeof SetBaseDiscount>;

export const ActivateAgreementData = struct('ActivateAgreementData', {
  /** Who signed for the account: a name or an id, as printed on the contract. */
  signedBy: NonEmptyString,
  signedOn: IsoDate,
  at: IsoDateTime,
});
export const ActivateAgreement = message('ActivateAgreement', ActivateAgreementData);
export type ActivateAgreement = t.TypeOf<typeof ActivateAgreement>;

export const ProposePromotionData = struct('ProposePromotionData', {
  promotionId: Id,
  kind: PromotionKind,
  window: DateRange,
  skus: SkuList,
  plannedQty: PositiveQuantity,
  budget: Money,
  /** The price concession the promotion grants, counted against the tier's total concession cap. */
  concessionBp: BasisPoints,
  /** Our share of the promotion's cost: 0 … 10 000 (0 … 100 %). */
  fundingSplitBp: BasisPoints,
  at: IsoDateTime,
});
export const ProposePromotion = message('ProposePromotion', ProposePromotionData);
export type ProposePromotion = t.TypeOf<typeof ProposePromotion>;

export const ApprovePromotionData = struct('ApprovePromotionData', { promotionId: Id, at: IsoDateTime });
export const ApprovePromotion = message('ApprovePromotion', ApprovePromotionData);
export type ApprovePromotion = t.TypeOf<typeof ApprovePromotion>;

export const CancelPromotionData = struct('CancelPromotionData', {
  promotionId: Id,
  reason: NonEmptyString,
  at: IsoDateTime,
});
export const CancelPromotion = message('CancelPromotion', CancelPromotionData);
export type CancelPromotion = t.TypeOf<typeof CancelPromotion>;

export const RecordPromotionResultData = struct('RecordPromotionResultData', {
  promotionId: Id,
  actualQty: Quantity,
  actualCost: Money,
  at: IsoDateTime,
});
export const RecordPromotionResult = message('RecordPromotionResult', RecordPromotionResultData);
export type RecordPromotionResult = t.TypeOf<typeof RecordPromotionResult>;

export const AccrueRebateData = struct('AccrueRebateData', {
  period: Period,
  qty: Quantity,
  amount: Money,
  at: IsoDateTime,
});
export const AccrueRebate = message('AccrueRebate', AccrueRebateData);
export type AccrueRebate = t.TypeOf<typeof AccrueRebate>;

export const ExtendAgreementData = struct('ExtendAgreementData', { to: IsoDate, at: IsoDateTime });
export const ExtendAgreement = message('ExtendAgreement', ExtendAgreementData);
export type ExtendAgreement = t.TypeOf<typeof ExtendAgreement>;

export const TerminateAgreementData = struct('TerminateAgreementData', {
  reason: NonEmptyString,
  at: IsoDateTime,
});
export const TerminateAgreement = message('TerminateAgreement', TerminateAgreementData);
export type TerminateAgreement = t.TypeOf<typeof TerminateAgreement>;

export const ExpireAgreementData = struct('ExpireAgreementData', { at: IsoDateTime });
export const ExpireAgreement = message('ExpireAgreement', ExpireAgreementData);
export type ExpireAgreement = t.TypeOf<typeof ExpireAgreement>;

export const AgreementCommand = t.union([
  DraftAgreement,
  SetBaseDiscount,
  ActivateAgreement,
  ProposePromotion,
  ApprovePromotion,
  CancelPromotion,
  RecordPromotionResult,
  AccrueRebate,
  ExtendAgreement,
  TerminateAgreement,
  ExpireAgreement,
]);
export type AgreementCommand = t.TypeOf<typeof AgreementCommand>;
