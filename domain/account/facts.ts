// The account as the agreement and supply rules see it, loaded from its stream by the application;
// an account decision itself needs no other stream.
import { dateOf, type AccountFacts, type FactsNeeded, type IsoDateTime } from '../kernel/index.js';
import type { AccountState } from './state.js';
import { effectiveTier } from './tier-override.js';

/** Facts at `at`: the effective tier there, so an override that ran out no longer counts. */
export const accountFacts = (state: AccountState, accountId: string, at: IsoDateTime): AccountFacts =>
  state.exists
    ? {
        accountId,
        exists: true,
        status: state.status,
        tier: effectiveTier(state, dateOf(at)),
        industry: state.industry,
        ...(state.managerId === null ? {} : { managerId: state.managerId }),
      }
    : { accountId, exists: false, tier: 'NONE' };

/** An account's rules read only its own stream. */
export const accountFactsNeeded = (): FactsNeeded => ({});
