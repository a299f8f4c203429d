// What can be asked of a supply commitment. Only the creating command names the commitment;
// every other one reaches it through the route (`POST /commitments/{id}/schedule-batch`).
import * as t from 'io-ts';
import {
  DateRange,
  Id,
  IsoDate,
  IsoDateTime,
  message,
  NonEmptyString,
  NonNegativeInteger,
  Peak,
  PositiveQuantity,
  Quantity,
  Sku,
  struct,
} from '../kernel/index.js';

/** Days of average sales kept as safety stock. */
export const SafetyDays = NonNegativeInteger;

export const CreateCommitmentData = struct(
  'CreateCommitmentData',
  {
    commitmentId: Id,
    accountId: Id,
    agreementId: Id,
    sku: Sku,
    window: DateRange,
    committedQty: Quantity,
    at: IsoDateTime,
  },
  // Without safetyDays the policy default of the account's effective tier applies.
  { peak: Peak, safetyDays: SafetyDays },
);
export const CreateCommitment = message('CreateCommitment', CreateCommitmentData);
export type CreateCommitment = t.TypeOf<typeof CreateCommitment>;

export const AdjustCommittedQtyData = struct('AdjustCommittedQtyData', {
  committedQty: Quantity,
  reason: NonEmptyString,
  at: IsoDateTime,
});
export const AdjustCommittedQty = message('AdjustCommittedQty', AdjustCommittedQtyData);
export type AdjustCommittedQty = t.TypeOf<typeof AdjustCommittedQty>;

export const ScheduleBatchData = struct('ScheduleBatchData', {
  batchId: Id,
  eta: IsoDate,
  qty: PositiveQuantity,
  at: IsoDateTime,
});
export const ScheduleBatch = message('ScheduleBatch', ScheduleBatchData);
export type ScheduleBatch = t.TypeOf<typeof ScheduleBatch>;

/** A batch may ship and arrive in parts: `qty` is the increment, not the running total. */
const BatchMovementData = (name: string) =>
  struct(name, { batchId: Id, qty: PositiveQuantity, at: IsoDateTime });

export const RecordBatchShippedData = BatchMovementData('RecordBatchShippedData');
export const RecordBatchShipped = message('RecordBatchShipped', RecordBatchShippedData);
export type RecordBatchShipped = t.TypeOf<typeof RecordBatchShipped>;

export const RecordBatchDeliveredData = BatchMovementData('RecordBatchDeliveredData');
export const RecordBatchDelivered = message('RecordBatchDelivered', RecordBatchDeliveredData);
export type RecordBatchDelivered = t.TypeOf<typeof RecordBatchDelivered>;

export const ReportStockPositionData = struct('ReportStockPositionData', {
  asOf: IsoDate,
  onHand: Quantity,
  soldSinceLast: Quantity,
  at: IsoDateTime,
});
export const ReportStockPosition = message('ReportStockPosition', ReportStockPositionData);
export type ReportStockPosition = t.TypeOf<typeof ReportStockPosition>;

export const AllocateUnderShortageData = struct('AllocateUnderShortageData', {
  shortageId: Id,
  requested: Quantity,
  allocated: Quantity,
  /** The allocation rule that decided `allocated`, e.g. `TIER_PRIORITY_V1`. */
  rule: NonEmptyString,
  at: IsoDateTime,
});
export const AllocateUnderShortage = message('AllocateUnderShortage', AllocateUnderShortageData);
export type AllocateUnderShortage = t.TypeOf<typeof AllocateUnderShortage>;

export const CloseCommitmentData = struct('CloseCommitmentData', { reason: NonEmptyString, at: IsoDateTime });
export const CloseCommitment = message('CloseCommitment', CloseCommitmentData);
export type CloseCommitment = t.TypeOf<typeof CloseCommitment>;

export const SupplyCommand = t.union([
  CreateCommitment,
  AdjustCommittedQty,
  ScheduleBatch,
  RecordBatchShipped,
  RecordBatchDelivered,
  ReportStockPosition,
  AllocateUnderShortage,
  CloseCommitment,
]);
export type SupplyCommand = t.TypeOf<typeof SupplyCommand>;
