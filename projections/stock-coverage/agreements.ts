// The agreement side of a row: only the delivery lead time, which STOCKOUT_RISK looks ahead by.
// Delivery terms are set when the agreement is drafted and never change afterwards, so the
// lookup is written once and read when a commitment under the agreement is created.
import type { AgreementDrafted } from '../../domain/agreement/index.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { AGREEMENTS, type AgreementLookup } from './documents.js';

const agreementDrafted = (event: ProjectedEvent, context: ProjectionContext): void => {
  const { agreementId, accountId, deliveryTerms } = event.data as AgreementDrafted['data'];
  context.put<AgreementLookup>(AGREEMENTS, agreementId, {
    accountId,
    leadTimeDays: deliveryTerms.leadTimeDays,
  });
};

export const agreementReducers = { AgreementDrafted: agreementDrafted } as const;
