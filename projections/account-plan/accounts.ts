// The account's own events: who it is and who manages it, its status and tier (shown on every
// plan row), its revenue (measured against the revenue target) and its plans.
import type {
  AccountActivated,
  AccountFlaggedAtRisk,
  AccountLost,
  AccountManagerAssigned,
  AccountPlanSet,
  AccountReactivated,
  AccountRegistered,
  RevenueCorrected,
  RevenueRecorded,
  TierChanged,
  TierOverridden,
} from '../../domain/account/index.js';
import { dateOf, lookup, POLICY_V1, type IsoDate, type IsoDateTime } from '../../domain/kernel/index.js';
import { on, type EventHandler, type EventHandlers } from '../event-handlers.js';
import type { ProjectionContext } from '../projection.js';
import { ungraded, withOverride, withTierChange } from '../manager-scorecard/tier-history.js';
import { keptWhere, putChanged } from '../unchanged.js';
import { PLAN_ACCOUNTS, type PlanAccountDoc } from './documents.js';
import { firstOpenYear, writeEveryPlanYear, writePlanYear, yearOf } from './plan-rows.js';

interface AccountEventData {
  readonly accountId: string;
  readonly at: IsoDateTime;
  readonly policyVersion?: string;
}

/** Only the data of the open years is kept (this year's and the one before); the arrays themselves when they are all open. */
const trimmed = (account: PlanAccountDoc): PlanAccountDoc => {
  const first = firstOpenYear(account);
  const revenue = keptWhere(account.revenue, (entry) => yearOf(entry.period) >= first);
  const deliveries = keptWhere(account.deliveries, (delivery) => yearOf(delivery.on) >= first);
  const promotions = keptWhere(account.promotions, (promotion) => yearOf(promotion.windowFrom) >= first);
  return revenue === account.revenue && deliveries === account.deliveries && promotions === account.promotions
    ? account
    : { ...account, revenue, deliveries, promotions };
};

/**
 * Folds one event into the account's document, then lets `write` bring the plan rows it touches
 * up to date. An event of an account not seen registered is ignored.
 */
export const onPlanAccount = <E extends { readonly data: AccountEventData }>(
  reduce: (account: PlanAccountDoc, data: E['data'], day: IsoDate) => PlanAccountDoc,
  write: (context: ProjectionContext, account: PlanAccountDoc, data: E['data']) => void = writeEveryPlanYear,
): EventHandler =>
  on<E>((data, _event, context) => {
    const account = context.get<PlanAccountDoc>(PLAN_ACCOUNTS, data.accountId);
    if (account === undefined) return;
    const day = dateOf(data.at);
    const reduced = reduce(account, data, day);
    const next = trimmed({
      ...reduced,
      policyVersion: data.policyVersion ?? reduced.policyVersion,
      lastEventOn: day > account.lastEventOn ? day : account.lastEventOn,
    });
    putChanged(context, PLAN_ACCOUNTS, data.accountId, next, account);
    write(context, next, data);
  });

const revenueYear = (
  context: ProjectionContext,
  account: PlanAccountDoc,
  data: { readonly period: string },
): void => writePlanYear(context, account, yearOf(data.period), []);

const withRevenue = (account: PlanAccountDoc, period: string, amount: number, day: IsoDate) => ({
  ...account,
  revenue: [...account.revenue, { period, amount, knownOn: day }],
});

export const accountHandlers: EventHandlers = {
  AccountRegistered: on<AccountRegistered>((data, _event, context) => {
    if (context.get(PLAN_ACCOUNTS, data.accountId) !== undefined) return;
    const day = dateOf(data.at);
    context.put<PlanAccountDoc>(PLAN_ACCOUNTS, data.accountId, {
      accountId: data.accountId,
      name: data.name,
      industry: data.industry,
      region: data.region,
      managerId: null,
      status: 'PROSPECT',
      tiers: ungraded(day),
      policyVersion: POLICY_V1.version,
      lastEventOn: day,
      revenue: [],
      deliveries: [],
      promotions: [],
      commitmentSkus: {},
      plans: {},
    });
  }),
  AccountManagerAssigned: onPlanAccount<AccountManagerAssigned>((account, data) => ({
    ...account,
    managerId: data.next,
  })),
  AccountActivated: onPlanAccount<AccountActivated>((account) => ({ ...account, status: 'ACTIVE' })),
  AccountFlaggedAtRisk: onPlanAccount<AccountFlaggedAtRisk>((account) => ({ ...account, status: 'AT_RISK' })),
  AccountLost: onPlanAccount<AccountLost>((account) => ({ ...account, status: 'LOST' })),
  AccountReactivated: onPlanAccount<AccountReactivated>((account, data) => ({
    ...account,
    status: data.status,
  })),
  TierChanged: onPlanAccount<TierChanged>((account, data, day) => ({
    ...account,
    tiers: withTierChange(account.tiers, data.to, day),
  })),
  TierOverridden: onPlanAccount<TierOverridden>((account, data, day) => ({
    ...account,
    tiers: withOverride(account.tiers, data.tier, day, data.expiresOn),
  })),
  RevenueRecorded: onPlanAccount<RevenueRecorded>(
    (account, data, day) => withRevenue(account, data.period, data.amount.amount, day),
    revenueYear,
  ),
  // The event carries the corrected amount: the latest entry of a period is its revenue.
  RevenueCorrected: onPlanAccount<RevenueCorrected>(
    (account, data, day) => withRevenue(account, data.period, data.correctedAmount.amount, day),
    revenueYear,
  ),
  AccountPlanSet: onPlanAccount<AccountPlanSet>(
    (account, data, day) => ({
      ...account,
      plans: {
        ...account.plans,
        [String(data.year)]: [
          ...(lookup(account.plans, String(data.year)) ?? []),
          {
            setOn: day,
            revenueTarget: data.revenueTarget.amount,
            promotionBudget: data.promotionBudget.amount,
            currency: data.revenueTarget.currency,
            skuTargets: data.skuTargets,
            stockTargets: data.stockTargets,
          },
        ],
      },
    }),
    (context, account, data) => writePlanYear(context, account, data.year),
  ),
};
