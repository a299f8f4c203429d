// The account's agreements, as far as the cap-breach flag needs them: status, base discount, the
// last day of validity and the promotions (window, SKUs, concession, status). An agreement keeps
// its discount after a downgrade until validTo.
import type {
  AgreementActivated,
  AgreementDrafted,
  AgreementExpired,
  AgreementExtended,
  AgreementTerminated,
  BaseDiscountSet,
  PromotionApproved,
  PromotionCancelled,
  PromotionProposed,
} from '../../domain/agreement/index.js';
import { lookup } from '../../domain/kernel/index.js';
import type { AgreementStatus } from '../../domain/kernel/index.js';
import type { AgreementTerms, PromotionStatus, TierStatusDoc } from './documents.js';
import type { EventHandlers } from '../event-handlers.js';
import { onAccount, type AccountChange } from './on-account.js';

/** Changes one agreement the document knows; one it never saw drafted is left alone. */
const updateAgreement = (
  doc: TierStatusDoc,
  agreementId: string,
  change: (terms: AgreementTerms) => AgreementTerms,
): AccountChange => {
  const terms = lookup(doc.agreements, agreementId);
  return terms === undefined ? {} : { agreements: { ...doc.agreements, [agreementId]: change(terms) } };
};

const withStatus =
  (status: AgreementStatus) =>
  (doc: TierStatusDoc, data: { readonly agreementId: string }): AccountChange =>
    updateAgreement(doc, data.agreementId, (terms) => ({ ...terms, status }));

/** Changes one promotion's status; one the document never saw proposed is left alone. */
const withPromotionStatus =
  (status: PromotionStatus) =>
  (doc: TierStatusDoc, data: { readonly agreementId: string; readonly promotionId: string }): AccountChange =>
    updateAgreement(doc, data.agreementId, (terms) => {
      const promotion = lookup(terms.promotions, data.promotionId);
      return promotion === undefined
        ? terms
        : { ...terms, promotions: { ...terms.promotions, [data.promotionId]: { ...promotion, status } } };
    });

export const agreementHandlers: EventHandlers = {
  AgreementDrafted: onAccount<AgreementDrafted>((doc, data) => ({
    agreements: {
      ...doc.agreements,
      // No discount until BaseDiscountSet: nothing to breach.
      [data.agreementId]: { status: 'DRAFT', baseDiscountBp: 0, validTo: data.validity.to, promotions: {} },
    },
  })),
  BaseDiscountSet: onAccount<BaseDiscountSet>((doc, data) =>
    updateAgreement(doc, data.agreementId, (terms) => ({ ...terms, baseDiscountBp: data.discountBp })),
  ),
  AgreementActivated: onAccount<AgreementActivated>(withStatus('ACTIVE')),
  AgreementExtended: onAccount<AgreementExtended>((doc, data) =>
    updateAgreement(doc, data.agreementId, (terms) => ({ ...terms, validTo: data.to })),
  ),
  PromotionProposed: onAccount<PromotionProposed>((doc, data) =>
    updateAgreement(doc, data.agreementId, (terms) => ({
      ...terms,
      promotions: {
        ...terms.promotions,
        [data.promotionId]: {
          window: data.window,
          skus: data.skus,
          concessionBp: data.concessionBp,
          status: 'PROPOSED',
        },
      },
    })),
  ),
  PromotionApproved: onAccount<PromotionApproved>(withPromotionStatus('APPROVED')),
  PromotionCancelled: onAccount<PromotionCancelled>(withPromotionStatus('CANCELLED')),
  AgreementTerminated: onAccount<AgreementTerminated>(withStatus('TERMINATED')),
  AgreementExpired: onAccount<AgreementExpired>(withStatus('EXPIRED')),
};
