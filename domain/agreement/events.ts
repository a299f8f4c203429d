// What happened to an agreement. Every event names the agreement and its account (a consumer
// needs no lookup) and when it happened; events a policy decided carry `policyVersion`.
import * as t from 'io-ts';
import {
  BasisPoints,
  DateRange,
  Id,
  IsoDate,
  IsoDateTime,
  message,
  Money,
  NonNegativeInteger,
  NonEmptyString,
  PolicyVersion,
  Period,
  PositiveQuantity,
  Quantity,
  struct,
  Tier,
} from '../kernel/index.js';
import { DeliveryTerms } from './delivery-terms.js';
import { PriceExpectations } from './price-expectations.js';
import { PromotionKind } from './promotion-kind.js';
import { SkuList } from './sku-list.js';

const subject = { agreementId: Id, accountId: Id, at: IsoDateTime };

export const AgreementDraftedData = struct('AgreementDraftedData', {
  ...subject,
  validity: DateRange,
  deliveryTerms: DeliveryTerms,
  priceExpectations: PriceExpectations,
  /**
   * The account's effective tier when the agreement was drafted: the tier at signing until
   * AgreementActivated records the tier the account signed with.
   */
  tierAtSigning: Tier,
  /** The policy whose maximum validity the agreement was checked against. */
  policyVersion: PolicyVersion,
});
export const AgreementDrafted = message('AgreementDrafted', AgreementDraftedData);
export type AgreementDrafted = t.TypeOf<typeof AgreementDrafted>;

export const BaseDiscountSetData = struct('BaseDiscountSetData', {
  ...subject,
  discountBp: BasisPoints,
  /** The base discount cap of `tier` under `policyVersion`: kept so a later downgrade can be flagged. */
  capBp: BasisPoints,
  tier: Tier,
  policyVersion: PolicyVersion,
});
export const BaseDiscountSet = message('BaseDiscountSet', BaseDiscountSetData);
export type BaseDiscountSet = t.TypeOf<typeof BaseDiscountSet>;

export const AgreementActivatedData = struct(
  'AgreementActivatedData',
  { ...subject, signedBy: NonEmptyString, signedOn: IsoDate },
  {
    /**
     * The account's effective tier when it signed: the agreement's tier at signing. Always
     * recorded since #9; an activation stored before carries none and keeps the draft's tier.
     */
    tierAtSigning: Tier,
  },
);
export const AgreementActivated = message('AgreementActivated', AgreementActivatedData);
export type AgreementActivated = t.TypeOf<typeof AgreementActivated>;

export const PromotionProposedData = struct('PromotionProposedData', {
  ...subject,
  promotionId: Id,
  kind: PromotionKind,
  window: DateRange,
  skus: SkuList,
  plannedQty: PositiveQuantity,
  budget: Money,
  concessionBp: BasisPoints,
  fundingSplitBp: BasisPoints,
});
export const PromotionProposed = message('PromotionProposed', PromotionProposedData);
export type PromotionProposed = t.TypeOf<typeof PromotionProposed>;

export const PromotionApprovedData = struct('PromotionApprovedData', {
  ...subject,
  promotionId: Id,
  /** The account's effective tier at approval. */
  tier: Tier,
  /** The total concession cap of `tier`. */
  capBp: BasisPoints,
  /**
   * Base discount + approved concessions on the busiest SKU-day of this promotion (its SKUs, its
   * window), this promotion included: the cap used. (Events before #9 summed all SKUs of a day.)
   */
  usedBp: NonNegativeInteger,
  policyVersion: PolicyVersion,
});
export const PromotionApproved = message('PromotionApproved', PromotionApprovedData);
export type PromotionApproved = t.TypeOf<typeof PromotionApproved>;

export const PromotionCancelledData = struct('PromotionCancelledData', {
  ...subject,
  promotionId: Id,
  reason: NonEmptyString,
});
export const PromotionCancelled = message('PromotionCancelled', PromotionCancelledData);
export type PromotionCancelled = t.TypeOf<typeof PromotionCancelled>;

export const PromotionResultRecordedData = struct('PromotionResultRecordedData', {
  ...subject,
  promotionId: Id,
  actualQty: Quantity,
  actualCost: Money,
});
export const PromotionResultRecorded = message('PromotionResultRecorded', PromotionResultRecordedData);
export type PromotionResultRecorded = t.TypeOf<typeof PromotionResultRecorded>;

export const RebateAccruedData = struct('RebateAccruedData', {
  ...subject,
  period: Period,
  qty: Quantity,
  amount: Money,
});
export const RebateAccrued = message('RebateAccrued', RebateAccruedData);
export type RebateAccrued = t.TypeOf<typeof RebateAccrued>;

export const AgreementExtendedData = struct('AgreementExtendedData', {
  ...subject,
  previousTo: IsoDate,
  to: IsoDate,
  /** The policy whose maximum validity the extension was checked against. */
  policyVersion: PolicyVersion,
});
export const AgreementExtended = message('AgreementExtended', AgreementExtendedData);
export type AgreementExtended = t.TypeOf<typeof AgreementExtended>;

export const AgreementTerminatedData = struct('AgreementTerminatedData', {
  ...subject,
  reason: NonEmptyString,
});
export const AgreementTerminated = message('AgreementTerminated', AgreementTerminatedData);
export type AgreementTerminated = t.TypeOf<typeof AgreementTerminated>;

export const AgreementExpiredData = struct('AgreementExpiredData', { ...subject, validTo: IsoDate });
export const AgreementExpired = message('AgreementExpired', AgreementExpiredData);
export type AgreementExpired = t.TypeOf<typeof AgreementExpired>;

export const AgreementEvent = t.union([
  AgreementDrafted,
  BaseDiscountSet,
  AgreementActivated,
  PromotionProposed,
  PromotionApproved,
  PromotionCancelled,
  PromotionResultRecorded,
  RebateAccrued,
  AgreementExtended,
  AgreementTerminated,
  AgreementExpired,
]);
export type AgreementEvent = t.TypeOf<typeof AgreementEvent>;
