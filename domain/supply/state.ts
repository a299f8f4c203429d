// The state of a supply commitment, folded from its events alone (see evolve.ts). Plain JSON:
// the application snapshots it.
import { lookup, type DateRange, type IsoDate, type Peak } from '../kernel/index.js';
import type { DatedQty } from './delivery-punctuality.js';

export interface Batch {
  readonly eta: IsoDate;
  /** Scheduled quantity. */
  readonly qty: number;
  /** Cumulative. */
  readonly shipped: number;
  /** Cumulative. */
  readonly delivered: number;
  /**
   * Each delivery on its day (of the BatchDelivered's `at`): a shortage reckons the stock on
   * hand from the latest report plus what arrived after it.
   */
  readonly deliveries: readonly DatedQty[];
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
  /**
   * What shortages allocated that is not delivered yet: each SupplyAllocated adds its
   * allocation, each later delivery pays it down (first allocated, first delivered).
   */
  readonly allocatedUndelivered: number;
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
export const batchOf = (c: Commitment, batchId: string): Batch | undefined => lookup(c.batches, batchId);

export const hasAllocation = (c: Commitment, shortageId: string): boolean =>
  Object.hasOwn(c.allocations, shortageId);

const sumOf = (c: Commitment, field: 'qty' | 'shipped' | 'delivered'): number =>
  Object.values(c.batches).reduce((total, batch) => total + batch[field], 0);

export const totalScheduled = (c: Commitment): number => sumOf(c, 'qty');
export const totalDelivered = (c: Commitment): number => sumOf(c, 'delivered');

export const lastStockReport = (c: Commitment): StockReport | undefined => c.stockReports.at(-1);
