// The cap-breach flag: an agreement above the caps of the account's tier on a day, by its base
// discount alone or with the concessions of the approved promotions in force that day.
import { capBreach, totalConcessionCapOf } from '../../domain/agreement/index.js';
import type { IsoDate, Policy, Tier } from '../../domain/kernel/index.js';
import type { AgreementTerms, TierStatusDoc } from './documents.js';

/**
 * The most concession in force on one SKU on `day`: the approved promotions whose window holds
 * the day, added up per SKU (promotions on other SKUs or other days do not add up).
 */
const concessionInForce = (terms: AgreementTerms, day: IsoDate): number => {
  const bySku = new Map<string, number>();
  for (const promotion of Object.values(terms.promotions)) {
    if (promotion.status !== 'APPROVED' || day < promotion.window.from || day > promotion.window.to) continue;
    for (const sku of promotion.skus) bySku.set(sku, (bySku.get(sku) ?? 0) + promotion.concessionBp);
  }
  return Math.max(0, ...bySku.values());
};

/**
 * The DRAFT or ACTIVE agreements above the caps of `tier` on `asOf`: a base discount above the
 * base cap, or base + the concessions in force on any SKU that day above the total cap. An
 * agreement stops counting after its validTo even before its AgreementExpired is recorded: the
 * discount is only kept until then.
 */
export const agreementsAboveCap = (doc: TierStatusDoc, tier: Tier, asOf: IsoDate, policy: Policy): string[] =>
  Object.entries(doc.agreements)
    .filter(
      ([, terms]) =>
        (terms.status === 'DRAFT' || terms.status === 'ACTIVE') &&
        terms.validTo >= asOf &&
        (capBreach(terms.baseDiscountBp, tier, policy) ||
          terms.baseDiscountBp + concessionInForce(terms, asOf) > totalConcessionCapOf(tier, policy)),
    )
    .map(([agreementId]) => agreementId)
    .sort();
