// Percentages are integer basis points (1200 = 12 %) in fields ending in `Bp`.
import { integerBetween, NonNegativeInteger } from './codec.js';

/** 0 … 10 000 (0 % … 100 %). */
export const BasisPoints = integerBetween(0, 10_000, 'BasisPoints');
/** A multiplier in basis points, may exceed 100 % (peak upliftBp 15 000 = demand × 1.5). */
export const UpliftBp = NonNegativeInteger;

export const FULL_BP = 10_000;

/** `value × bp / 10 000`, rounded down: integer arithmetic throughout. */
export const applyBp = (value: number, bp: number): number => Math.floor((value * bp) / FULL_BP);
