// The account side of a row: industry, tier and status come from the account's own events, and
// the account's batches of every SKU from the supply events (for its on-time-in-full rate). They
// are kept in an internal lookup (with the SKUs the account has rows for) and copied into each
// row, because `present` sees only the row's document.
import type {
  AccountActivated,
  AccountFlaggedAtRisk,
  AccountLost,
  AccountReactivated,
  AccountRegistered,
  TierChanged,
  TierOverridden,
} from '../../domain/account/index.js';
import { dateOf, type AccountStatus, type Tier } from '../../domain/kernel/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { ACCOUNTS, type AccountLookup, type StockCoverageDoc } from './documents.js';
import { getRow, putRow, touch } from './row.js';

/** An account first met through a commitment (a log that starts later) gets the commitment's tier. */
export const newAccount = (accountId: string, tier: Tier): AccountLookup => ({
  accountId,
  industry: null,
  region: null,
  tier,
  override: null,
  statuses: [],
  batches: [],
  skus: [],
});

/** What a row copies of its account. */
export const withAccount = (row: StockCoverageDoc, account: AccountLookup): StockCoverageDoc => ({
  ...row,
  industry: account.industry,
  region: account.region ?? null,
  tierFacts: { tier: account.tier, override: account.override },
  account: { statuses: account.statuses, batches: account.batches },
});

/** Changes the account's lookup and copies it into every row of the account. */
export const changeAccount = (
  event: ProjectedEvent,
  context: ProjectionContext,
  change: (account: AccountLookup) => AccountLookup,
): void => {
  const accountId = event.data['accountId'] as string;
  const account = change(context.get<AccountLookup>(ACCOUNTS, accountId) ?? newAccount(accountId, 'NONE'));
  context.put<AccountLookup>(ACCOUNTS, accountId, account);
  for (const sku of account.skus) {
    const row = getRow(context, accountId, sku);
    if (row === undefined) continue;
    putRow(context, touch(withAccount(row, account), event));
  }
};

/** From the day of the event on, the account has the status. */
const statusFrom =
  (at: string, status: AccountStatus) =>
  (account: AccountLookup): AccountLookup => ({
    ...account,
    statuses: [...account.statuses, { on: dateOf(at), status }],
  });

const registered = on<AccountRegistered>((data, event, context) => {
  changeAccount(event, context, (account) =>
    statusFrom(data.at, 'PROSPECT')({ ...account, industry: data.industry, region: data.region }),
  );
});

const tierChanged = on<TierChanged>((data, event, context) => {
  changeAccount(event, context, (account) => ({ ...account, tier: data.to }));
});

const overridden = on<TierOverridden>(({ tier, expiresOn, reason, approvedBy }, event, context) => {
  changeAccount(event, context, (account) => ({
    ...account,
    override: { tier, expiresOn, reason, approvedBy },
  }));
});

const overrideExpired = (event: ProjectedEvent, context: ProjectionContext): void => {
  // As the account's own state does: the expiry clears the override (effectiveTier already
  // ignored it after expiresOn; the event makes that explicit).
  changeAccount(event, context, (account) => ({ ...account, override: null }));
};

const activated = on<AccountActivated>(({ at }, event, context) => {
  changeAccount(event, context, statusFrom(at, 'ACTIVE'));
});

const flaggedAtRisk = on<AccountFlaggedAtRisk>(({ at }, event, context) => {
  changeAccount(event, context, statusFrom(at, 'AT_RISK'));
});

const lost = on<AccountLost>(({ at }, event, context) => {
  changeAccount(event, context, statusFrom(at, 'LOST'));
});

/** ACTIVE again if the account still has a manager, else a PROSPECT: the event says which. */
const reactivated = on<AccountReactivated>(({ at, status }, event, context) => {
  changeAccount(event, context, statusFrom(at, status));
});

export const accountHandlers: EventHandlers = {
  AccountRegistered: registered,
  AccountActivated: activated,
  AccountFlaggedAtRisk: flaggedAtRisk,
  AccountLost: lost,
  AccountReactivated: reactivated,
  TierChanged: tierChanged,
  TierOverridden: overridden,
  TierOverrideExpired: overrideExpired,
};
