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
 * The entries a day on or after `from` still needs: the one in force on `from` and every later
 * one. The entries themselves when they are all needed (every one after the first begins after
 * `from`), so an unchanged history stays shared.
 */
const neededFrom = <E>(
  entries: readonly E[],
  from: IsoDate,
  startOf: (entry: E) => IsoDate,
): readonly E[] => {
  if (entries.every((entry, i) => i === 0 || startOf(entry) > from)) return entries;
  return [
    ...entries.filter((entry) => startOf(entry) <= from).slice(-1),
    ...entries.filter((entry) => startOf(entry) > from),
  ];
};

/**
 * The history a day on or after `from` still needs (the older entries can no longer decide a
 * tier), so a document copied month after month stays small; the history itself when it all is.
 */
export const tierHistoryFrom = (history: TierHistory, from: IsoDate): TierHistory => {
  const evaluated = neededFrom(history.evaluated, from, (entry) => entry.since);
  const overrides = neededFrom(history.overrides, from, (entry) => entry.from);
  return evaluated === history.evaluated && overrides === history.overrides
    ? history
    : { evaluated, overrides };
};
