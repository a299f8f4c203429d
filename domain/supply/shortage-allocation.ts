// When a SKU is short, key accounts are served first: A requests are filled completely before
// B gets anything, B before C (and C before NONE). A tier that cannot be filled completely shares
// what is left pro rata. Quantities stay integers that add up exactly to what can be given.
import { TIERS_DESCENDING, type Tier } from '../kernel/index.js';

/** The rule name recorded on each SupplyAllocated this allocation decides. */
export const SHORTAGE_RULE = 'TIER_PRIORITY_V1';

export interface ShortageRequest {
  readonly commitmentId: string;
  /** The account's effective tier. */
  readonly tier: Tier;
  /** A non-negative integer. */
  readonly requested: number;
}

export interface ShortageAllocation {
  readonly commitmentId: string;
  readonly requested: number;
  readonly allocated: number;
}

interface Member {
  readonly index: number;
  readonly commitmentId: string;
  readonly requested: number;
}

type Share = Member & { readonly allocated: number };

const totalOf = (members: readonly Member[]): number => members.reduce((sum, m) => sum + m.requested, 0);

/**
 * Largest remainder first; equal remainders go to the smaller commitmentId, so the result
 * never depends on the order of the requests.
 */
const byRemainderThenId = (
  a: Member & { readonly remainder: bigint },
  b: Member & { readonly remainder: bigint },
): number => {
  if (a.remainder !== b.remainder) return a.remainder > b.remainder ? -1 : 1;
  if (a.commitmentId !== b.commitmentId) return a.commitmentId < b.commitmentId ? -1 : 1;
  return a.index - b.index;
};

/**
 * `pool` (less than the members ask for) shared in proportion to what each asks: everyone gets
 * the floor of their exact share, and the units that floors leave over go one each by largest
 * remainder. Exact integer arithmetic (bigint), whatever the size of the quantities.
 */
const proRata = (pool: number, members: readonly Member[]): readonly Share[] => {
  const total = BigInt(totalOf(members));
  const exact = members.map((m) => {
    const product = BigInt(pool) * BigInt(m.requested);
    return { ...m, floor: Number(product / total), remainder: product % total };
  });
  const leftover = pool - exact.reduce((sum, m) => sum + m.floor, 0);
  const extra = new Set(
    [...exact]
      .sort(byRemainderThenId)
      .slice(0, leftover)
      .map((m) => m.index),
  );
  return exact.map(({ index, commitmentId, requested, floor }) => ({
    index,
    commitmentId,
    requested,
    allocated: floor + (extra.has(index) ? 1 : 0),
  }));
};

/**
 * Allocates `available` units over the requests by tier priority. The result lists every request
 * in input order; the allocations add up to min(available, total requested), none above its request.
 */
export const allocateShortage = (
  available: number,
  requests: readonly ShortageRequest[],
): readonly ShortageAllocation[] => {
  const members = requests.map((r, index) => ({
    index,
    commitmentId: r.commitmentId,
    requested: r.requested,
    tier: r.tier,
  }));
  let left = Math.max(0, available);
  const shares: Share[] = [];
  for (const tier of TIERS_DESCENDING) {
    const ofTier = members.filter((m) => m.tier === tier);
    const asked = totalOf(ofTier);
    if (asked <= left) {
      shares.push(...ofTier.map((m) => ({ ...m, allocated: m.requested })));
      left -= asked;
    } else {
      shares.push(...proRata(left, ofTier));
      left = 0;
    }
  }
  return shares
    .sort((a, b) => a.index - b.index)
    .map(({ commitmentId, requested, allocated }) => ({ commitmentId, requested, allocated }));
};
