// The supply side of a row. CommitmentCreated opens (or joins) the row of its account × SKU and
// records the commitment in the lookups; every later supply event carries only the commitment
// id, so it finds its row through the commitments lookup and changes that commitment's part of the row.
import { addMonths, dateOf, type Tier } from '../../domain/kernel/index.js';
import {
  OTIF_WINDOW_MONTHS,
  STOCK_REPORTS_KEPT,
  type BatchDelivered,
  type BatchScheduled,
  type BatchShipped,
  type CommitmentClosed,
  type CommitmentCreated,
  type CommittedQtyAdjusted,
  type StockPositionReported,
  type StockReport,
  type SupplyAllocated,
} from '../../domain/supply/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { changeAccount, newAccount, withAccount } from './accounts.js';
import {
  ACCOUNTS,
  AGREEMENTS,
  COMMITMENTS,
  type AccountBatch,
  type AccountLookup,
  type AgreementLookup,
  type RowBatch,
  type RowCommitment,
  type CommitmentLookup,
  type StockCoverageDoc,
} from './documents.js';
import { getRow, putRow, touch } from './row.js';
import { writeSnapshot } from './snapshots.js';

/** Adds the SKU to the account's rows, meeting the account here if its stream was never seen. */
const accountWithSku = (
  context: ProjectionContext,
  accountId: string,
  sku: string,
  tier: Tier,
): AccountLookup => {
  const account = context.get<AccountLookup>(ACCOUNTS, accountId) ?? newAccount(accountId, tier);
  const withSku = account.skus.includes(sku) ? account : { ...account, skus: [...account.skus, sku] };
  context.put<AccountLookup>(ACCOUNTS, accountId, withSku);
  return withSku;
};

const commitmentCreated = on<CommitmentCreated>((data, event, context) => {
  const { commitmentId, accountId, agreementId, sku } = data;
  context.put<CommitmentLookup>(COMMITMENTS, commitmentId, { accountId, sku });
  const account = accountWithSku(context, accountId, sku, data.tier);
  const commitment: RowCommitment = {
    commitmentId,
    agreementId,
    window: { from: data.window.from, to: data.window.to },
    status: 'OPEN',
    createdOn: dateOf(data.at),
    closedOn: null,
    committedQty: data.committedQty,
    committedChanges: [{ on: dateOf(data.at), qty: data.committedQty }],
    peak:
      data.peak === null ? null : { from: data.peak.from, to: data.peak.to, upliftBp: data.peak.upliftBp },
    safetyDays: data.safetyDays,
    leadTimeDays: context.get<AgreementLookup>(AGREEMENTS, agreementId)?.leadTimeDays ?? null,
    batches: [],
  };
  const row: StockCoverageDoc =
    getRow(context, accountId, sku) ??
    withAccount(
      {
        accountId,
        sku,
        industry: null,
        region: null,
        tierFacts: { tier: account.tier, override: null },
        commitments: [],
        reports: [],
        lastFillRatioBp: null,
        allocations: [],
        account: { statuses: [], batches: [] },
        updatedOn: dateOf(data.at),
        policyVersion: data.policyVersion,
      },
      account,
    );
  putRow(context, touch({ ...row, commitments: [...row.commitments, commitment] }, event));
});

/**
 * Applies `change` to the row of the event's commitment and returns the new row. A commitment
 * whose CommitmentCreated was never seen has no known SKU: its events are skipped.
 */
const changeRow = (
  event: ProjectedEvent,
  context: ProjectionContext,
  change: (row: StockCoverageDoc, commitmentId: string) => StockCoverageDoc,
): StockCoverageDoc | undefined => {
  const commitmentId = event.data['commitmentId'] as string;
  const link = context.get<CommitmentLookup>(COMMITMENTS, commitmentId);
  const row = link === undefined ? undefined : getRow(context, link.accountId, link.sku);
  if (row === undefined) return undefined;
  const next = touch(change(row, commitmentId), event);
  putRow(context, next);
  return next;
};

const changeCommitment =
  (change: (commitment: RowCommitment) => RowCommitment) =>
  (row: StockCoverageDoc, commitmentId: string): StockCoverageDoc => ({
    ...row,
    commitments: row.commitments.map((c) => (c.commitmentId === commitmentId ? change(c) : c)),
  });

const changeBatch = (batchId: string, change: (batch: RowBatch) => RowBatch) =>
  changeCommitment((c) => ({ ...c, batches: c.batches.map((b) => (b.batchId === batchId ? change(b) : b)) }));

const committedQtyAdjusted = on<CommittedQtyAdjusted>(({ to, at }, event, context) => {
  changeRow(
    event,
    context,
    changeCommitment((c) => ({
      ...c,
      committedQty: to,
      committedChanges: [...c.committedChanges, { on: dateOf(at), qty: to }],
    })),
  );
});

/** The account's record of one batch, for its on-time-in-full rate. */
const changeAccountBatch = (
  event: ProjectedEvent,
  context: ProjectionContext,
  batchId: string,
  change: (batch: AccountBatch) => AccountBatch,
): void => {
  const commitmentId = event.data['commitmentId'] as string;
  changeAccount(event, context, (account) => ({
    ...account,
    batches: account.batches.map((b) =>
      b.commitmentId === commitmentId && b.batchId === batchId ? change(b) : b,
    ),
  }));
};

const batchScheduled = on<BatchScheduled>(({ commitmentId, batchId, eta, qty, at }, event, context) => {
  const scheduledOn = dateOf(at);
  const row = changeRow(
    event,
    context,
    changeCommitment((c) => ({
      ...c,
      batches: [
        ...c.batches,
        { batchId, eta, scheduledOn, qty, shipped: 0, delivered: 0, shipments: [], deliveries: [] },
      ],
    })),
  );
  if (row === undefined) return;
  // Two OTIF windows back are enough for a past asOf a year ago; older batches only grow every row.
  const keptFrom = addMonths(scheduledOn, -2 * OTIF_WINDOW_MONTHS);
  changeAccount(event, context, (account) => ({
    ...account,
    batches: [
      ...account.batches.filter((b) => b.eta >= keptFrom),
      { commitmentId, batchId, eta, qty, scheduledOn, deliveredByEta: 0, closedOn: null },
    ],
  }));
});

/** Shipments and deliveries carry the increment, as the commitment's own state adds them up. */
const batchShipped = on<BatchShipped>(({ batchId, qty, at }, event, context) => {
  changeRow(
    event,
    context,
    changeBatch(batchId, (b) => ({
      ...b,
      shipped: b.shipped + qty,
      shipments: [...b.shipments, { on: dateOf(at), qty }],
    })),
  );
});

/** A delivery is dated by its `at`: it is on the shelf from that day. */
const batchDelivered = on<BatchDelivered>(({ batchId, qty, at }, event, context) => {
  const day = dateOf(at);
  const row = changeRow(
    event,
    context,
    changeBatch(batchId, (b) => ({
      ...b,
      delivered: b.delivered + qty,
      deliveries: [...b.deliveries, { on: day, qty }],
    })),
  );
  if (row === undefined) return;
  changeAccountBatch(event, context, batchId, (b) =>
    day <= b.eta ? { ...b, deliveredByEta: b.deliveredByEta + qty } : b,
  );
});

/**
 * One stock series per account × SKU, in date order: a report joins it at its date, replacing
 * one of the same day (another commitment reporting the same stock that day). Kept as long as
 * the commitment's own state keeps it, enough for the 28-day ADS at any recent asOf.
 */
const stockReported = on<StockPositionReported>(({ asOf, onHand, soldSinceLast }, event, context) => {
  const row = changeRow(event, context, (doc) => ({
    ...doc,
    reports: withReport(doc.reports, { asOf, onHand, soldSinceLast }),
  }));
  if (row !== undefined) writeSnapshot(context, row, asOf);
});

const byAsOf = (a: StockReport, b: StockReport): number => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0);

/** The series with the report at its date; a report newer than all (the usual case) is appended. */
const withReport = (reports: readonly StockReport[], report: StockReport): readonly StockReport[] => {
  const last = reports.at(-1);
  const merged =
    last === undefined || last.asOf < report.asOf
      ? [...reports, report]
      : [...reports.filter((r) => r.asOf !== report.asOf), report].sort(byAsOf);
  return merged.length > STOCK_REPORTS_KEPT ? merged.slice(-STOCK_REPORTS_KEPT) : merged;
};

const supplyAllocated = on<SupplyAllocated>(({ fillRatioBp, at }, event, context) => {
  changeRow(event, context, (row) => ({
    ...row,
    lastFillRatioBp: fillRatioBp,
    allocations: [...row.allocations, { on: dateOf(at), fillRatioBp }],
  }));
});

/** The closing figures are where the commitment stood: they win over what was folded so far. */
const commitmentClosed = on<CommitmentClosed>(({ commitmentId, committedQty, at }, event, context) => {
  const closedOn = dateOf(at);
  const row = changeRow(
    event,
    context,
    changeCommitment((c) => ({
      ...c,
      status: 'CLOSED',
      closedOn,
      committedQty,
      committedChanges: [...c.committedChanges, { on: closedOn, qty: committedQty }],
    })),
  );
  if (row === undefined) return;
  changeAccount(event, context, (account) => ({
    ...account,
    batches: account.batches.map((b) =>
      b.commitmentId === commitmentId && b.closedOn === null ? { ...b, closedOn } : b,
    ),
  }));
});

export const supplyHandlers: EventHandlers = {
  CommitmentCreated: commitmentCreated,
  CommittedQtyAdjusted: committedQtyAdjusted,
  BatchScheduled: batchScheduled,
  BatchShipped: batchShipped,
  BatchDelivered: batchDelivered,
  StockPositionReported: stockReported,
  SupplyAllocated: supplyAllocated,
  CommitmentClosed: commitmentClosed,
};
