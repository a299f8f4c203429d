// The state of a supply commitment: plain JSON (the application snapshots it), folded from
// its events alone. `evolve` never consults the policy: what decisions need is in the events.
import type { DateRange, IsoDate, Peak } from '../kernel/index.js';
import type { SupplyEvent } from './events.js';

export interface Batch {
  readonly eta: IsoDate;
  /** Scheduled quantity. */
  readonly qty: number;
  /** Cumulative. */
  readonly shipped: number;
  /** Cumulative. */
  readonly delivered: number;
}

export interface StockReport {
  readonly asOf: IsoDate;
  readonly onHand: number;
  readonly soldSinceLast: number;
}

export interface Allocation {
  readonly requested: number;
  readonly allocated: number;
  readonly fillRatioBp: number;
  readonly rule: string;
}

export interface Commitment {
  readonly status: 'OPEN' | 'CLOSED';
  readonly commitmentId: string;
  readonly accountId: string;
  readonly agreementId: string;
  readonly sku: string;
  readonly window: DateRange;
  readonly committedQty: number;
  readonly peak: Peak | null;
  readonly safetyDays: number;
  /** By batchId. */
  readonly batches: Readonly<Record<string, Batch>>;
  /** Oldest first, the latest STOCK_REPORTS_KEPT reports. */
  readonly stockReports: readonly StockReport[];
  /** By shortageId. */
  readonly allocations: Readonly<Record<string, Allocation>>;
}

export type SupplyState = { readonly status: 'NONE' } | Commitment;

export const initialState: SupplyState = { status: 'NONE' };

/**
 * Decisions only need the latest report; the history is kept for sales over a trailing window
 * (28 days by default). Reports are at most one a day (asOf strictly increases), so 100 reports
 * always span more than three such windows, while a snapshot stays small however long the commitment runs.
 */
export const STOCK_REPORTS_KEPT = 100;

// Ids may be `constructor` or `toString`: look up own properties only, never the prototype.
export const batchOf = (c: Commitment, batchId: string): Batch | undefined =>
  Object.hasOwn(c.batches, batchId) ? c.batches[batchId] : undefined;

export const hasAllocation = (c: Commitment, shortageId: string): boolean =>
  Object.hasOwn(c.allocations, shortageId);

const sumOf = (c: Commitment, field: 'qty' | 'shipped' | 'delivered'): number =>
  Object.values(c.batches).reduce((total, batch) => total + batch[field], 0);

export const totalScheduled = (c: Commitment): number => sumOf(c, 'qty');
export const totalDelivered = (c: Commitment): number => sumOf(c, 'delivered');

export const lastStockReport = (c: Commitment): StockReport | undefined => c.stockReports.at(-1);

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
      return { ...c, batches: { ...c.batches, [batchId]: { eta, qty, shipped: 0, delivered: 0 } } };
    }
    case 'BatchShipped':
      return updateBatch(c, event.data.batchId, (b) => ({ ...b, shipped: b.shipped + event.data.qty }));
    case 'BatchDelivered':
      return updateBatch(c, event.data.batchId, (b) => ({ ...b, delivered: b.delivered + event.data.qty }));
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
    };
  }
  // Only a created commitment has later events; the store guarantees the order.
  return state.status === 'NONE' ? state : evolveCommitment(state, event);
};
