// The account's agreements, as far as the cap-breach flag needs them: status, base discount and
// the last day of validity. An agreement keeps its discount after a downgrade until validTo.
import type {
  AgreementActivated,
  AgreementDrafted,
  AgreementExpired,
  AgreementExtended,
  AgreementTerminated,
  BaseDiscountSet,
} from '../../domain/agreement/index.js';
import { lookup } from '../../domain/account/state.js';
import type { AgreementStatus } from '../../domain/kernel/index.js';
import type { AgreementTerms, TierStatusDoc } from './documents.js';
import type { EventHandlers } from '../event-handlers.js';
import { onAccount } from './on-account.js';

/** Changes one agreement the document knows; one it never saw drafted is left alone. */
const updateAgreement = (
  doc: TierStatusDoc,
  agreementId: string,
  change: (terms: AgreementTerms) => AgreementTerms,
): TierStatusDoc => {
  const terms = lookup(doc.agreements, agreementId);
  return terms === undefined
    ? doc
    : { ...doc, agreements: { ...doc.agreements, [agreementId]: change(terms) } };
};

const withStatus =
  (status: AgreementStatus) =>
  (doc: TierStatusDoc, data: { readonly agreementId: string }): TierStatusDoc =>
    updateAgreement(doc, data.agreementId, (terms) => ({ ...terms, status }));

export const agreementHandlers: EventHandlers = {
  AgreementDrafted: onAccount<AgreementDrafted>((doc, data) => ({
    ...doc,
    agreements: {
      ...doc.agreements,
      // No discount until BaseDiscountSet: nothing to breach.
      [data.agreementId]: { status: 'DRAFT', baseDiscountBp: 0, validTo: data.validity.to },
    },
  })),
  BaseDiscountSet: onAccount<BaseDiscountSet>((doc, data) =>
    updateAgreement(doc, data.agreementId, (terms) => ({ ...terms, baseDiscountBp: data.discountBp })),
  ),
  AgreementActivated: onAccount<AgreementActivated>(withStatus('ACTIVE')),
  AgreementExtended: onAccount<AgreementExtended>((doc, data) =>
    updateAgreement(doc, data.agreementId, (terms) => ({ ...terms, validTo: data.to })),
  ),
  AgreementTerminated: onAccount<AgreementTerminated>(withStatus('TERMINATED')),
  AgreementExpired: onAccount<AgreementExpired>(withStatus('EXPIRED')),
};
