// Revenue by period, corrections applied: T12M is computed from it as of the query's date.
import type { RevenueCorrected, RevenueRecorded } from '../../domain/account/index.js';
import type { Money, Period } from '../../domain/kernel/index.js';
import type { TierStatusDoc } from './documents.js';
import type { EventHandlers } from '../event-handlers.js';
import { onAccount, type AccountChange } from './on-account.js';

const withRevenue = (doc: TierStatusDoc, period: Period, amount: Money): AccountChange => ({
  revenue: { ...doc.revenue, [period]: amount },
});

export const revenueHandlers: EventHandlers = {
  RevenueRecorded: onAccount<RevenueRecorded>((doc, data) => withRevenue(doc, data.period, data.amount)),
  // The event carries the corrected amount, so the read model needs no running total.
  RevenueCorrected: onAccount<RevenueCorrected>((doc, data) =>
    withRevenue(doc, data.period, data.correctedAmount),
  ),
};
