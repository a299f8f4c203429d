// How the book's managers keep in touch: most keep the tier's contact cadence (A every 30 days,
// B 90, C 180: policy v2), some let it slip. Drawn once per book from its seed, so every book has
// both, and the scorecard and VISIT_OVERDUE have someone to point at.
import type { Random } from './seeded-random.js';

export type ManagerHabit = 'keeps-cadence' | 'slips';

/** The share of managers who let the cadence slip. */
const SLIPPING_SHARE = 0.35;

export const managerHabits = (
  rng: Random,
  managers: readonly string[],
): ReadonlyMap<string, ManagerHabit> => {
  const slipping = new Set(rng.shuffle(managers).slice(0, Math.round(managers.length * SLIPPING_SHARE)));
  return new Map(managers.map((id) => [id, slipping.has(id) ? 'slips' : 'keeps-cadence']));
};
