// The documents the account-plan projection keeps. The account's document collects what a plan
// is measured against (revenue, deliveries per SKU, promotion costs), dated, for the years a plan
// can still be set or measured; each plan year's documents copy the account's facts and that
// year's data, so a row is computed as of any day from its own document (see as-of.ts).
import type { AccountStatus, Industry, IsoDate, Period } from '../../domain/kernel/index.js';
import type { TierHistory } from '../manager-scorecard/tier-history.js';

export const ACCOUNT_PLAN = 'account_plan';
export const ACCOUNT_PLAN_SKUS = 'account_plan_skus';
/** Internal: every account's facts and the dated data its plans are measured against. */
export const PLAN_ACCOUNTS = 'account_plan_accounts';

export interface StockTarget {
  readonly offSeasonDays: number;
  readonly peakDays: number;
}

/** One AccountPlanSet: a year's plan from the day it was set until it was set again. */
export interface PlanTerms {
  readonly setOn: IsoDate;
  readonly revenueTarget: number;
  readonly promotionBudget: number;
  readonly currency: string;
  readonly skuTargets: Readonly<Record<string, number>>;
  readonly stockTargets: Readonly<Record<string, StockTarget>>;
}

/** A period's revenue as recorded (or corrected) on a day: the latest known by a day counts. */
export interface RevenueEntry {
  readonly period: Period;
  readonly amount: number;
  readonly knownOn: IsoDate;
}

/** Units of a SKU delivered to the account, on the day the delivery was recorded. */
export interface Delivery {
  readonly sku: string;
  readonly on: IsoDate;
  readonly qty: number;
}

/** A promotion of the account's agreements, counted in the year its window begins. */
export interface PromotionCost {
  readonly promotionId: string;
  readonly windowFrom: IsoDate;
  /** The actual cost once its result is recorded; null before. */
  readonly cost: number | null;
  readonly costKnownOn: IsoDate | null;
}

/** What every row of the account's plans shows of the account itself (as it is now, as tier_status does). */
export interface PlanAccount {
  readonly accountId: string;
  readonly name: string;
  readonly industry: Industry;
  readonly region: string;
  readonly managerId: string | null;
  readonly status: AccountStatus;
  readonly tiers: TierHistory;
  /** The latest policy version an event of the account recorded (v1 until one does). */
  readonly policyVersion: string;
  /** The day of the latest event applied: the plain SQL columns are computed as of it. */
  readonly lastEventOn: IsoDate;
}

/** The data of the plan years still open (the year of the latest event and the one before). */
export interface PlanData {
  readonly revenue: readonly RevenueEntry[];
  readonly deliveries: readonly Delivery[];
  readonly promotions: readonly PromotionCost[];
}

export interface PlanAccountDoc extends PlanAccount, PlanData {
  /** The SKU of each of the account's supply commitments. */
  readonly commitmentSkus: Readonly<Record<string, string>>;
  /** Every plan set, by year, oldest first. */
  readonly plans: Readonly<Record<string, readonly PlanTerms[]>>;
}

export interface AccountPlanDoc extends PlanAccount, PlanData {
  readonly planId: string;
  readonly year: number;
  readonly plans: readonly PlanTerms[];
}

export interface PlanSkuDoc extends PlanAccount {
  readonly planSkuId: string;
  readonly year: number;
  readonly sku: string;
  readonly plans: readonly PlanTerms[];
  readonly deliveries: readonly Delivery[];
}

export const planKey = (accountId: string, year: number): string => `${accountId}/${year}`;
export const planSkuKey = (accountId: string, year: number, sku: string): string =>
  `${accountId}/${year}/${sku}`;
