// The documents the account-risk projection keeps: what events said, dated. The score moves with
// the day (the revenue trend by closed months, the windows of feedback, SLA and supply slide, a
// visit falls overdue), so it is worked out as of the query's date (see as-of.ts).
import type { IsoDate, Period } from '../../domain/kernel/index.js';
import type { TierStatusDoc } from '../tier-status/index.js';

export const ACCOUNT_RISK = 'account_risk';
/** Internal: each region's revenue by period, the denominator of an account's share of it. */
export const RISK_REGIONS = 'account_risk_regions';

/** A batch as the late-delivery factor needs it. */
export interface RiskBatch {
  readonly commitmentId: string;
  readonly eta: IsoDate;
  readonly qty: number;
  /** The day it was scheduled: an earlier day does not know it. */
  readonly scheduledOn: IsoDate;
  /** Each delivery with its day. */
  readonly deliveries: readonly { readonly on: IsoDate; readonly qty: number }[];
}

export interface AccountRiskDoc {
  readonly accountId: string;
  /**
   * The account as tier_status keeps it (tier, revenue, requests, feedback, satisfaction, visits,
   * actions, status), folded by tier_status's own reducers, so both read models agree.
   */
  readonly account: TierStatusDoc;
  /** The day of the latest event applied (account or supply): the plain SQL columns are computed as of it. */
  readonly lastEventOn: IsoDate;
  /**
   * The region's revenue by period as known at the account's latest own event. Every account has
   * one each month end (its tier evaluation, after the month's revenue is in), so the share of
   * the region is at most a month behind a late invoice of another account.
   */
  readonly regionRevenue: Readonly<Record<Period, number>>;
  /** The days stock-outs were reported (on hand 0), in the order recorded. */
  readonly stockOuts: readonly IsoDate[];
  /** The days of allocations that filled less than requested. */
  readonly allocationCuts: readonly IsoDate[];
  /** By `commitmentId/batchId`. */
  readonly batches: Readonly<Record<string, RiskBatch>>;
  /** The day each closed commitment closed: what is outstanding on its batches will not come. */
  readonly closedCommitments: Readonly<Record<string, IsoDate>>;
}

export interface RiskRegionDoc {
  readonly region: string;
  /** Every account's revenue of the period summed, corrections applied, minor units. */
  readonly revenue: Readonly<Record<Period, number>>;
}
