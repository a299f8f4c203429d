// Where an account's T12M stands against the revenue floors of its tier and the next one.
import { applyBp, TIERS_DESCENDING, type Policy, type Tier } from '../../domain/kernel/index.js';

/** The tier above `tier`; null for A. */
export const nextTierOf = (tier: Tier): Tier | null => {
  const index = TIERS_DESCENDING.indexOf(tier);
  return index > 0 ? (TIERS_DESCENDING[index - 1] ?? null) : null;
};

/** The amount missing to reach the next tier's floor (0 when reached already); null for A. */
export const gapToNextFloor = (t12m: number, tier: Tier, policy: Policy): number | null => {
  const next = nextTierOf(tier);
  return next === null ? null : Math.max(0, policy.tiers[next].revenueFloor - t12m);
};

export type NearFloor = 'UP' | 'DOWN';

/**
 * Whether T12M is within `policy.nearFloorBp` of a floor: UP when at most that share of the
 * next tier's floor below it (close to a promotion), DOWN when at most that share of the
 * current tier's floor above it (close to falling below). An account already below its own
 * floor is not "near" it: its below-floor streak says more. NONE has no floor to fall below.
 */
export const nearFloors = (t12m: number, tier: Tier, policy: Policy): readonly NearFloor[] => {
  const next = nextTierOf(tier);
  const nextFloor = next === null ? null : policy.tiers[next].revenueFloor;
  const floor = policy.tiers[tier].revenueFloor;
  const up =
    nextFloor !== null && t12m < nextFloor && t12m >= nextFloor - applyBp(nextFloor, policy.nearFloorBp);
  const down = floor > 0 && t12m >= floor && t12m <= floor + applyBp(floor, policy.nearFloorBp);
  return [...(up ? (['UP'] as const) : []), ...(down ? (['DOWN'] as const) : [])];
};
