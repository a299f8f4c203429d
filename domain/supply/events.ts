// What happened to a supply commitment. Every event names the commitment and its account, so
// a consumer of one event (a projection, a process manager) needs no lookup.
import * as t from 'io-ts';
import {
  BasisPoints,
  DateRange,
  Id,
  IsoDate,
  IsoDateTime,
  message,
  NonEmptyString,
  PolicyVersion,
  Peak,
  PositiveQuantity,
  Quantity,
  Sku,
  struct,
  Tier,
} from '../kernel/index.js';
import { SafetyDays } from './commands.js';

const subject = { commitmentId: Id, accountId: Id, at: IsoDateTime };

export const CommitmentCreatedData = struct('CommitmentCreatedData', {
  ...subject,
  agreementId: Id,
  sku: Sku,
  window: DateRange,
  committedQty: Quantity,
  peak: t.union([Peak, t.null]),
  /** As given, or the policy default of `tier`. */
  safetyDays: SafetyDays,
  /** The account's effective tier when the commitment was made. */
  tier: Tier,
  policyVersion: PolicyVersion,
});
export const CommitmentCreated = message('CommitmentCreated', CommitmentCreatedData);
export type CommitmentCreated = t.TypeOf<typeof CommitmentCreated>;

export const CommittedQtyAdjustedData = struct('CommittedQtyAdjustedData', {
  ...subject,
  from: Quantity,
  to: Quantity,
  reason: NonEmptyString,
  /** The schedule tolerance the new quantity was checked against. */
  policyVersion: PolicyVersion,
});
export const CommittedQtyAdjusted = message('CommittedQtyAdjusted', CommittedQtyAdjustedData);
export type CommittedQtyAdjusted = t.TypeOf<typeof CommittedQtyAdjusted>;

export const BatchScheduledData = struct('BatchScheduledData', {
  ...subject,
  batchId: Id,
  eta: IsoDate,
  qty: PositiveQuantity,
  /** The schedule tolerance the batch was checked against. */
  policyVersion: PolicyVersion,
});
export const BatchScheduled = message('BatchScheduled', BatchScheduledData);
export type BatchScheduled = t.TypeOf<typeof BatchScheduled>;

/** `qty` is the increment of this shipment or delivery. */
const batchMovement = (name: string) => struct(name, { ...subject, batchId: Id, qty: PositiveQuantity });

export const BatchShippedData = batchMovement('BatchShippedData');
export const BatchShipped = message('BatchShipped', BatchShippedData);
export type BatchShipped = t.TypeOf<typeof BatchShipped>;

export const BatchDeliveredData = batchMovement('BatchDeliveredData');
export const BatchDelivered = message('BatchDelivered', BatchDeliveredData);
export type BatchDelivered = t.TypeOf<typeof BatchDelivered>;

export const StockPositionReportedData = struct('StockPositionReportedData', {
  ...subject,
  asOf: IsoDate,
  onHand: Quantity,
  soldSinceLast: Quantity,
});
export const StockPositionReported = message('StockPositionReported', StockPositionReportedData);
export type StockPositionReported = t.TypeOf<typeof StockPositionReported>;

export const SupplyAllocatedData = struct('SupplyAllocatedData', {
  ...subject,
  shortageId: Id,
  requested: Quantity,
  allocated: Quantity,
  /** allocated × 10 000 ÷ requested, rounded down; 10 000 when nothing was requested. */
  fillRatioBp: BasisPoints,
  rule: NonEmptyString,
});
export const SupplyAllocated = message('SupplyAllocated', SupplyAllocatedData);
export type SupplyAllocated = t.TypeOf<typeof SupplyAllocated>;

export const CommitmentClosedData = struct('CommitmentClosedData', {
  ...subject,
  reason: NonEmptyString,
  /** Where the commitment stood when it closed, for the audit trail and the read models. */
  committedQty: Quantity,
  deliveredQty: Quantity,
});
export const CommitmentClosed = message('CommitmentClosed', CommitmentClosedData);
export type CommitmentClosed = t.TypeOf<typeof CommitmentClosed>;

export const SupplyEvent = t.union([
  CommitmentCreated,
  CommittedQtyAdjusted,
  BatchScheduled,
  BatchShipped,
  BatchDelivered,
  StockPositionReported,
  SupplyAllocated,
  CommitmentClosed,
]);
export type SupplyEvent = t.TypeOf<typeof SupplyEvent>;
