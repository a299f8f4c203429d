// Where an account's T12M stands against the revenue floors: the gap to the next tier's floor,
// and the floor it is near (within the policy's near-floor share, either side) if any.
import {
  applyBp,
  compareTiers,
  TIERS_DESCENDING,
  type Policy,
  type Tier,
} from '../../domain/kernel/index.js';
import { twoDecimals } from './rounding.js';

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

/** UP: the floor is above the evaluated tier (a promotion ahead); DOWN: its own or a lower one (a demotion). */
export type NearFloor = 'UP' | 'DOWN';
/** BELOW: T12M under the floor; ABOVE: at or over it (floors are inclusive). */
export type FloorSide = 'BELOW' | 'ABOVE';

export interface FloorProximity {
  readonly tier: Tier;
  readonly side: FloorSide;
  readonly direction: NearFloor;
  /** |T12M − floor|, minor units. */
  readonly distance: number;
  /** The distance as a percentage of the floor, to 2 decimals. */
  readonly distancePct: number;
}

/**
 * The floor (A, B or C) whose ±`policy.nearFloorBp` band T12M is in, both bounds included (90 %
 * to 110 % in v1); null when none. The v1 bands do not overlap (the floors are over 20 % apart);
 * were they to, the highest floor is named. NONE has no floor to be near.
 */
export const floorNear = (t12m: number, evaluatedTier: Tier, policy: Policy): FloorProximity | null => {
  for (const tier of TIERS_DESCENDING) {
    const floor = policy.tiers[tier].revenueFloor;
    if (floor <= 0) continue;
    const margin = applyBp(floor, policy.nearFloorBp);
    if (t12m < floor - margin || t12m > floor + margin) continue;
    const distance = Math.abs(t12m - floor);
    return {
      tier,
      side: t12m < floor ? 'BELOW' : 'ABOVE',
      direction: compareTiers(tier, evaluatedTier) > 0 ? 'UP' : 'DOWN',
      distance,
      distancePct: twoDecimals((distance / floor) * 100),
    };
  }
  return null;
};
