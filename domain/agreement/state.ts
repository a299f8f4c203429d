// The agreement as decisions see it. Plain JSON (the application snapshots it): maps are
// objects, absent values are null.
import {
  lookup,
  type AgreementStatus,
  type DateRange,
  type IsoDate,
  type IsoDateTime,
  type Money,
  type Period,
  type Tier,
} from '../kernel/index.js';
import type { DeliveryTerms } from './delivery-terms.js';
import type { PriceExpectations } from './price-expectations.js';
import type { PromotionKind } from './promotion-kind.js';

export type PromotionStatus = 'PROPOSED' | 'APPROVED' | 'CANCELLED';

export interface PromotionResult {
  readonly actualQty: number;
  readonly actualCost: Money;
  readonly recordedAt: IsoDateTime;
}

export interface Promotion {
  readonly promotionId: string;
  readonly kind: PromotionKind;
  readonly window: DateRange;
  readonly skus: readonly string[];
  readonly plannedQty: number;
  readonly budget: Money;
  readonly concessionBp: number;
  readonly fundingSplitBp: number;
  readonly status: PromotionStatus;
  readonly result: PromotionResult | null;
}

/** What the base discount was checked against when it was set. */
export interface DiscountTerms {
  readonly capBp: number;
  readonly tier: Tier;
  readonly policyVersion: string;
}

export interface RebateTotal {
  readonly qty: number;
  readonly amount: Money;
}

export interface Agreement {
  readonly exists: true;
  readonly agreementId: string;
  readonly accountId: string;
  readonly status: AgreementStatus;
  readonly validity: DateRange;
  /** The account's tier at activation (signing); the tier at drafting until then. */
  readonly tierAtSigning: Tier;
  /** 0 until a SetBaseDiscount is accepted. */
  readonly baseDiscountBp: number;
  readonly baseDiscountSetUnder: DiscountTerms | null;
  readonly deliveryTerms: DeliveryTerms;
  readonly priceExpectations: PriceExpectations;
  readonly signature: { readonly signedBy: string; readonly signedOn: IsoDate } | null;
  readonly promotions: Readonly<Record<string, Promotion>>;
  /** Accrued rebates, totalled per period. */
  readonly rebates: Readonly<Record<Period, RebateTotal>>;
  readonly terminationReason: string | null;
  /**
   * Once EXPIRED or TERMINATED, the last day it was in force: the validity's end, or the day
   * of termination when earlier. Null while it runs. Settlement counts from it.
   */
  readonly endedOn: IsoDate | null;
}

export type AgreementState = { readonly exists: false } | Agreement;

export const initialState: AgreementState = { exists: false };

/** A promotion by id; own properties only, so an id like `constructor` is never mistaken for one. */
export const promotionOf = (agreement: Agreement, promotionId: string): Promotion | undefined =>
  lookup(agreement.promotions, promotionId);

/** The fields every event of this agreement starts with. */
export const subjectOf = (agreement: Agreement, at: IsoDateTime) => ({
  agreementId: agreement.agreementId,
  accountId: agreement.accountId,
  at,
});

export const isClosed = (agreement: Agreement): boolean =>
  agreement.status === 'EXPIRED' || agreement.status === 'TERMINATED';
