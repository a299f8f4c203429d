// The internal accounts lookup: what a promotion row needs of its account (industry, and the
// effective tier on the day a promotion is proposed). The document is the domain's own account
// state, folded with the domain's `evolve` from the tier-relevant events only, so "effective
// tier" means here exactly what it means to the decider (`effectiveTier`). Fields those events
// do not touch (revenue, requests, status) stay at their initial values and are not used.
import {
  effectiveTier,
  evolve,
  initialState,
  type AccountEvent,
  type AccountRegistered,
  type RegisteredAccount,
  type TierChanged,
  type TierOverridden,
  type TierOverrideExpired,
} from '../../domain/account/index.js';
import type { Industry, IsoDate, Tier } from '../../domain/kernel/index.js';
import { on, type EventHandlers } from '../event-handlers.js';
import { collection, type ProjectionContext } from '../projection.js';
import { ACCOUNTS } from './keys.js';

export type AccountDoc = RegisteredAccount;

export const accountsCollection = collection<AccountDoc>({
  table: 'promotion_history_accounts',
  key: 'account_id',
  columns: [
    { name: 'industry', type: 'TEXT', description: 'The industry the account registered with.' },
    { name: 'tier', type: 'TEXT', description: 'The tier its revenue earned (an override may differ).' },
    { name: 'override_tier', type: 'TEXT', description: 'The tier of its override, if any.' },
    { name: 'override_expires_on', type: 'TEXT', description: 'The last day the override applies.' },
  ],
  indexes: [],
  toRow: (account) => ({
    industry: account.industry,
    tier: account.tier,
    override_tier: account.override?.tier ?? null,
    override_expires_on: account.override?.expiresOn ?? null,
  }),
  internal: true,
});

const foldAccount = (event: AccountEvent, context: ProjectionContext): void => {
  const { accountId } = event.data;
  const before = context.get<AccountDoc>(ACCOUNTS, accountId) ?? initialState;
  const after = evolve(before, event);
  // Before its registration an account is nothing to look up (the domain ignores such events too).
  if (after.exists) context.put<AccountDoc>(ACCOUNTS, accountId, after);
};

/** Registration gives the industry; the others move the evaluated tier or the override. */
export const accountHandlers: EventHandlers = {
  AccountRegistered: on<AccountRegistered>((data, _event, context) =>
    foldAccount({ type: 'AccountRegistered', data }, context),
  ),
  TierChanged: on<TierChanged>((data, _event, context) =>
    foldAccount({ type: 'TierChanged', data }, context),
  ),
  TierOverridden: on<TierOverridden>((data, _event, context) =>
    foldAccount({ type: 'TierOverridden', data }, context),
  ),
  TierOverrideExpired: on<TierOverrideExpired>((data, _event, context) =>
    foldAccount({ type: 'TierOverrideExpired', data }, context),
  ),
};

export interface AccountOnDay {
  readonly tier: Tier | null;
  readonly industry: Industry | null;
}

/** The account as of `day`; nulls when the log holds no registration for it. */
export const accountOn = (context: ProjectionContext, accountId: string, day: IsoDate): AccountOnDay => {
  const account = context.get<AccountDoc>(ACCOUNTS, accountId);
  return account === undefined
    ? { tier: null, industry: null }
    : { tier: effectiveTier(account, day), industry: account.industry };
};
