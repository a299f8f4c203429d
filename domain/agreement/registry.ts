// Every agreement command and event, described once for the HTTP layer, the store and the
// published JSON Schemas.
import { definitionsOf, type CommandDefinition, type EventDefinition } from '../kernel/index.js';
import * as C from './commands.js';
import * as V from './events.js';

const { command, event } = definitionsOf('agreement');

export const agreementCommands: readonly CommandDefinition[] = [
  command('DraftAgreement', C.DraftAgreementData, true),
  command('SetBaseDiscount', C.SetBaseDiscountData),
  command('ActivateAgreement', C.ActivateAgreementData),
  command('ProposePromotion', C.ProposePromotionData),
  command('ApprovePromotion', C.ApprovePromotionData),
  command('CancelPromotion', C.CancelPromotionData),
  command('RecordPromotionResult', C.RecordPromotionResultData),
  command('AccrueRebate', C.AccrueRebateData),
  command('ExtendAgreement', C.ExtendAgreementData),
  command('TerminateAgreement', C.TerminateAgreementData),
  command('ExpireAgreement', C.ExpireAgreementData),
];

export const agreementEvents: readonly EventDefinition[] = [
  event('AgreementDrafted', V.AgreementDraftedData),
  event('BaseDiscountSet', V.BaseDiscountSetData),
  event('AgreementActivated', V.AgreementActivatedData),
  event('PromotionProposed', V.PromotionProposedData),
  event('PromotionApproved', V.PromotionApprovedData),
  event('PromotionCancelled', V.PromotionCancelledData),
  event('PromotionResultRecorded', V.PromotionResultRecordedData),
  event('RebateAccrued', V.RebateAccruedData),
  event('AgreementExtended', V.AgreementExtendedData),
  event('AgreementTerminated', V.AgreementTerminatedData),
  event('AgreementExpired', V.AgreementExpiredData),
];
