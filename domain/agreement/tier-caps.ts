// The discount package of each tier (分级优惠): what a base discount and all concessions
// together may reach under a policy.
import type { Policy, Tier } from '../kernel/index.js';

export const baseDiscountCapOf = (tier: Tier, policy: Policy): number => policy.tiers[tier].baseDiscountCapBp;

export const totalConcessionCapOf = (tier: Tier, policy: Policy): number =>
  policy.tiers[tier].totalConcessionCapBp;

/**
 * True when a base discount is above the cap of `tier`. An agreement keeps its discount when
 * its account is downgraded; the tier_status read model flags the breach with this.
 */
export const capBreach = (baseDiscountBp: number, tier: Tier, policy: Policy): boolean =>
  baseDiscountBp > baseDiscountCapOf(tier, policy);
