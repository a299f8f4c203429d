// The plan years' documents, written from the account's: its facts always (a new manager, status
// or tier shows in every year's rows), and a year's data while the account's document still holds
// it (the year of the latest event and the one before: a plan is set for this year or the next).
import type { ProjectionContext } from '../projection.js';
import { putChanged, sharedWith } from '../unchanged.js';
import {
  ACCOUNT_PLAN,
  ACCOUNT_PLAN_SKUS,
  planKey,
  planSkuKey,
  type AccountPlanDoc,
  type PlanAccountDoc,
  type PlanData,
  type PlanSkuDoc,
  type PlanTerms,
} from './documents.js';

const DIGIT_0 = 48;

/** The year of a date or period; read digit by digit (it runs over the account's data per event). */
export const yearOf = (day: string): number => {
  let year = 0;
  for (let i = 0; i < 4; i += 1) {
    const digit = day.charCodeAt(i) - DIGIT_0;
    if (!(digit >= 0 && digit <= 9)) return Number(day.slice(0, 4));
    year = year * 10 + digit;
  }
  return year;
};

/** The first year whose data the account's document still holds. */
export const firstOpenYear = (account: PlanAccountDoc): number => yearOf(account.lastEventOn) - 1;

/** The year's data from the account's document; the stored arrays where they hold the same entries. */
const dataOf = (account: PlanAccountDoc, year: number, stored: PlanData | undefined): PlanData => ({
  revenue: sharedWith(
    account.revenue.filter((entry) => yearOf(entry.period) === year),
    stored?.revenue,
  ),
  deliveries: sharedWith(
    account.deliveries.filter((delivery) => yearOf(delivery.on) === year),
    stored?.deliveries,
  ),
  promotions: sharedWith(
    account.promotions.filter((promotion) => yearOf(promotion.windowFrom) === year),
    stored?.promotions,
  ),
});

/** Every SKU any plan of the year aimed at or set a stock level for. */
export const skusOf = (plans: readonly PlanTerms[]): string[] =>
  [
    ...new Set(plans.flatMap((plan) => [...Object.keys(plan.skuTargets), ...Object.keys(plan.stockTargets)])),
  ].sort();

const plansOf = (account: PlanAccountDoc, year: number): readonly PlanTerms[] =>
  Object.hasOwn(account.plans, String(year)) ? (account.plans[String(year)] ?? []) : [];

/** Writes the year's plan row and its SKU rows (only `skus` when given) from the account's document. */
export const writePlanYear = (
  context: ProjectionContext,
  account: PlanAccountDoc,
  year: number,
  skus?: readonly string[],
): void => {
  const plans = plansOf(account, year);
  if (plans.length === 0) return;
  const open = year >= firstOpenYear(account);
  const key = planKey(account.accountId, year);
  const existing = context.get<AccountPlanDoc>(ACCOUNT_PLAN, key);
  const data = open || existing === undefined ? dataOf(account, year, existing) : existing;
  // The facts written out once (not spread from the stored, frozen document: spreading a frozen
  // object costs several times a plain one), in the facts' order, for the plan and its SKUs.
  const facts = {
    accountId: account.accountId,
    name: account.name,
    industry: account.industry,
    region: account.region,
    managerId: account.managerId,
    status: account.status,
    tiers: account.tiers,
    policyVersion: account.policyVersion,
    lastEventOn: account.lastEventOn,
  };
  const row: AccountPlanDoc = {
    ...facts,
    planId: key,
    year,
    plans,
    revenue: data.revenue,
    deliveries: data.deliveries,
    promotions: data.promotions,
  };
  putChanged(context, ACCOUNT_PLAN, key, row, existing);
  for (const sku of skus ?? skusOf(plans)) {
    const skuKey = planSkuKey(account.accountId, year, sku);
    const existingSku = context.get<PlanSkuDoc>(ACCOUNT_PLAN_SKUS, skuKey);
    const skuRow: PlanSkuDoc = {
      ...facts,
      planSkuId: skuKey,
      year,
      sku,
      plans,
      deliveries:
        open || existingSku === undefined
          ? sharedWith(
              data.deliveries.filter((delivery) => delivery.sku === sku),
              existingSku?.deliveries,
            )
          : existingSku.deliveries,
    };
    putChanged(context, ACCOUNT_PLAN_SKUS, skuKey, skuRow, existingSku);
  }
};

/** Writes every plan year of the account: its facts changed. */
export const writeEveryPlanYear = (context: ProjectionContext, account: PlanAccountDoc): void => {
  for (const year of Object.keys(account.plans)) writePlanYear(context, account, Number(year));
};
