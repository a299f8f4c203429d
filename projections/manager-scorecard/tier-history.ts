// An account's tier on any day, from the dated tier events: the evaluated tier (each TierChanged
// from its day on) under an unexpired override (through its expiresOn), as tier_status reckons it.
import type { IsoDate, Tier } from '../../domain/kernel/index.js';

export interface TierHistory {
  /** Oldest first; starts with NONE on the registration day. */
  readonly evaluated: readonly { readonly tier: Tier; readonly since: IsoDate }[];
  /** Oldest first: a later override replaces the earlier one. */
  readonly overrides: readonly { readonly tier: Tier; readonly from: IsoDate; readonly expiresOn: IsoDate }[];
}

export const ungraded = (registeredOn: IsoDate): TierHistory => ({
  evaluated: [{ tier: 'NONE', since: registeredOn }],
  overrides: [],
});

export const withTierChange = (history: TierHistory, tier: Tier, since: IsoDate): TierHistory => ({
  ...history,
  evaluated: [...history.evaluated, { tier, since }],
});

export const withOverride = (
  history: TierHistory,
  tier: Tier,
  from: IsoDate,
  expiresOn: IsoDate,
): TierHistory => ({ ...history, overrides: [...history.overrides, { tier, from, expiresOn }] });

export const tierOn = (history: TierHistory, day: IsoDate): Tier => {
  const override = history.overrides.filter((entry) => entry.from <= day).at(-1);
  if (override !== undefined && override.expiresOn >= day) return override.tier;
  return history.evaluated.filter((entry) => entry.since <= day).at(-1)?.tier ?? 'NONE';
};

/**
 * The history a day on or after `from` still needs: the entry in force on `from` and every later
 * one (the older ones can no longer decide a tier), so a document copied month after month stays small.
 */
export const tierHistoryFrom = (history: TierHistory, from: IsoDate): TierHistory => {
  const fromOn = <E>(entries: readonly E[], startOf: (entry: E) => IsoDate): E[] => [
    ...entries.filter((entry) => startOf(entry) <= from).slice(-1),
    ...entries.filter((entry) => startOf(entry) > from),
  ];
  return {
    evaluated: fromOn(history.evaluated, (entry) => entry.since),
    overrides: fromOn(history.overrides, (entry) => entry.from),
  };
};
