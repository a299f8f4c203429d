// Builds a scenario of realistic domain events (typed by the domain's own event types) on the
// harness's event log: one helper per account and per agreement, dates as plain days.
import type { AccountEvent, VisitKind } from '../../../domain/account/index.js';
import type { AgreementEvent } from '../../../domain/agreement/index.js';
import {
  addPeriods,
  compareTiers,
  type Industry,
  type Period,
  type Tier,
} from '../../../domain/kernel/index.js';
import { events as accountEvents, yuan } from '../../domain/account/builders.js';
import * as agreementEvents from '../../domain/agreement/builders.js';
import * as supplyEvents from '../../domain/supply/builders.js';
import { eventLog } from '../../support/projection-harness.js';

export { yuan };
const cny = (yuanAmount: number) => ({ amount: yuan(yuanAmount), currency: 'CNY' });

/** Business hours in Beijing are morning UTC: 09:00Z is a plausible moment of any day. */
export const atDay = (day: string): string => `${day}T09:00:00.000Z`;

/** Revenue of a month is recorded once the month is closed, on the 3rd of the next. */
const recordedOn = (period: Period): string => `${addPeriods(period, 1)}-03`;

export const scenario = () => {
  const log = eventLog();

  // The events come from each aggregate's builders; here only this scenario's defaults.
  const account = (accountId: string) => {
    const add = (event: AccountEvent) => log.add(`account-${accountId}`, event);
    const id = { accountId };
    const revenue = (period: Period, yuanAmount: number, day = recordedOn(period)) =>
      add(accountEvents.revenueRecorded(period, yuan(yuanAmount), atDay(day), id));
    return {
      registered: (day: string, details: { name?: string; industry?: Industry; region?: string } = {}) =>
        add(accountEvents.registered({ ...id, ...details, at: atDay(day) })),
      managerAssigned: (next: string, day: string, previous: string | null = null) =>
        add(accountEvents.managerAssigned(next, previous, atDay(day), id)),
      activated: (day: string) => add(accountEvents.activated(atDay(day), id)),
      flaggedAtRisk: (day: string) => add(accountEvents.flaggedAtRisk(atDay(day), id)),
      lost: (day: string) => add(accountEvents.lost(atDay(day), { ...id, competitor: 'Rival Telecom' })),
      reactivated: (status: 'ACTIVE' | 'PROSPECT', day: string) =>
        add(accountEvents.reactivated(status, atDay(day), id)),
      revenue,
      /** `count` closed months of the same revenue, from `from` on. */
      revenueMonths: (from: Period, count: number, yuanAmount: number) =>
        Array.from({ length: count }, (_, i) => revenue(addPeriods(from, i), yuanAmount)),
      corrected: (period: Period, deltaYuan: number, correctedYuan: number, day: string) =>
        add(accountEvents.revenueCorrected(period, yuan(deltaYuan), yuan(correctedYuan), atDay(day), id)),
      tierChanged: (from: Tier, to: Tier, asOfPeriod: Period, t12mYuan: number, day: string) =>
        add(
          accountEvents.tierChanged(
            from,
            to,
            compareTiers(to, from) > 0 ? 'PROMOTION' : 'DEMOTION_AFTER_HYSTERESIS',
            asOfPeriod,
            yuan(t12mYuan),
            atDay(day),
            id,
          ),
        ),
      /** A month-end evaluation that kept `tier` with this streak (below the threshold when > 0). */
      tierEvaluated: (period: Period, t12mYuan: number, tier: Tier, streak: number, day: string) =>
        add(
          accountEvents.tierEvaluated(
            period,
            yuan(t12mYuan),
            tier,
            streak,
            streak > 0 ? 'BELOW_DEMOTION_THRESHOLD' : 'FLOOR_MET',
            atDay(day),
            id,
          ),
        ),
      /** A tier change of a member on its group's combined T12M. */
      groupTierChanged: (
        from: Tier,
        to: Tier,
        asOfPeriod: Period,
        t12mYuan: number,
        groupId: string,
        groupT12mYuan: number,
        day: string,
      ) =>
        add(
          accountEvents.tierChanged(
            from,
            to,
            compareTiers(to, from) > 0 ? 'PROMOTION' : 'DEMOTION_AFTER_HYSTERESIS',
            asOfPeriod,
            yuan(t12mYuan),
            atDay(day),
            { ...id, group: { groupId, t12m: cny(groupT12mYuan) } },
          ),
        ),
      /** A month-end evaluation that tiered a member on its group's combined T12M. */
      groupTierEvaluated: (
        period: Period,
        t12mYuan: number,
        tier: Tier,
        groupId: string,
        groupT12mYuan: number,
        day: string,
      ) =>
        add(
          accountEvents.tierEvaluated(period, yuan(t12mYuan), tier, 0, 'FLOOR_MET', atDay(day), {
            ...id,
            group: { groupId, t12m: cny(groupT12mYuan) },
          }),
        ),
      /** The shape written before members were tiered on their group (no `group`). */
      preGroupTierEvaluated: (period: Period, t12mYuan: number, tier: Tier, day: string) =>
        add(
          accountEvents.preGroupTierEvaluated(period, yuan(t12mYuan), tier, 0, 'FLOOR_MET', atDay(day), id),
        ),
      /** The shape stored before every evaluation was recorded (only when the streak moved). */
      legacyTierEvaluated: (
        asOfPeriod: Period,
        t12mYuan: number,
        qualifiedTier: Tier,
        streak: number,
        day: string,
      ) =>
        add(
          accountEvents.legacyTierEvaluated(
            asOfPeriod,
            yuan(t12mYuan),
            qualifiedTier,
            streak,
            atDay(day),
            id,
          ),
        ),
      overridden: (tier: Tier, expiresOn: string, day: string) =>
        add(accountEvents.overridden(tier, expiresOn, atDay(day), 'dir-zhao', id)),
      overrideExpired: (tier: Tier, expiresOn: string, day: string) =>
        add(accountEvents.overrideExpired(tier, expiresOn, atDay(day), id)),
      requestOpened: (requestId: string, at: string, slaDueAt: string, tier: Tier = 'NONE') =>
        add(accountEvents.requestOpened({ ...id, requestId, tier, slaDueAt, at })),
      requestResolved: (requestId: string, at: string, slaDueAt: string, satisfaction?: number) =>
        // As the domain decides it: met when resolved by the due time.
        add(
          accountEvents.requestResolved({
            ...id,
            requestId,
            slaDueAt,
            slaMet: at <= slaDueAt,
            at,
            ...(satisfaction === undefined ? {} : { satisfaction }),
          }),
        ),
      feedback: (score: number, day: string, aboutManagerId = 'mgr-li') =>
        add(accountEvents.feedbackRecorded({ ...id, score, aboutManagerId, comment: '', at: atDay(day) })),
      /** A visit on `on`, logged on `loggedDay` (the same day unless said), agreeing actions {id → due}. */
      visit: (
        visitId: string,
        on: string,
        options: { kind?: VisitKind; loggedDay?: string; actions?: Readonly<Record<string, string>> } = {},
      ) =>
        add(
          accountEvents.visitLogged(visitId, {
            ...id,
            on,
            kind: options.kind ?? 'VISIT',
            agreedActions: Object.entries(options.actions ?? {}).map(([actionId, due]) => ({
              actionId,
              what: 'follow up',
              owner: 'mgr-li',
              due,
            })),
            at: atDay(options.loggedDay ?? on),
          }),
        ),
      actionCompleted: (actionId: string, visitId: string, due: string, day: string) =>
        add(
          accountEvents.actionCompleted(actionId, {
            ...id,
            visitId,
            due,
            on: day,
            onTime: day <= due,
            at: atDay(day),
          }),
        ),
    };
  };

  const agreement = (agreementId: string, accountId: string) => {
    const add = (event: AgreementEvent) => log.add(`agreement-${agreementId}`, event);
    const subject = (day: string) => ({ agreementId, accountId, at: atDay(day) });
    return {
      drafted: (validity: { from: string; to: string }, day: string, tierAtSigning: Tier = 'B') =>
        add(
          agreementEvents.drafted({
            ...subject(day),
            validity,
            priceExpectations: { 'SKU-1': cny(10) },
            tierAtSigning,
          }),
        ),
      discountSet: (discountBp: number, tier: Tier, capBp: number, day: string) =>
        add(agreementEvents.baseDiscountSet(discountBp, { ...subject(day), capBp, tier })),
      activated: (day: string) => add(agreementEvents.activated({ ...subject(day), signedOn: day })),
      extended: (previousTo: string, to: string, day: string) =>
        add(agreementEvents.extended(to, { ...subject(day), previousTo })),
      terminated: (day: string) =>
        add(agreementEvents.terminated('account lost to a competitor', subject(day))),
      expired: (validTo: string, day: string) => add(agreementEvents.expired({ ...subject(day), validTo })),
      promotionProposed: (
        promotionId: string,
        day: string,
        terms: { window?: { from: string; to: string }; skus?: string[]; concessionBp?: number } = {},
      ) => add(agreementEvents.proposed(promotionId, { ...subject(day), budget: cny(100_000), ...terms })),
      promotionApproved: (promotionId: string, day: string) =>
        add(agreementEvents.approved(promotionId, { ...subject(day), tier: 'B', capBp: 1800 })),
      promotionCancelled: (promotionId: string, day: string) =>
        add(agreementEvents.cancelled(promotionId, 'account withdrew', subject(day))),
      promotionResultRecorded: (promotionId: string, day: string) =>
        add(agreementEvents.resultRecorded(promotionId, subject(day))),
    };
  };

  const commitmentCreated = (commitmentId: string, accountId: string, agreementId: string, day: string) =>
    log.add(
      `supply-${commitmentId}`,
      supplyEvents.created({
        commitmentId,
        accountId,
        agreementId,
        window: { from: '2026-04-01', to: '2026-09-30' },
        safetyDays: 10,
        tier: 'B',
        at: atDay(day),
      }),
    );

  return { account, agreement, commitmentCreated, add: log.add, events: log.events };
};
