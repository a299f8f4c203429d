// Rebates accrued to the account for the time the agreement was in force, totalled per period.
import {
  domainError,
  endOfPeriod,
  rangesOverlap,
  type DateRange,
  type DomainError,
  type Money,
  type Period,
  decideWith,
  type Decision,
  lookup,
} from '../kernel/index.js';
import { accountInGoodStanding } from './account-standing.js';
import type { AccrueRebate } from './commands.js';
import type { AgreementEvent } from './events.js';
import type { AgreementContext } from './context.js';
import { AGREEMENT_NOT_ACTIVE, CURRENCY_MISMATCH, PERIOD_OUTSIDE_VALIDITY } from './errors.js';
import { validityInForce, withinSettlementWindow } from './settlement.js';
import { isClosed, subjectOf, type Agreement } from './state.js';

export const daysOfPeriod = (period: Period): DateRange => ({
  from: `${period}-01`,
  to: endOfPeriod(period),
});

// A period that only partly overlaps the validity in force (the first or last month) still
// earns a rebate; a terminated agreement's validity ends on the day of termination.
const periodInValidity = (agreement: Agreement, period: Period): DomainError | undefined => {
  const validity = validityInForce(agreement);
  return rangesOverlap(daysOfPeriod(period), validity)
    ? undefined
    : domainError(
        PERIOD_OUTSIDE_VALIDITY,
        `The period ${period} is outside the validity ${validity.from}…${validity.to}`,
        { period, validFrom: validity.from, validTo: validity.to },
      );
};

// A period's accruals are summed, so they must share a currency.
const sameCurrencyAsPeriod = (
  agreement: Agreement,
  period: Period,
  amount: Money,
): DomainError | undefined => {
  const total = lookup(agreement.rebates, period);
  return total === undefined || total.amount.currency === amount.currency
    ? undefined
    : domainError(
        CURRENCY_MISMATCH,
        `Rebates of ${period} are in ${total.amount.currency}, not ${amount.currency}`,
        { period, accruedCurrency: total.amount.currency, currency: amount.currency },
      );
};

// Rebates are earned under a signed agreement: while ACTIVE, or in settlement once it was.
const signed = (agreement: Agreement): DomainError | undefined =>
  agreement.status === 'ACTIVE' || (isClosed(agreement) && agreement.signature !== null)
    ? undefined
    : domainError(
        AGREEMENT_NOT_ACTIVE,
        `The agreement ${agreement.agreementId} is ${agreement.status} and was never active`,
        { agreementId: agreement.agreementId, status: agreement.status },
      );

/** Rebates accrue during the validity and the settlement window after it (settlement.ts). */
export const accrueRebate = (
  { data }: AccrueRebate,
  agreement: Agreement,
  { account, policy }: AgreementContext,
): Decision<AgreementEvent> =>
  decideWith(
    [
      () => signed(agreement),
      () => accountInGoodStanding(account, agreement.accountId),
      () => periodInValidity(agreement, data.period),
      () => withinSettlementWindow(agreement, data.at, policy),
      () => sameCurrencyAsPeriod(agreement, data.period, data.amount),
    ],
    () => [
      {
        type: 'RebateAccrued',
        data: { ...subjectOf(agreement, data.at), period: data.period, qty: data.qty, amount: data.amount },
      },
    ],
  );
