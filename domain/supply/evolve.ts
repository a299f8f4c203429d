// Folds one event into a commitment's state. Never consults the policy: what later decisions
// need (safety days, the tolerance used) is in the events.
import { dateOf } from '../kernel/index.js';
import type { SupplyEvent } from './events.js';
import { STOCK_REPORTS_KEPT, type Batch, type Commitment, type SupplyState } from './state.js';

const updateBatch = (c: Commitment, batchId: string, change: (batch: Batch) => Batch): Commitment => ({
  ...c,
  batches: Object.fromEntries(
    Object.entries(c.batches).map(([id, batch]) => [id, id === batchId ? change(batch) : batch]),
  ),
});

const evolveCommitment = (
  c: Commitment,
  event: Exclude<SupplyEvent, { type: 'CommitmentCreated' }>,
): Commitment => {
  switch (event.type) {
    case 'CommittedQtyAdjusted':
      return { ...c, committedQty: event.data.to };
    case 'BatchScheduled': {
      const { batchId, eta, qty } = event.data;
      return {
        ...c,
        batches: { ...c.batches, [batchId]: { eta, qty, shipped: 0, delivered: 0, deliveries: [] } },
      };
    }
    case 'BatchShipped':
      return updateBatch(c, event.data.batchId, (b) => ({ ...b, shipped: b.shipped + event.data.qty }));
    case 'BatchDelivered':
      return {
        ...updateBatch(c, event.data.batchId, (b) => ({
          ...b,
          delivered: b.delivered + event.data.qty,
          deliveries: [...b.deliveries, { on: dateOf(event.data.at), qty: event.data.qty }],
        })),
        allocatedUndelivered: Math.max(0, c.allocatedUndelivered - event.data.qty),
      };
    case 'StockPositionReported': {
      const { asOf, onHand, soldSinceLast } = event.data;
      return {
        ...c,
        stockReports: [...c.stockReports, { asOf, onHand, soldSinceLast }].slice(-STOCK_REPORTS_KEPT),
      };
    }
    case 'SupplyAllocated': {
      const { shortageId, requested, allocated, fillRatioBp, rule } = event.data;
      return {
        ...c,
        allocations: { ...c.allocations, [shortageId]: { requested, allocated, fillRatioBp, rule } },
        allocatedUndelivered: c.allocatedUndelivered + allocated,
      };
    }
    case 'CommitmentClosed':
      return { ...c, status: 'CLOSED' };
  }
};

export const evolve = (state: SupplyState, event: SupplyEvent): SupplyState => {
  if (event.type === 'CommitmentCreated') {
    const { commitmentId, accountId, agreementId, sku, window, committedQty, peak, safetyDays } = event.data;
    return {
      status: 'OPEN',
      commitmentId,
      accountId,
      agreementId,
      sku,
      window: { from: window.from, to: window.to },
      committedQty,
      peak: peak === null ? null : { from: peak.from, to: peak.to, upliftBp: peak.upliftBp },
      safetyDays,
      batches: {},
      stockReports: [],
      allocations: {},
      allocatedUndelivered: 0,
    };
  }
  // Only a created commitment has later events; the store guarantees the order.
  return state.status === 'NONE' ? state : evolveCommitment(state, event);
};
