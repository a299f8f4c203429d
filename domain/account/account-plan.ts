// The yearly joint plan (有计划的联合系统): the revenue and SKU volumes the account and we aim
// for, the promotion budget, and the stock levels agreed for the off-season and the peak (淡旺季).
// Set for this year or the next; setting it again replaces that year's plan.
import * as t from 'io-ts';
import {
  decideWith,
  domainError,
  integerBetween,
  lookup,
  PositiveQuantity,
  skuMap,
  struct,
  type Decision,
  type DomainError,
  type Money,
} from '../kernel/index.js';
import type { SetAccountPlan } from './commands.js';
import type { AccountContext } from './context.js';
import type { AccountEvent } from './events.js';
import type { RegisteredAccount } from './state.js';

/** A calendar year, in the years every stored date lies in. */
export const PlanYear = integerBetween(2000, 2999, 'PlanYear');

/** Days of cover the account holds: a day to a year. */
export const DaysOfCover = integerBetween(1, 365, 'DaysOfCover');

export const StockTarget = struct('StockTarget', { offSeasonDays: DaysOfCover, peakDays: DaysOfCover });
export type StockTarget = t.TypeOf<typeof StockTarget>;

/** Planned quantity per SKU for the year; a SKU the plan does not aim at is left out, not 0. */
export const SkuTargets = skuMap(PositiveQuantity, 'SkuTargets');
export const StockTargets = skuMap(StockTarget, 'StockTargets');

/** How far ahead a plan is set: this year's or next year's. */
const YEARS_AHEAD = 1;

const yearOpen = (accountId: string, year: number, at: string): DomainError | undefined => {
  const current = Number(at.slice(0, 4));
  if (year < current) {
    return domainError('PLAN_YEAR_OVER', `The plan for ${year} can no longer be set: the year is over`, {
      accountId,
      year,
      currentYear: current,
    });
  }
  return year > current + YEARS_AHEAD
    ? domainError('PLAN_YEAR_TOO_FAR_AHEAD', `A plan is set for this year or the next, not ${year}`, {
        accountId,
        year,
        currentYear: current,
      })
    : undefined;
};

const inCurrency = (
  accountId: string,
  field: string,
  amount: Money,
  currency: string,
): DomainError | undefined =>
  amount.currency === currency
    ? undefined
    : domainError('CURRENCY_MISMATCH', `The plan's ${field} must be in ${currency}, not ${amount.currency}`, {
        accountId,
        field,
        currency: amount.currency,
        expected: currency,
      });

/** Stock is built up for the peak (旺季): the peak's cover is never below the off-season's. */
const peakCoverBuiltUp = (
  accountId: string,
  stockTargets: Readonly<Record<string, StockTarget>>,
): DomainError | undefined => {
  const short = Object.entries(stockTargets).find(([, target]) => target.peakDays < target.offSeasonDays);
  return short === undefined
    ? undefined
    : domainError(
        'PEAK_COVER_BELOW_OFF_SEASON',
        `SKU ${short[0]}: ${short[1].peakDays} days of cover at the peak is below the off-season's ${short[1].offSeasonDays}`,
        { accountId, sku: short[0], peakDays: short[1].peakDays, offSeasonDays: short[1].offSeasonDays },
      );
};

export const setAccountPlan = (
  { data }: SetAccountPlan,
  account: RegisteredAccount,
  { policy }: AccountContext,
): Decision<AccountEvent> => {
  const { accountId } = account;
  return decideWith<AccountEvent>(
    [
      () => yearOpen(accountId, data.year, data.at),
      // Compared with recorded revenue, so in the currency the revenue is recorded in.
      () => inCurrency(accountId, 'revenueTarget', data.revenueTarget, policy.currency),
      () => inCurrency(accountId, 'promotionBudget', data.promotionBudget, policy.currency),
      () =>
        data.revenueTarget.amount > 0
          ? undefined
          : domainError(
              'REVENUE_TARGET_NOT_POSITIVE',
              'A plan aims at some revenue: the target must be above 0',
              {
                accountId,
                year: data.year,
              },
            ),
      () => peakCoverBuiltUp(accountId, data.stockTargets),
    ],
    () => [
      {
        type: 'AccountPlanSet',
        data: {
          accountId,
          year: data.year,
          revenueTarget: data.revenueTarget,
          skuTargets: data.skuTargets,
          promotionBudget: data.promotionBudget,
          stockTargets: data.stockTargets,
          // A second plan for the year replaces the first: the read model shows which one counts.
          replacesEarlier: lookup(account.plans, String(data.year)) !== undefined,
          at: data.at,
        },
      },
    ],
  );
};
