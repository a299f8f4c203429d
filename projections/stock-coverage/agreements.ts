// The agreement side of a row: only the delivery lead time, which STOCKOUT_RISK looks ahead by.
// Delivery terms are set when the agreement is drafted and never change afterwards, so the
// lookup is written once and read when a commitment under the agreement is created.
import type { AgreementDrafted } from '../../domain/agreement/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import { AGREEMENTS, type AgreementLookup } from './documents.js';

const agreementDrafted = on<AgreementDrafted>(
  ({ agreementId, accountId, deliveryTerms }, _event, context) => {
    context.put<AgreementLookup>(AGREEMENTS, agreementId, {
      accountId,
      leadTimeDays: deliveryTerms.leadTimeDays,
    });
  },
);

export const agreementHandlers: EventHandlers = { AgreementDrafted: agreementDrafted };
