// A small book for the manager scorecard: accounts, their managers and groups, revenue, tier
// moves, requests, feedback, visits and a loss, each event dated, as the projection sees them.
import { addPeriods, type IsoDate, type Period } from '../../../domain/kernel/index.js';
import { eventLog } from '../../support/projection-harness.js';

export const at = (day: IsoDate): string => `${day}T09:00:00.000Z`;
export const yuan = (n: number): number => n * 100;
const money = (amount: number) => ({ amount, currency: 'CNY' });

export const scorecardBook = () => {
  const log = eventLog();
  const account = (accountId: string, day: IsoDate = '2025-01-02') => {
    const add = (type: string, data: Record<string, unknown>) =>
      log.add(`account-${accountId}`, { type, data: { accountId, ...data } });
    add('AccountRegistered', {
      name: `Account ${accountId}`,
      industry: 'RETAIL',
      region: 'Shanghai',
      at: at(day),
    });
    const self = {
      managedBy: (managerId: string, on: IsoDate, previous: string | null = null) => {
        add('AccountManagerAssigned', { previous, next: managerId, effectiveFrom: on, at: at(on) });
        return self;
      },
      /** `count` closed months of `yuanAmount` each from `from`, each recorded on the 3rd of the next month. */
      revenue: (from: Period, count: number, yuanAmount: number) => {
        for (let i = 0; i < count; i += 1) {
          const period = addPeriods(from, i);
          add('RevenueRecorded', {
            period,
            amount: money(yuan(yuanAmount)),
            sourceRef: `ERP-${period}`,
            at: at(`${addPeriods(period, 1)}-03`),
          });
        }
        return self;
      },
      tierChanged: (from: string, to: string, on: IsoDate, policyVersion = 'v1') => {
        add('TierChanged', {
          from,
          to,
          t12m: money(0),
          rule: 'PROMOTION',
          asOfPeriod: addPeriods(on.slice(0, 7), -1),
          policyVersion,
          group: null,
          at: at(on),
        });
        return self;
      },
      resolved: (requestId: string, on: IsoDate, slaMet: boolean, satisfaction?: number) => {
        add('ServiceRequestResolved', {
          requestId,
          kind: 'SUSPENSION',
          size: 'SMALL',
          slaDueAt: at(on),
          slaMet,
          ...(satisfaction === undefined ? {} : { satisfaction }),
          at: at(on),
        });
        return self;
      },
      feedback: (aboutManagerId: string, score: number, on: IsoDate) => {
        add('FeedbackRecorded', { score, aboutManagerId, comment: 'ok', at: at(on) });
        return self;
      },
      visited: (on: IsoDate, kind = 'VISIT', loggedOn: IsoDate = on) => {
        add('VisitLogged', {
          visitId: `visit-${accountId}-${on}`,
          on,
          kind,
          contactIds: [],
          notes: 'notes',
          agreedActions: [],
          at: at(loggedOn),
        });
        return self;
      },
      lost: (on: IsoDate) => {
        add('AccountLost', { reason: 'moved to a competitor', at: at(on) });
        return self;
      },
    };
    return self;
  };
  const group = (groupId: string, day: IsoDate = '2025-01-02') => {
    const add = (type: string, data: Record<string, unknown>) =>
      log.add(`group-${groupId}`, { type, data: { groupId, ...data } });
    add('GroupRegistered', {
      name: groupId,
      industry: 'RETAIL',
      headquartersRegion: 'Shanghai',
      at: at(day),
    });
    const self = {
      ledBy: (managerId: string, on: IsoDate, previous: string | null = null) => {
        add('GroupManagerAssigned', { previous, next: managerId, at: at(on) });
        return self;
      },
    };
    return self;
  };
  return { log, account, group };
};
