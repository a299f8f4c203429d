// Rebates accrued to the account while the agreement is in force, totalled per period.
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
} from '../kernel/index.js';
import { accountInGoodStanding } from './account-standing.js';
import type { AccrueRebate } from './commands.js';
import type { AgreementEvent } from './events.js';
import type { AgreementContext } from './context.js';
import { CURRENCY_MISMATCH, PERIOD_OUTSIDE_VALIDITY } from './errors.js';
import { activeOnly } from './lifecycle.js';
import { subjectOf, type Agreement } from './state.js';

export const daysOfPeriod = (period: Period): DateRange => ({
  from: `${period}-01`,
  to: endOfPeriod(period),
});

// A period that only partly overlaps the validity (the first or last month) still earns a rebate.
const periodInValidity = (agreement: Agreement, period: Period): DomainError | undefined =>
  rangesOverlap(daysOfPeriod(period), agreement.validity)
    ? undefined
    : domainError(
        PERIOD_OUTSIDE_VALIDITY,
        `The period ${period} is outside the validity ${agreement.validity.from}…${agreement.validity.to}`,
        { period, validFrom: agreement.validity.from, validTo: agreement.validity.to },
      );

// A period's accruals are summed, so they must share a currency.
const sameCurrencyAsPeriod = (
  agreement: Agreement,
  period: Period,
  amount: Money,
): DomainError | undefined => {
  const total = Object.hasOwn(agreement.rebates, period) ? agreement.rebates[period] : undefined;
  return total === undefined || total.amount.currency === amount.currency
    ? undefined
    : domainError(
        CURRENCY_MISMATCH,
        `Rebates of ${period} are in ${total.amount.currency}, not ${amount.currency}`,
        { period, accruedCurrency: total.amount.currency, currency: amount.currency },
      );
};

export const accrueRebate = (
  { data }: AccrueRebate,
  agreement: Agreement,
  { account }: AgreementContext,
): Decision<AgreementEvent> =>
  decideWith(
    [
      () => activeOnly(agreement),
      () => accountInGoodStanding(account, agreement.accountId),
      () => periodInValidity(agreement, data.period),
      () => sameCurrencyAsPeriod(agreement, data.period, data.amount),
    ],
    () => [
      {
        type: 'RebateAccrued',
        data: { ...subjectOf(agreement, data.at), period: data.period, qty: data.qty, amount: data.amount },
      },
    ],
  );
