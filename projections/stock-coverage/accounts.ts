// The account side of a row: industry and tier come from the account's own events, kept
// in an internal lookup (with the SKUs the account has rows for) and copied into each row,
// because `present` sees only the row's document.
import type { AccountRegistered, TierChanged, TierOverridden } from '../../domain/account/index.js';
import type { Tier } from '../../domain/kernel/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import type { ProjectedEvent, ProjectionContext } from '../projection.js';
import { ACCOUNTS, type AccountLookup } from './documents.js';
import { getRow, putRow, touch } from './row.js';

/** An account first met through a commitment (a log that starts later) gets the commitment's tier. */
export const newAccount = (accountId: string, tier: Tier): AccountLookup => ({
  accountId,
  industry: null,
  tier,
  override: null,
  skus: [],
});

const changeAccount = (
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
    putRow(
      context,
      touch(
        { ...row, industry: account.industry, tierFacts: { tier: account.tier, override: account.override } },
        event,
      ),
    );
  }
};

const registered = on<AccountRegistered>((data, event, context) => {
  changeAccount(event, context, (account) => ({ ...account, industry: data.industry }));
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

export const accountHandlers: EventHandlers = {
  AccountRegistered: registered,
  TierChanged: tierChanged,
  TierOverridden: overridden,
  TierOverrideExpired: overrideExpired,
};
