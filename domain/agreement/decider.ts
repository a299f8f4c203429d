// The Agreement decider: routes each command to its decision once the agreement is known to
// exist and to be open. EXPIRED and TERMINATED are final.
import * as E from 'fp-ts/lib/Either.js';
import { domainError, notFound, type Decider } from '../kernel/index.js';
import { decideSetBaseDiscount } from './base-discount.js';
import type { AgreementCommand } from './commands.js';
import type { AgreementContext } from './context.js';
import type { Decision } from './decision.js';
import { AGREEMENT_CLOSED } from './errors.js';
import type { AgreementEvent } from './events.js';
import { evolve } from './evolve.js';
import { decideActivate, decideDraft, decideExpire, decideExtend, decideTerminate } from './lifecycle.js';
import { decideApprove, decideCancel, decidePropose, decideRecordResult } from './promotions.js';
import { decideAccrueRebate } from './rebates.js';
import { initialState, isClosed, type Agreement, type AgreementState } from './state.js';

/** The route names the agreement; a decision on an empty stream only knows it is missing. */
const UNNAMED = '(not drafted)';

const decideOpen = (
  command: Exclude<AgreementCommand, { type: 'DraftAgreement' }>,
  agreement: Agreement,
  context: AgreementContext,
): Decision => {
  switch (command.type) {
    case 'SetBaseDiscount':
      return decideSetBaseDiscount(command, agreement, context);
    case 'ActivateAgreement':
      return decideActivate(command, agreement, context);
    case 'ProposePromotion':
      return decidePropose(command, agreement, context);
    case 'ApprovePromotion':
      return decideApprove(command, agreement, context);
    case 'CancelPromotion':
      return decideCancel(command, agreement, context);
    case 'RecordPromotionResult':
      return decideRecordResult(command, agreement, context);
    case 'AccrueRebate':
      return decideAccrueRebate(command, agreement, context);
    case 'ExtendAgreement':
      return decideExtend(command, agreement, context);
    case 'TerminateAgreement':
      return decideTerminate(command, agreement);
    case 'ExpireAgreement':
      return decideExpire(command, agreement);
  }
};

const decide = (command: AgreementCommand, state: AgreementState, context: AgreementContext): Decision => {
  if (command.type === 'DraftAgreement') return decideDraft(command, state, context);
  if (!state.exists) return E.left(notFound('agreement', UNNAMED));
  if (isClosed(state)) {
    return E.left(
      domainError(AGREEMENT_CLOSED, `The agreement ${state.agreementId} is ${state.status}: it is final`, {
        agreementId: state.agreementId,
        status: state.status,
        command: command.type,
      }),
    );
  }
  return decideOpen(command, state, context);
};

export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState, AgreementContext> = {
  initialState,
  evolve,
  decide,
};
