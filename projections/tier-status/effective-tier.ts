// The tier that counts on a day, and since when it has counted, from the dated tier records of the
// document: an unexpired override wins over the evaluated tier (the domain's `effectiveTier`
// rule, applied to the history so any day can be asked about).
import { addDays, type IsoDate, type Tier } from '../../domain/kernel/index.js';
import type { GroupTiering, OverrideSpan, TierStatusDoc } from './documents.js';

const lastWhere = <T>(items: readonly T[], keep: (item: T) => boolean): T | undefined =>
  items.filter(keep).at(-1);

/** The evaluated tier on `date`: the latest change on or before it. */
export const evaluatedTierOn = (doc: TierStatusDoc, date: IsoDate): Tier =>
  (lastWhere(doc.evaluatedTiers, (entry) => entry.since <= date) ?? doc.evaluatedTiers[0])?.tier ?? 'NONE';

/**
 * The override in force on `date`: the latest one granted by then (a new override replaces the
 * previous one), applying through its `expiresOn` day.
 */
export const overrideOn = (doc: TierStatusDoc, date: IsoDate): OverrideSpan | undefined => {
  const latest = lastWhere(doc.overrides, (override) => override.from <= date);
  return latest !== undefined && latest.expiresOn >= date ? latest : undefined;
};

export const effectiveTierOn = (doc: TierStatusDoc, date: IsoDate): Tier =>
  overrideOn(doc, date)?.tier ?? evaluatedTierOn(doc, date);

/**
 * The first day of the unbroken run of the effective tier that includes `date`. The effective
 * tier can only change where a tier change, an override or an override's end begins, so only
 * those days are looked at, latest first; with no change, the tier has held since registration.
 */
export const effectiveTierSince = (doc: TierStatusDoc, date: IsoDate): IsoDate => {
  const tier = effectiveTierOn(doc, date);
  const boundaries = [
    ...doc.evaluatedTiers.map((entry) => entry.since),
    ...doc.overrides.flatMap((override) => [override.from, addDays(override.expiresOn, 1)]),
  ]
    .filter((day) => day > doc.registeredOn && day <= date)
    .sort()
    .reverse();
  return boundaries.find((day) => effectiveTierOn(doc, addDays(day, -1)) !== tier) ?? doc.registeredOn;
};

/** The group the latest evaluation recorded by `date` tiered the account with; undefined when none. */
export const groupTieringOn = (doc: TierStatusDoc, date: IsoDate): GroupTiering | undefined =>
  lastWhere(doc.groupTiering, (entry) => entry.since <= date);
