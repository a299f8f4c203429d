// Small builders for agreement commands, events and account facts: defaults describe one
// agreement of account ACC-1 for 2026; a test overrides only what it is about.
import { money, type AccountFacts, type AccountStatus, type Tier } from '../../../domain/kernel/index.js';
import type {
  AccrueRebate,
  ActivateAgreement,
  AgreementActivated,
  AgreementDrafted,
  AgreementExpired,
  AgreementExtended,
  AgreementTerminated,
  ApprovePromotion,
  BaseDiscountSet,
  CancelPromotion,
  DraftAgreement,
  ExpireAgreement,
  ExtendAgreement,
  PromotionApproved,
  PromotionCancelled,
  PromotionProposed,
  PromotionResultRecorded,
  ProposePromotion,
  RebateAccrued,
  RecordPromotionResult,
  SetBaseDiscount,
  TerminateAgreement,
} from '../../../domain/agreement/index.js';

export const AGREEMENT_ID = 'AG-1';
export const ACCOUNT_ID = 'ACC-1';
export const VALIDITY = { from: '2026-01-01', to: '2026-12-31' } as const;
/** The default moment of every command and event: inside the validity. */
export const AT = '2026-03-01T09:00:00.000Z';
export const atDay = (day: string): string => `${day}T09:00:00.000Z`;
/** The default moment a promotion's result is recorded: after the default window (May) has ended. */
export const RESULT_AT = atDay('2026-06-05');

export const account = (tier: Tier = 'A', status: AccountStatus = 'ACTIVE'): AccountFacts => ({
  accountId: ACCOUNT_ID,
  exists: true,
  status,
  tier,
});
export const noAccount: AccountFacts = { accountId: ACCOUNT_ID, exists: false, tier: 'NONE' };

const subject = { agreementId: AGREEMENT_ID, accountId: ACCOUNT_ID, at: AT };

// ---- events
export const drafted = (data: Partial<AgreementDrafted['data']> = {}): AgreementDrafted => ({
  type: 'AgreementDrafted',
  data: {
    ...subject,
    validity: VALIDITY,
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 5 },
    priceExpectations: { 'SKU-1': money(1000) },
    tierAtSigning: 'A',
    policyVersion: 'v1',
    ...data,
  },
});

export const baseDiscountSet = (
  discountBp: number,
  data: Partial<BaseDiscountSet['data']> = {},
): BaseDiscountSet => ({
  type: 'BaseDiscountSet',
  data: { ...subject, discountBp, capBp: 2000, tier: 'A', policyVersion: 'v1', ...data },
});

export const activated = (data: Partial<AgreementActivated['data']> = {}): AgreementActivated => ({
  type: 'AgreementActivated',
  data: { ...subject, signedBy: 'Li Na', signedOn: '2026-03-01', tierAtSigning: 'A', ...data },
});

export const proposed = (
  promotionId: string,
  data: Partial<PromotionProposed['data']> = {},
): PromotionProposed => ({
  type: 'PromotionProposed',
  data: {
    ...subject,
    promotionId,
    kind: 'JOINT_PROMOTION',
    window: { from: '2026-05-01', to: '2026-05-31' },
    skus: ['SKU-1'],
    plannedQty: 500,
    budget: money(100_000),
    concessionBp: 500,
    fundingSplitBp: 5000,
    ...data,
  },
});

export const approved = (
  promotionId: string,
  data: Partial<PromotionApproved['data']> = {},
): PromotionApproved => ({
  type: 'PromotionApproved',
  data: { ...subject, promotionId, tier: 'A', capBp: 3000, usedBp: 500, policyVersion: 'v1', ...data },
});

export const cancelled = (
  promotionId: string,
  reason = 'Account withdrew',
  data: Partial<PromotionCancelled['data']> = {},
): PromotionCancelled => ({
  type: 'PromotionCancelled',
  data: { ...subject, promotionId, reason, ...data },
});

export const resultRecorded = (
  promotionId: string,
  data: Partial<PromotionResultRecorded['data']> = {},
): PromotionResultRecorded => ({
  type: 'PromotionResultRecorded',
  data: { ...subject, at: RESULT_AT, promotionId, actualQty: 450, actualCost: money(90_000), ...data },
});

export const rebateAccrued = (data: Partial<RebateAccrued['data']> = {}): RebateAccrued => ({
  type: 'RebateAccrued',
  data: { ...subject, period: '2026-02', qty: 1000, amount: money(50_000), ...data },
});

export const extended = (to: string, data: Partial<AgreementExtended['data']> = {}): AgreementExtended => ({
  type: 'AgreementExtended',
  data: { ...subject, previousTo: VALIDITY.to, to, policyVersion: 'v1', ...data },
});

export const terminated = (
  reason = 'Account lost to a competitor',
  data: Partial<AgreementTerminated['data']> = {},
): AgreementTerminated => ({
  type: 'AgreementTerminated',
  data: { ...subject, reason, ...data },
});

export const expired = (data: Partial<AgreementExpired['data']> = {}): AgreementExpired => ({
  type: 'AgreementExpired',
  data: { ...subject, validTo: VALIDITY.to, ...data },
});

// ---- commands
export const draft = (data: Partial<DraftAgreement['data']> = {}): DraftAgreement => ({
  type: 'DraftAgreement',
  data: {
    ...subject,
    validity: VALIDITY,
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 5 },
    priceExpectations: { 'SKU-1': money(1000) },
    ...data,
  },
});

export const setBaseDiscount = (discountBp: number, at = AT): SetBaseDiscount => ({
  type: 'SetBaseDiscount',
  data: { discountBp, at },
});

export const activate = (data: Partial<ActivateAgreement['data']> = {}): ActivateAgreement => ({
  type: 'ActivateAgreement',
  data: { signedBy: 'Li Na', signedOn: '2026-03-01', at: AT, ...data },
});

export const propose = (
  promotionId: string,
  data: Partial<ProposePromotion['data']> = {},
): ProposePromotion => {
  const { agreementId: _a, accountId: _b, ...defaults } = proposed(promotionId).data;
  return { type: 'ProposePromotion', data: { ...defaults, ...data } };
};

export const approve = (promotionId: string, at = AT): ApprovePromotion => ({
  type: 'ApprovePromotion',
  data: { promotionId, at },
});

export const cancel = (promotionId: string, reason = 'Account withdrew'): CancelPromotion => ({
  type: 'CancelPromotion',
  data: { promotionId, reason, at: AT },
});

export const recordResult = (
  promotionId: string,
  data: Partial<RecordPromotionResult['data']> = {},
): RecordPromotionResult => ({
  type: 'RecordPromotionResult',
  data: { promotionId, actualQty: 450, actualCost: money(90_000), at: RESULT_AT, ...data },
});

export const accrueRebate = (data: Partial<AccrueRebate['data']> = {}): AccrueRebate => ({
  type: 'AccrueRebate',
  data: { period: '2026-02', qty: 1000, amount: money(50_000), at: AT, ...data },
});

export const extend = (to: string, at = AT): ExtendAgreement => ({
  type: 'ExtendAgreement',
  data: { to, at },
});

export const terminate = (reason = 'Account lost to a competitor'): TerminateAgreement => ({
  type: 'TerminateAgreement',
  data: { reason, at: AT },
});

export const expire = (at = atDay('2027-01-01')): ExpireAgreement => ({
  type: 'ExpireAgreement',
  data: { at },
});
