// The Agreement decider: routes each command to its decision once the agreement is known to
// exist and to be open. EXPIRED and TERMINATED are final but for settlement (settlement.ts).
import * as E from 'fp-ts/lib/Either.js';
import { domainError, notFound, type Decider, type Decision } from '../kernel/index.js';
import { setBaseDiscount } from './base-discount.js';
import type { AgreementCommand } from './commands.js';
import type { AgreementContext } from './context.js';
import { AGREEMENT_CLOSED } from './errors.js';
import type { AgreementEvent } from './events.js';
import { evolve } from './evolve.js';
import {
  activateAgreement,
  draftAgreement,
  expireAgreement,
  extendAgreement,
  terminateAgreement,
} from './lifecycle.js';
import { approvePromotion, cancelPromotion, proposePromotion, recordPromotionResult } from './promotions.js';
import { accrueRebate } from './rebates.js';
import { isSettlement } from './settlement.js';
import { initialState, isClosed, type Agreement, type AgreementState } from './state.js';

const decideExisting = (
  command: Exclude<AgreementCommand, { type: 'DraftAgreement' }>,
  agreement: Agreement,
  context: AgreementContext,
): Decision<AgreementEvent> => {
  switch (command.type) {
    case 'SetBaseDiscount':
      return setBaseDiscount(command, agreement, context);
    case 'ActivateAgreement':
      return activateAgreement(command, agreement, context);
    case 'ProposePromotion':
      return proposePromotion(command, agreement, context);
    case 'ApprovePromotion':
      return approvePromotion(command, agreement, context);
    case 'CancelPromotion':
      return cancelPromotion(command, agreement, context);
    case 'RecordPromotionResult':
      return recordPromotionResult(command, agreement, context);
    case 'AccrueRebate':
      return accrueRebate(command, agreement, context);
    case 'ExtendAgreement':
      return extendAgreement(command, agreement, context);
    case 'TerminateAgreement':
      return terminateAgreement(command, agreement);
    case 'ExpireAgreement':
      return expireAgreement(command, agreement);
  }
};

const decide = (
  command: AgreementCommand,
  state: AgreementState,
  context: AgreementContext,
): Decision<AgreementEvent> => {
  if (command.type === 'DraftAgreement') return draftAgreement(command, state, context);
  if (!state.exists) return E.left(notFound('agreement'));
  if (isClosed(state) && !isSettlement(command)) {
    return E.left(
      domainError(AGREEMENT_CLOSED, `The agreement ${state.agreementId} is ${state.status}: it is final`, {
        agreementId: state.agreementId,
        status: state.status,
        command: command.type,
      }),
    );
  }
  return decideExisting(command, state, context);
};

export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState, AgreementContext> = {
  initialState,
  evolve,
  decide,
};
