// The account as the agreement and supply rules see it, loaded from its stream by the application;
// and what an account decision needs of other streams (only a tier evaluation: its group).
import { dateOf, type AccountFacts, type FactsNeeded, type IsoDateTime } from '../kernel/index.js';
import type { AccountCommand } from './commands.js';
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

/**
 * A tier evaluation reads the account's group and its members' revenue (members are tiered on
 * the group's combined T12M); every other account rule reads only its own stream. A LOST
 * account's evaluation is refused (its tier is frozen), so its group is not loaded for nothing.
 */
export const accountFactsNeeded = (command: AccountCommand, state: AccountState): FactsNeeded =>
  command.type === 'EvaluateTier' && state.exists && state.status !== 'LOST'
    ? { groupOf: state.accountId }
    : {};
