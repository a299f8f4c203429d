// The documents of the stock_coverage projection: one row per account × SKU holding what
// coverage() needs (so `present` can compute any asOf), one frozen snapshot per account × SKU ×
// report date, and the internal lookups that supply what an event does not carry.
import type { TierOverride } from '../../domain/account/index.js';
import type { AccountStatus, DateRange, Industry, IsoDate, Peak, Tier } from '../../domain/kernel/index.js';
import type { DatedQty, StockReport } from '../../domain/supply/index.js';
import type { CoverageFigures } from './figures.js';

export const STOCK_COVERAGE = 'stock_coverage';
export const STOCK_COVERAGE_DAILY = 'stock_coverage_daily';
export const ACCOUNTS = 'stock_coverage_accounts';
export const AGREEMENTS = 'stock_coverage_agreements';
export const COMMITMENTS = 'stock_coverage_commitments';

/**
 * SKUs never contain `:` (account ids may), so splitting at the last `:` always recovers both
 * parts: the key is unambiguous.
 */
export const rowKey = (accountId: string, sku: string): string => `${accountId}:${sku}`;
export const dailyKey = (accountId: string, sku: string, reportDate: IsoDate): string =>
  `${rowKey(accountId, sku)}:${reportDate}`;

/** What effectiveTier needs of an account: the evaluated tier and the override, if any. */
export interface TierStanding {
  readonly tier: Tier;
  readonly override: TierOverride | null;
}

/** The account's status from a day on (the day of the event that set it). */
export interface StatusChange {
  readonly on: IsoDate;
  readonly status: AccountStatus;
}

/**
 * One batch of the account (any SKU), as its on-time-in-full rate needs it: a rate per account
 * is served on each of its rows, and a row's document is all `present` sees.
 */
export interface AccountBatch {
  readonly commitmentId: string;
  readonly batchId: string;
  readonly eta: IsoDate;
  readonly qty: number;
  readonly scheduledOn: IsoDate;
  /** Units delivered on or before the ETA. */
  readonly deliveredByEta: number;
  /** The day its commitment closed, if it did. */
  readonly closedOn: IsoDate | null;
}

/** What a row copies of its account's history: kept in the lookup, copied into each row on change. */
export interface AccountHistory {
  /** Oldest first; empty when the account's stream was not seen (taken as ACTIVE). */
  readonly statuses: readonly StatusChange[];
  /** In the order they were scheduled. */
  readonly batches: readonly AccountBatch[];
}

/** accounts lookup: what the rows of an account need from its stream, and which rows it has. */
export interface AccountLookup extends TierStanding, AccountHistory {
  readonly accountId: string;
  /** null until AccountRegistered is seen (a log that starts after it). */
  readonly industry: Industry | null;
  /** From AccountRegistered, as industry; absent in a lookup stored before version 4. */
  readonly region?: string | null;
  /** The SKUs the account has rows for, in order of their first commitment: the rows to update. */
  readonly skus: readonly string[];
}

/** agreements lookup: only the lead time matters here (delivery terms are fixed at drafting). */
export interface AgreementLookup {
  readonly accountId: string;
  readonly leadTimeDays: number;
}

/** commitments lookup: supply events after CommitmentCreated carry no SKU. */
export interface CommitmentLookup {
  readonly accountId: string;
  readonly sku: string;
}

export interface RowBatch {
  readonly batchId: string;
  readonly eta: IsoDate;
  /** The day of its BatchScheduled: an earlier asOf does not see it. */
  readonly scheduledOn: IsoDate;
  /** Scheduled. */
  readonly qty: number;
  /** Cumulative. */
  readonly shipped: number;
  /** Cumulative. */
  readonly delivered: number;
  /** Each BatchShipped, on the day of its `at`. */
  readonly shipments: readonly DatedQty[];
  /** Each BatchDelivered, on the day of its `at`. */
  readonly deliveries: readonly DatedQty[];
}

/** One supply commitment feeding a row. Arrays, not records: an id like `1` would reorder a record. */
export interface RowCommitment {
  readonly commitmentId: string;
  readonly agreementId: string;
  readonly window: DateRange;
  readonly status: 'OPEN' | 'CLOSED';
  /** The day of its CommitmentCreated. */
  readonly createdOn: IsoDate;
  /** The day of its CommitmentClosed. */
  readonly closedOn: IsoDate | null;
  /** The latest. */
  readonly committedQty: number;
  /** Each committed quantity from the day it was set (created, adjusted, closed), oldest first. */
  readonly committedChanges: readonly DatedQty[];
  readonly peak: Peak | null;
  readonly safetyDays: number;
  /** From the agreement's delivery terms; null when its AgreementDrafted was not seen. */
  readonly leadTimeDays: number | null;
  /** In the order they were scheduled. */
  readonly batches: readonly RowBatch[];
}

export interface DatedFillRatio {
  readonly on: IsoDate;
  readonly fillRatioBp: number;
}

export interface StockCoverageDoc {
  readonly accountId: string;
  readonly sku: string;
  readonly industry: Industry | null;
  /** The account's region (null until AccountRegistered is seen; absent before version 4). */
  readonly region?: string | null;
  /** Named so in the stored documents; changing the name would need a rebuild. */
  readonly tierFacts: TierStanding;
  /** In the order they were created. */
  readonly commitments: readonly RowCommitment[];
  /** One series for the account × SKU, by asOf, one report a day. */
  readonly reports: readonly StockReport[];
  /** Of the latest SupplyAllocated of any of the commitments. */
  readonly lastFillRatioBp: number | null;
  /** Every SupplyAllocated of the commitments, on the day of its `at`, in log order. */
  readonly allocations: readonly DatedFillRatio[];
  /** Copied from the account: its statuses over time and its batches of every SKU. */
  readonly account: AccountHistory;
  /** The day of the latest event applied: what the plain SQL columns are computed as of. */
  readonly updatedOn: IsoDate;
  /** The latest policy version an applied event recorded: the policy of the plain columns. */
  readonly policyVersion: string;
}

/** A daily snapshot: the presented figures as of the report date, frozen when the report arrived. */
export interface StockCoverageDailyDoc {
  readonly reportDate: IsoDate;
  readonly policyVersion: string;
  readonly figures: CoverageFigures;
}
