// Builds a book of realistic domain events (typed by the domain's own event types) on the
// harness's event log: one helper per account and per agreement, dates as plain days.
import type { AccountEvent } from '../../../domain/account/index.js';
import type { AgreementEvent } from '../../../domain/agreement/index.js';
import {
  addPeriods,
  compareTiers,
  type Industry,
  type Period,
  type Tier,
} from '../../../domain/kernel/index.js';
import type { SupplyEvent } from '../../../domain/supply/index.js';
import { eventLog } from '../../support/projection-harness.js';

/** Yuan to minor units: floors read as in DOMAIN.md (¥200,000 = yuan(200_000)). */
export const yuan = (n: number): number => n * 100;
const cny = (yuanAmount: number) => ({ amount: yuan(yuanAmount), currency: 'CNY' });

/** Business hours in Beijing are morning UTC: 09:00Z is a plausible moment of any day. */
export const atDay = (day: string): string => `${day}T09:00:00.000Z`;

/** Revenue of a month is booked once the month is closed, on the 3rd of the next. */
const bookedOn = (period: Period): string => `${addPeriods(period, 1)}-03`;

export const book = () => {
  const log = eventLog();

  const account = (accountId: string) => {
    const add = (event: AccountEvent) => log.add(`account-${accountId}`, event);
    const id = { accountId };
    return {
      registered: (day: string, details: { name?: string; industry?: Industry; region?: string } = {}) =>
        add({
          type: 'AccountRegistered',
          data: {
            ...id,
            name: 'Acme Logistics',
            industry: 'LOGISTICS',
            region: 'East',
            ...details,
            at: atDay(day),
          },
        }),
      managerAssigned: (next: string, day: string, previous: string | null = null) =>
        add({
          type: 'AccountManagerAssigned',
          data: { ...id, previous, next, effectiveFrom: day, at: atDay(day) },
        }),
      activated: (day: string) => add({ type: 'AccountActivated', data: { ...id, at: atDay(day) } }),
      flaggedAtRisk: (day: string) =>
        add({ type: 'AccountFlaggedAtRisk', data: { ...id, reason: 'usage falling', at: atDay(day) } }),
      lost: (day: string) =>
        add({
          type: 'AccountLost',
          data: { ...id, reason: 'moved to a competitor', competitor: 'Rival Telecom', at: atDay(day) },
        }),
      reactivated: (status: 'ACTIVE' | 'PROSPECT', day: string) =>
        add({ type: 'AccountReactivated', data: { ...id, approvedBy: 'dir-zhao', status, at: atDay(day) } }),
      revenue: (period: Period, yuanAmount: number, day = bookedOn(period)) =>
        add({
          type: 'RevenueRecorded',
          data: { ...id, period, amount: cny(yuanAmount), sourceRef: `billing-${period}`, at: atDay(day) },
        }),
      /** `count` closed months of the same revenue, from `from` on. */
      revenueMonths: (from: Period, count: number, yuanAmount: number) =>
        Array.from({ length: count }, (_, i) => {
          const period = addPeriods(from, i);
          return add({
            type: 'RevenueRecorded',
            data: {
              ...id,
              period,
              amount: cny(yuanAmount),
              sourceRef: `billing-${period}`,
              at: atDay(bookedOn(period)),
            },
          });
        }),
      corrected: (period: Period, deltaYuan: number, correctedYuan: number, day: string) =>
        add({
          type: 'RevenueCorrected',
          data: {
            ...id,
            period,
            delta: cny(deltaYuan),
            reason: 'billing rerun',
            correctedAmount: cny(correctedYuan),
            at: atDay(day),
          },
        }),
      tierChanged: (from: Tier, to: Tier, asOfPeriod: Period, t12mYuan: number, day: string) =>
        add({
          type: 'TierChanged',
          data: {
            ...id,
            from,
            to,
            t12m: cny(t12mYuan),
            rule: compareTiers(to, from) > 0 ? 'PROMOTION' : 'DEMOTION_AFTER_HYSTERESIS',
            asOfPeriod,
            policyVersion: 'v1',
            at: atDay(day),
          },
        }),
      tierEvaluated: (
        asOfPeriod: Period,
        t12mYuan: number,
        qualifiedTier: Tier,
        streak: number,
        day: string,
      ) =>
        add({
          type: 'TierEvaluated',
          data: {
            ...id,
            asOfPeriod,
            t12m: cny(t12mYuan),
            qualifiedTier,
            belowFloorStreak: streak,
            policyVersion: 'v1',
            at: atDay(day),
          },
        }),
      overridden: (tier: Tier, expiresOn: string, day: string) =>
        add({
          type: 'TierOverridden',
          data: {
            ...id,
            tier,
            reason: 'strategic account',
            approvedBy: 'dir-zhao',
            expiresOn,
            policyVersion: 'v1',
            at: atDay(day),
          },
        }),
      overrideExpired: (tier: Tier, expiresOn: string, day: string) =>
        add({ type: 'TierOverrideExpired', data: { ...id, tier, expiresOn, at: atDay(day) } }),
      requestOpened: (requestId: string, at: string, slaDueAt: string, tier: Tier = 'NONE') =>
        add({
          type: 'ServiceRequestOpened',
          data: {
            ...id,
            requestId,
            kind: 'SIM_REPLACEMENT',
            channel: 'HOTLINE',
            size: 'SMALL',
            tier,
            slaDueAt,
            policyVersion: 'v1',
            at,
          },
        }),
      requestResolved: (requestId: string, at: string, slaDueAt: string) =>
        add({
          type: 'ServiceRequestResolved',
          data: {
            ...id,
            requestId,
            kind: 'SIM_REPLACEMENT',
            size: 'SMALL',
            slaDueAt,
            // As the domain decides it: met when resolved by the due time.
            slaMet: at <= slaDueAt,
            at,
          },
        }),
      feedback: (score: number, day: string, aboutManagerId = 'mgr-li') =>
        add({
          type: 'FeedbackRecorded',
          data: { ...id, score, aboutManagerId, comment: '', at: atDay(day) },
        }),
    };
  };

  const agreement = (agreementId: string, accountId: string) => {
    const add = (event: AgreementEvent) => log.add(`agreement-${agreementId}`, event);
    const subject = (day: string) => ({ agreementId, accountId, at: atDay(day) });
    return {
      drafted: (validity: { from: string; to: string }, day: string, tierAtSigning: Tier = 'B') =>
        add({
          type: 'AgreementDrafted',
          data: {
            ...subject(day),
            validity,
            deliveryTerms: { batchSize: 100, cycleDays: 14, leadTimeDays: 5 },
            priceExpectations: { 'SKU-1': cny(10) },
            tierAtSigning,
            policyVersion: 'v1',
          },
        }),
      discountSet: (discountBp: number, tier: Tier, capBp: number, day: string) =>
        add({
          type: 'BaseDiscountSet',
          data: { ...subject(day), discountBp, capBp, tier, policyVersion: 'v1' },
        }),
      activated: (day: string) =>
        add({ type: 'AgreementActivated', data: { ...subject(day), signedBy: 'Li Na', signedOn: day } }),
      extended: (previousTo: string, to: string, day: string) =>
        add({ type: 'AgreementExtended', data: { ...subject(day), previousTo, to, policyVersion: 'v1' } }),
      terminated: (day: string) =>
        add({
          type: 'AgreementTerminated',
          data: { ...subject(day), reason: 'account lost to a competitor' },
        }),
      expired: (validTo: string, day: string) =>
        add({ type: 'AgreementExpired', data: { ...subject(day), validTo } }),
      promotionProposed: (promotionId: string, day: string) =>
        add({
          type: 'PromotionProposed',
          data: {
            ...subject(day),
            promotionId,
            kind: 'JOINT_PROMOTION',
            window: { from: '2026-05-01', to: '2026-05-31' },
            skus: ['SKU-1'],
            plannedQty: 500,
            budget: cny(100_000),
            concessionBp: 500,
            fundingSplitBp: 5000,
          },
        }),
    };
  };

  const commitmentCreated = (commitmentId: string, accountId: string, agreementId: string, day: string) => {
    const event: SupplyEvent = {
      type: 'CommitmentCreated',
      data: {
        commitmentId,
        accountId,
        agreementId,
        sku: 'SKU-1',
        window: { from: '2026-04-01', to: '2026-09-30' },
        committedQty: 1000,
        peak: null,
        safetyDays: 10,
        tier: 'B',
        policyVersion: 'v1',
        at: atDay(day),
      },
    };
    return log.add(`supply-${commitmentId}`, event);
  };

  return { account, agreement, commitmentCreated, events: log.events };
};
