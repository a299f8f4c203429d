// The account's own events reach its document through tier_status's reducers (one fold of the
// account for both read models); revenue also moves its region's total, and every account event
// takes a fresh copy of that total (the share of the region is read from it).
import type { RevenueCorrected, RevenueRecorded } from '../../domain/account/index.js';
import { accountEvents } from '../../domain/account/index.js';
import { dateOf, lookup, type Period } from '../../domain/kernel/index.js';
import type { EventHandler, EventHandlers } from '../event-handlers.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { projection as tierStatus, TIER_STATUS, type TierStatusDoc } from '../tier-status/index.js';
import { putChanged } from '../unchanged.js';
import { ACCOUNT_RISK, RISK_REGIONS, type AccountRiskDoc, type RiskRegionDoc } from './documents.js';

/** The account as tier_status folds it: one document, no tier_changes rows. */
const foldAccount = (event: ProjectedEvent, before: TierStatusDoc | undefined): TierStatusDoc | undefined => {
  const accountId = event.data['accountId'];
  let after = before;
  const oneDocument: ProjectionContext = {
    get: <Doc>(collection: string, key: string) =>
      (collection === TIER_STATUS && key === accountId ? after : undefined) as Doc | undefined,
    put: (collection, key, doc) => {
      if (collection === TIER_STATUS && key === accountId) after = doc as TierStatusDoc;
    },
    delete: () => undefined,
  };
  tierStatus.apply(event, oneDocument);
  return after;
};

/** The period and amount a revenue event sets, to move the region's total by the difference. */
const revenueSet = (
  event: ProjectedEvent,
): { readonly period: Period; readonly amount: number } | undefined => {
  if (event.type === 'RevenueRecorded') {
    const data = event.data as unknown as RevenueRecorded['data'];
    return { period: data.period, amount: data.amount.amount };
  }
  if (event.type === 'RevenueCorrected') {
    const data = event.data as unknown as RevenueCorrected['data'];
    return { period: data.period, amount: data.correctedAmount.amount };
  }
  return undefined;
};

const regionRevenue = (
  context: ProjectionContext,
  region: string,
  set: { readonly period: Period; readonly amount: number } | undefined,
  previous: number,
): RiskRegionDoc['revenue'] => {
  const doc = context.get<RiskRegionDoc>(RISK_REGIONS, region) ?? { region, revenue: {} };
  if (set === undefined) return doc.revenue;
  const revenue = {
    ...doc.revenue,
    [set.period]: (lookup(doc.revenue, set.period) ?? 0) + set.amount - previous,
  };
  context.put<RiskRegionDoc>(RISK_REGIONS, region, { region, revenue });
  return revenue;
};

const newDoc = (account: TierStatusDoc): AccountRiskDoc => ({
  accountId: account.accountId,
  account,
  lastEventOn: account.lastEventOn,
  regionRevenue: {},
  stockOuts: [],
  allocationCuts: [],
  batches: {},
  closedCommitments: {},
});

const onAccountEvent: EventHandler = (event, context) => {
  const accountId = event.data['accountId'];
  if (typeof accountId !== 'string') return;
  const doc = context.get<AccountRiskDoc>(ACCOUNT_RISK, accountId);
  const account = foldAccount(event, doc?.account);
  // An account whose registration was not seen has no row (tier_status ignores it too).
  if (account === undefined) return;
  const set = revenueSet(event);
  const previous = set === undefined ? 0 : (lookup(doc?.account.revenue ?? {}, set.period)?.amount ?? 0);
  const day = dateOf(String(event.data['at']));
  const base = doc ?? newDoc(account);
  const next: AccountRiskDoc = {
    ...base,
    account,
    regionRevenue: regionRevenue(context, account.region, set, previous),
    lastEventOn: day > base.lastEventOn ? day : base.lastEventOn,
  };
  putChanged(context, ACCOUNT_RISK, accountId, next, doc);
};

/** Every account event tier_status folds (not the agreements': the risk has no use for them). */
export const accountHandlers: EventHandlers = Object.fromEntries(
  accountEvents
    .map(({ type }) => type)
    .filter((type) => tierStatus.handles.includes(type))
    .map((type) => [type, onAccountEvent]),
);
