// Accounts are graded A, B, C (or NONE below the C floor); each grade gets its package of terms.
import type * as t from 'io-ts';
import { oneOf } from './codec.js';

export const Tier = oneOf('Tier', ['A', 'B', 'C', 'NONE']);
export type Tier = t.TypeOf<typeof Tier>;

/** Highest first. */
export const TIERS_DESCENDING: readonly Tier[] = ['A', 'B', 'C', 'NONE'];

const RANK: Readonly<Record<Tier, number>> = { NONE: 0, C: 1, B: 2, A: 3 };

/** Negative when a ranks below b, 0 when equal, positive when above. */
export const compareTiers = (a: Tier, b: Tier): number => RANK[a] - RANK[b];
