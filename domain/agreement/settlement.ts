// After its end an agreement is only settled: promotion results and rebates earned while it
// was in force are booked within the settlement window (90 days in v1), then it is final.
import {
  addDays,
  dateOf,
  domainError,
  type DateRange,
  type DomainError,
  type IsoDate,
  type IsoDateTime,
  type Policy,
} from '../kernel/index.js';
import type { AgreementCommand } from './commands.js';
import { SETTLEMENT_WINDOW_CLOSED } from './errors.js';
import type { Agreement } from './state.js';

/** The days after its end during which an agreement is still settled. */
export const settlementDaysOf = (policy: Policy): number => policy.agreement.settlementDays;

/** The commands an EXPIRED or TERMINATED agreement still answers. */
export const isSettlement = (command: AgreementCommand): boolean =>
  command.type === 'RecordPromotionResult' || command.type === 'AccrueRebate';

/**
 * The last day the agreement was in force: the validity's end, or the day it was terminated
 * when that came first. (`endedOn` is absent from a state snapshotted before #9.)
 */
export const lastDayInForce = (agreement: Agreement): IsoDate => agreement.endedOn ?? agreement.validity.to;

/** From the start of the validity to the last day in force. */
export const validityInForce = (agreement: Agreement): DateRange => ({
  from: agreement.validity.from,
  to: lastDayInForce(agreement),
});

/** Settled by `at`: no later than the settlement window after the last day in force. */
export const withinSettlementWindow = (
  agreement: Agreement,
  at: IsoDateTime,
  policy: Policy,
): DomainError | undefined => {
  const endedOn = lastDayInForce(agreement);
  const settlementDays = settlementDaysOf(policy);
  const settleBy = addDays(endedOn, settlementDays);
  return dateOf(at) <= settleBy
    ? undefined
    : domainError(
        SETTLEMENT_WINDOW_CLOSED,
        `The agreement ${agreement.agreementId} ended on ${endedOn}: it could be settled until ${settleBy}`,
        { agreementId: agreement.agreementId, endedOn, settleBy, on: dateOf(at), settlementDays },
      );
};
