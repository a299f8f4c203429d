// Realistic domain events for the stock coverage specs, typed by the domain so a shape change
// breaks them, appended to an event log on the stream each belongs to. The defaults describe
// account acc-1 (RETAIL, tier A) with agreement agr-1 (lead time 5 days) and commitment c-1 of
// SKU-1 for March–August 2026 (1000 committed, 14 safety days, no peak).
import type { AccountEvent } from '../../../domain/account/index.js';
import type { AgreementDrafted } from '../../../domain/agreement/index.js';
import { addDays, money, type Industry, type Peak, type Tier } from '../../../domain/kernel/index.js';
import type { CommitmentCreated, SupplyEvent } from '../../../domain/supply/index.js';
import type { ProjectedEvent } from '../../../projections/projection.js';
import { eventLog } from '../../support/projection-harness.js';

export const ACCOUNT = 'acc-1';
export const AGREEMENT = 'agr-1';
export const COMMITMENT = 'c-1';
export const SKU = 'SKU-1';

/** Events happen at 09:00 UTC of a day. */
export const at = (day: string): string => `${day}T09:00:00.000Z`;

type DomainEvent = AccountEvent | AgreementDrafted | SupplyEvent;

const streamOf = (event: DomainEvent): string => {
  if (event.type === 'AgreementDrafted') return `agreement-${event.data.agreementId}`;
  if ('commitmentId' in event.data) return `supply-${event.data.commitmentId}`;
  return `account-${event.data.accountId}`;
};

export interface Book {
  readonly events: ProjectedEvent[];
  add(...events: DomainEvent[]): Book;
}

export const book = (): Book => {
  const log = eventLog();
  const self: Book = {
    events: log.events,
    add: (...events) => {
      for (const event of events) log.add(streamOf(event), event);
      return self;
    },
  };
  return self;
};

// ----- account -----

export const registered = (
  industry: Industry = 'RETAIL',
  accountId = ACCOUNT,
  day = '2026-01-05',
): AccountEvent => ({
  type: 'AccountRegistered',
  data: { accountId, name: 'Acme Retail', industry, region: 'East', at: at(day) },
});

export const tierChanged = (from: Tier, to: Tier, day = '2026-02-01', accountId = ACCOUNT): AccountEvent => ({
  type: 'TierChanged',
  data: {
    accountId,
    from,
    to,
    t12m: money(to === 'A' ? 350_000_000 : 150_000_000),
    rule: 'PROMOTION',
    asOfPeriod: '2026-01',
    policyVersion: 'v1',
    at: at(day),
  },
});

export const tierOverridden = (
  tier: Tier,
  expiresOn: string,
  day: string,
  accountId = ACCOUNT,
): AccountEvent => ({
  type: 'TierOverridden',
  data: {
    accountId,
    tier,
    reason: 'strategic renewal',
    approvedBy: 'dir-zhao',
    expiresOn,
    policyVersion: 'v1',
    at: at(day),
  },
});

export const tierOverrideExpired = (
  tier: Tier,
  expiresOn: string,
  day: string,
  accountId = ACCOUNT,
): AccountEvent => ({ type: 'TierOverrideExpired', data: { accountId, tier, expiresOn, at: at(day) } });

/** An account event stock coverage does not handle. */
export const revenueRecorded = (day: string, accountId = ACCOUNT): AccountEvent => ({
  type: 'RevenueRecorded',
  data: {
    accountId,
    period: '2026-02',
    amount: money(30_000_000),
    sourceRef: 'billing-2026-02',
    at: at(day),
  },
});

// ----- agreement -----

export const agreementDrafted = (
  leadTimeDays = 5,
  agreementId = AGREEMENT,
  accountId = ACCOUNT,
  day = '2026-02-10',
): AgreementDrafted => ({
  type: 'AgreementDrafted',
  data: {
    agreementId,
    accountId,
    validity: { from: '2026-01-01', to: '2026-12-31' },
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays },
    priceExpectations: { [SKU]: money(1000) },
    tierAtSigning: 'A',
    policyVersion: 'v1',
    at: at(day),
  },
});

// ----- supply -----

export const commitmentCreated = (over: Partial<CommitmentCreated['data']> = {}): CommitmentCreated => ({
  type: 'CommitmentCreated',
  data: {
    commitmentId: COMMITMENT,
    accountId: ACCOUNT,
    agreementId: AGREEMENT,
    sku: SKU,
    window: { from: '2026-03-01', to: '2026-08-31' },
    committedQty: 1000,
    peak: null,
    safetyDays: 14,
    tier: 'A',
    policyVersion: 'v1',
    at: at('2026-03-01'),
    ...over,
  },
});

/** The events of one commitment after its creation. */
export const supply = (commitmentId = COMMITMENT, accountId = ACCOUNT) => {
  const about = (day: string) => ({ commitmentId, accountId, at: at(day) });
  return {
    adjusted: (from: number, to: number, day: string): SupplyEvent => ({
      type: 'CommittedQtyAdjusted',
      data: { ...about(day), from, to, reason: 'forecast revised', policyVersion: 'v1' },
    }),
    scheduled: (batchId: string, eta: string, qty: number, day = '2026-03-02'): SupplyEvent => ({
      type: 'BatchScheduled',
      data: { ...about(day), batchId, eta, qty, policyVersion: 'v1' },
    }),
    shipped: (batchId: string, qty: number, day: string): SupplyEvent => ({
      type: 'BatchShipped',
      data: { ...about(day), batchId, qty },
    }),
    delivered: (batchId: string, qty: number, day: string): SupplyEvent => ({
      type: 'BatchDelivered',
      data: { ...about(day), batchId, qty },
    }),
    /** Reported on its own day unless told otherwise. */
    reported: (asOf: string, onHand: number, soldSinceLast: number, day = asOf): SupplyEvent => ({
      type: 'StockPositionReported',
      data: { ...about(day), asOf, onHand, soldSinceLast },
    }),
    allocated: (requested: number, allocated: number, fillRatioBp: number, day: string): SupplyEvent => ({
      type: 'SupplyAllocated',
      data: {
        ...about(day),
        shortageId: `short-${day}`,
        requested,
        allocated,
        fillRatioBp,
        rule: 'TIER_PRIORITY_V1',
      },
    }),
    closed: (committedQty: number, deliveredQty: number, day: string): SupplyEvent => ({
      type: 'CommitmentClosed',
      data: { ...about(day), reason: 'window over', committedQty, deliveredQty },
    }),
  };
};

export const peak = (from: string, to: string, upliftBp = 15_000): Peak => ({ from, to, upliftBp });

/**
 * Weekly reports selling 10 a day, ending on `lastDay` with `onHand` on hand: 21 days of data,
 * ADS 10. The first report's sales cover an unknown span and count for nothing.
 */
export const steadyReports = (
  onHand: number,
  lastDay = '2026-03-22',
  commitmentId = COMMITMENT,
  accountId = ACCOUNT,
): SupplyEvent[] => {
  const { reported } = supply(commitmentId, accountId);
  const day = (weeksBefore: number) => addDays(lastDay, -7 * weeksBefore);
  return [
    reported(day(3), onHand + 210, 0),
    reported(day(2), onHand + 140, 70),
    reported(day(1), onHand + 70, 70),
    reported(day(0), onHand, 70),
  ];
};

/** acc-1 registered (RETAIL), promoted to A; agr-1 drafted (lead time 5); c-1 created. */
export const baseBook = (over: Partial<CommitmentCreated['data']> = {}): Book =>
  book().add(registered(), tierChanged('NONE', 'A'), agreementDrafted(), commitmentCreated(over));
