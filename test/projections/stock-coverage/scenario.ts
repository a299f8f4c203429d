// Realistic domain events for the stock coverage specs, typed by the domain so a shape change
// breaks them, appended to an event log on the stream each belongs to. The defaults describe
// account acc-1 (RETAIL, tier A) with agreement agr-1 (lead time 5 days) and commitment c-1 of
// SKU-1 for March–August 2026 (1000 committed, 14 safety days, no peak).
import type { AccountEvent } from '../../../domain/account/index.js';
import type { AgreementDrafted } from '../../../domain/agreement/index.js';
import { addDays, money, type Industry, type Peak, type Tier } from '../../../domain/kernel/index.js';
import type { CommitmentCreated, SupplyEvent } from '../../../domain/supply/index.js';
import type { ProjectedEvent } from '../../../projections/projection.js';
import { events as account } from '../../domain/account/builders.js';
import * as agreement from '../../domain/agreement/builders.js';
import * as supplyEvents from '../../domain/supply/builders.js';
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

export interface Scenario {
  readonly events: ProjectedEvent[];
  add(...events: DomainEvent[]): Scenario;
}

export const scenario = (): Scenario => {
  const log = eventLog();
  const self: Scenario = {
    events: log.events,
    add: (...events) => {
      for (const event of events) log.add(streamOf(event), event);
      return self;
    },
  };
  return self;
};

// ----- account -----
// The events come from each aggregate's builders; here only this scenario's defaults.

export const registered = (
  industry: Industry = 'RETAIL',
  accountId = ACCOUNT,
  day = '2026-01-05',
  region = 'East',
): AccountEvent => account.registered({ accountId, name: 'Acme Retail', industry, region, at: at(day) });

export const tierChanged = (from: Tier, to: Tier, day = '2026-02-01', accountId = ACCOUNT): AccountEvent =>
  account.tierChanged(from, to, 'PROMOTION', '2026-01', to === 'A' ? 350_000_000 : 150_000_000, at(day), {
    accountId,
  });

export const tierOverridden = (
  tier: Tier,
  expiresOn: string,
  day: string,
  accountId = ACCOUNT,
): AccountEvent =>
  account.overridden(tier, expiresOn, at(day), 'dir-zhao', { accountId, reason: 'strategic renewal' });

export const tierOverrideExpired = (
  tier: Tier,
  expiresOn: string,
  day: string,
  accountId = ACCOUNT,
): AccountEvent => account.overrideExpired(tier, expiresOn, at(day), { accountId });

export const activated = (day: string, accountId = ACCOUNT): AccountEvent =>
  account.activated(at(day), { accountId });

export const flaggedAtRisk = (day: string, accountId = ACCOUNT): AccountEvent =>
  account.flaggedAtRisk(at(day), { accountId });

export const lost = (day: string, accountId = ACCOUNT): AccountEvent => account.lost(at(day), { accountId });

export const reactivated = (day: string, accountId = ACCOUNT): AccountEvent =>
  account.reactivated('ACTIVE', at(day), { accountId });

/** An account event stock coverage does not handle. */
export const revenueRecorded = (day: string, accountId = ACCOUNT): AccountEvent =>
  account.revenueRecorded('2026-02', 30_000_000, at(day), { accountId });

// ----- agreement -----

export const agreementDrafted = (
  leadTimeDays = 5,
  agreementId = AGREEMENT,
  accountId = ACCOUNT,
  day = '2026-02-10',
): AgreementDrafted =>
  agreement.drafted({
    agreementId,
    accountId,
    validity: { from: '2026-01-01', to: '2026-12-31' },
    deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays },
    priceExpectations: { [SKU]: money(1000) },
    tierAtSigning: 'A',
    at: at(day),
  });

// ----- supply -----

export const commitmentCreated = (over: Partial<CommitmentCreated['data']> = {}): CommitmentCreated =>
  supplyEvents.created({
    commitmentId: COMMITMENT,
    accountId: ACCOUNT,
    agreementId: AGREEMENT,
    sku: SKU,
    window: { from: '2026-03-01', to: '2026-08-31' },
    at: at('2026-03-01'),
    ...over,
  });

/** The events of one commitment after its creation. */
export const supply = (commitmentId = COMMITMENT, accountId = ACCOUNT) => {
  const subject = (day: string) => ({ commitmentId, accountId, at: at(day) });
  return {
    adjusted: (from: number, to: number, day: string): SupplyEvent =>
      supplyEvents.adjusted(from, to, 'forecast revised', subject(day)),
    scheduled: (batchId: string, eta: string, qty: number, day = '2026-03-02'): SupplyEvent =>
      supplyEvents.scheduled(batchId, qty, eta, subject(day)),
    shipped: (batchId: string, qty: number, day: string): SupplyEvent =>
      supplyEvents.shipped(batchId, qty, subject(day)),
    delivered: (batchId: string, qty: number, day: string): SupplyEvent =>
      supplyEvents.delivered(batchId, qty, subject(day)),
    /** Reported on its own day unless told otherwise. */
    reported: (asOf: string, onHand: number, soldSinceLast: number, day = asOf): SupplyEvent =>
      supplyEvents.reported(asOf, onHand, soldSinceLast, subject(day)),
    allocated: (requested: number, allocated: number, fillRatioBp: number, day: string): SupplyEvent =>
      supplyEvents.allocated(
        `short-${day}`,
        requested,
        allocated,
        fillRatioBp,
        'TIER_PRIORITY_V1',
        subject(day),
      ),
    closed: (committedQty: number, deliveredQty: number, day: string): SupplyEvent =>
      supplyEvents.closed(committedQty, deliveredQty, 'window over', subject(day)),
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
export const baseScenario = (over: Partial<CommitmentCreated['data']> = {}): Scenario =>
  scenario().add(registered(), tierChanged('NONE', 'A'), agreementDrafted(), commitmentCreated(over));
