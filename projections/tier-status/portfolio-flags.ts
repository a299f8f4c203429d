// The portfolio page's two filters on tier_status, nearFloor and withoutManager, and their 0/1
// columns: a JSON array and a pair of columns hold no index, so for today the filters would
// present the whole table. The columns are filled by the same row function as the others (as of
// the row's day, and as of today by the daily job) from the same predicates the presented filter
// applies, so SQL among the current rows and the presented rows cannot disagree.
import type { Column, Row, SqlValue } from '../projection.js';

/** What the two filters read of a row, as computed for a day or as presented. */
export interface PortfolioFacts {
  readonly nearFloor: readonly string[];
  readonly tier: string;
  readonly managerId: string | null;
}

/** The values of `nearFloor`: up and down a direction, true either, false neither. */
export const NEAR_FLOOR_VALUES: readonly string[] = ['true', 'false', 'up', 'down'];

/** Whether a row's nearFloor (UP, DOWN or none) passes `nearFloor=value`. */
export const nearFloorPasses = (near: readonly string[], value: string): boolean =>
  value === 'up' || value === 'down'
    ? near.includes(value.toUpperCase())
    : near.length > 0 === (value === 'true');

/** A and B accounts are the ones that must have a dedicated manager. */
export const withoutManager = ({ tier, managerId }: Pick<PortfolioFacts, 'tier' | 'managerId'>): boolean =>
  (tier === 'A' || tier === 'B') && managerId === null;

export const NEAR_FLOOR_EITHER = 'near_floor_either';
export const NEAR_FLOOR_UP = 'near_floor_up';
export const NEAR_FLOOR_DOWN = 'near_floor_down';
export const WITHOUT_MANAGER = 'without_manager';

export const PORTFOLIO_COLUMNS: readonly Column[] = [
  {
    name: NEAR_FLOOR_EITHER,
    type: 'INTEGER',
    description:
      '1 when T12M is near a floor on the day, either side (`near_floor` not empty; nearFloor=true), else 0',
  },
  {
    name: NEAR_FLOOR_UP,
    type: 'INTEGER',
    description: '1 when `near_floor` is UP: near a floor above the evaluated tier (nearFloor=up), else 0',
  },
  {
    name: NEAR_FLOOR_DOWN,
    type: 'INTEGER',
    description: '1 when `near_floor` is DOWN: near the own or a lower floor (nearFloor=down), else 0',
  },
  {
    name: WITHOUT_MANAGER,
    type: 'INTEGER',
    description:
      '1 for an account of effective tier A or B on the day without a manager (`manager_id` null; withoutManager=true), else 0',
  },
];

const bit = (holds: boolean): number => (holds ? 1 : 0);

/** The four columns of a row computed for a day. */
export const portfolioRowOf = (facts: PortfolioFacts): Row => ({
  [NEAR_FLOOR_EITHER]: bit(nearFloorPasses(facts.nearFloor, 'true')),
  [NEAR_FLOOR_UP]: bit(nearFloorPasses(facts.nearFloor, 'up')),
  [NEAR_FLOOR_DOWN]: bit(nearFloorPasses(facts.nearFloor, 'down')),
  [WITHOUT_MANAGER]: bit(withoutManager(facts)),
});

/**
 * `nearFloor=value` among the current rows, as equalities on the columns. Up and down also name
 * the either column (which they imply): their rows then come off its index in the sort's order,
 * not by walking every current row.
 */
export const nearFloorWhere = (value: string): Readonly<Record<string, SqlValue>> =>
  value === 'up'
    ? { [NEAR_FLOOR_EITHER]: 1, [NEAR_FLOOR_UP]: 1 }
    : value === 'down'
      ? { [NEAR_FLOOR_EITHER]: 1, [NEAR_FLOOR_DOWN]: 1 }
      : { [NEAR_FLOOR_EITHER]: bit(value === 'true') };
