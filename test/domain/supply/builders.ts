// Small builders of supply commands, events and facts for the specs: defaults for one
// commitment of account acc-1 under agreement agr-1, overridable field by field.
import type { AccountFacts, AgreementFacts } from '../../../domain/kernel/index.js';
import type {
  AdjustCommittedQty,
  AllocateUnderShortage,
  BatchDelivered,
  BatchScheduled,
  BatchShipped,
  CloseCommitment,
  CommitmentClosed,
  CommitmentCreated,
  CommittedQtyAdjusted,
  CreateCommitment,
  RecordBatchDelivered,
  RecordBatchShipped,
  ReportStockPosition,
  ScheduleBatch,
  StockPositionReported,
  SupplyAllocated,
} from '../../../domain/supply/index.js';

export const AT = '2026-03-01T08:00:00.000Z';
export const COMMITMENT_ID = 'c-1';
export const ACCOUNT_ID = 'acc-1';
export const AGREEMENT_ID = 'agr-1';
export const WINDOW = { from: '2026-03-01', to: '2026-08-31' };
export const VALIDITY = { from: '2026-01-01', to: '2026-12-31' };

export const accountFacts = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  accountId: ACCOUNT_ID,
  exists: true,
  status: 'ACTIVE',
  tier: 'A',
  industry: 'RETAIL',
  managerId: 'mgr-1',
  ...over,
});

export const agreementFacts = (over: Partial<AgreementFacts> = {}): AgreementFacts => ({
  agreementId: AGREEMENT_ID,
  exists: true,
  accountId: ACCOUNT_ID,
  status: 'ACTIVE',
  validity: VALIDITY,
  ...over,
});

const subject = { commitmentId: COMMITMENT_ID, accountId: ACCOUNT_ID, at: AT };

// ----- commands -----

export const createCommitment = (over: Partial<CreateCommitment['data']> = {}): CreateCommitment => ({
  type: 'CreateCommitment',
  data: {
    commitmentId: COMMITMENT_ID,
    accountId: ACCOUNT_ID,
    agreementId: AGREEMENT_ID,
    sku: 'SKU-1',
    window: WINDOW,
    committedQty: 1000,
    at: AT,
    ...over,
  },
});

export const adjustCommittedQty = (
  committedQty: number,
  reason = 'forecast revised',
): AdjustCommittedQty => ({
  type: 'AdjustCommittedQty',
  data: { committedQty, reason, at: AT },
});

export const scheduleBatch = (batchId: string, qty: number, eta = '2026-04-01'): ScheduleBatch => ({
  type: 'ScheduleBatch',
  data: { batchId, eta, qty, at: AT },
});

export const recordShipped = (batchId: string, qty: number): RecordBatchShipped => ({
  type: 'RecordBatchShipped',
  data: { batchId, qty, at: AT },
});

export const recordDelivered = (batchId: string, qty: number): RecordBatchDelivered => ({
  type: 'RecordBatchDelivered',
  data: { batchId, qty, at: AT },
});

export const reportStock = (asOf: string, onHand: number, soldSinceLast: number): ReportStockPosition => ({
  type: 'ReportStockPosition',
  data: { asOf, onHand, soldSinceLast, at: AT },
});

export const allocate = (
  shortageId: string,
  requested: number,
  allocated: number,
  rule = 'TIER_PRIORITY_V1',
): AllocateUnderShortage => ({
  type: 'AllocateUnderShortage',
  data: { shortageId, requested, allocated, rule, at: AT },
});

export const closeCommitment = (reason = 'window over'): CloseCommitment => ({
  type: 'CloseCommitment',
  data: { reason, at: AT },
});

// ----- events -----

export const created = (over: Partial<CommitmentCreated['data']> = {}): CommitmentCreated => ({
  type: 'CommitmentCreated',
  data: {
    ...subject,
    agreementId: AGREEMENT_ID,
    sku: 'SKU-1',
    window: WINDOW,
    committedQty: 1000,
    peak: null,
    safetyDays: 14,
    tier: 'A',
    policyVersion: 'v1',
    ...over,
  },
});

export const adjusted = (
  from: number,
  to: number,
  reason = 'forecast revised',
  over: Partial<CommittedQtyAdjusted['data']> = {},
): CommittedQtyAdjusted => ({
  type: 'CommittedQtyAdjusted',
  data: { ...subject, from, to, reason, policyVersion: 'v1', ...over },
});

export const scheduled = (
  batchId: string,
  qty: number,
  eta = '2026-04-01',
  over: Partial<BatchScheduled['data']> = {},
): BatchScheduled => ({
  type: 'BatchScheduled',
  data: { ...subject, batchId, eta, qty, policyVersion: 'v1', ...over },
});

export const shipped = (
  batchId: string,
  qty: number,
  over: Partial<BatchShipped['data']> = {},
): BatchShipped => ({
  type: 'BatchShipped',
  data: { ...subject, batchId, qty, ...over },
});

export const delivered = (
  batchId: string,
  qty: number,
  over: Partial<BatchDelivered['data']> = {},
): BatchDelivered => ({
  type: 'BatchDelivered',
  data: { ...subject, batchId, qty, ...over },
});

export const reported = (
  asOf: string,
  onHand: number,
  soldSinceLast: number,
  over: Partial<StockPositionReported['data']> = {},
): StockPositionReported => ({
  type: 'StockPositionReported',
  data: { ...subject, asOf, onHand, soldSinceLast, ...over },
});

export const allocated = (
  shortageId: string,
  requested: number,
  allocatedQty: number,
  fillRatioBp: number,
  rule = 'TIER_PRIORITY_V1',
  over: Partial<SupplyAllocated['data']> = {},
): SupplyAllocated => ({
  type: 'SupplyAllocated',
  data: { ...subject, shortageId, requested, allocated: allocatedQty, fillRatioBp, rule, ...over },
});

export const closed = (
  committedQty = 1000,
  deliveredQty = 0,
  reason = 'window over',
  over: Partial<CommitmentClosed['data']> = {},
): CommitmentClosed => ({
  type: 'CommitmentClosed',
  data: { ...subject, reason, committedQty, deliveredQty, ...over },
});
