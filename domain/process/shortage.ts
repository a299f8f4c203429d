// A SKU is short: the available quantity goes to A commitments first, then B pro rata, then C,
// one AllocateUnderShortage per commitment that needs anything, ids derived from the shortage id.
import { allocateShortage, SHORTAGE_RULE, type ShortageRequest } from '../supply/index.js';
import type { ProcessCommand } from './process-command.js';

export interface ShortageTrigger {
  readonly shortageId: string;
  readonly sku: string;
  /** What can be delivered in total, in the SKU's unit. */
  readonly available: number;
  readonly at: string;
}

/**
 * Each open commitment for the SKU: its need until the next resupply (see
 * supply/shortage-need.ts) as `requested`, and its account's effective tier.
 */
export type ShortageCandidate = ShortageRequest;

/** A commitment that needs nothing is left out: no allocation, so no cut to flag either. */
export const onShortage = (
  trigger: ShortageTrigger,
  candidates: readonly ShortageCandidate[],
): ProcessCommand[] =>
  allocateShortage(
    trigger.available,
    candidates.filter((candidate) => candidate.requested > 0),
  ).map((allocation) => ({
    commandId: `${trigger.shortageId}:allocate:${allocation.commitmentId}`,
    aggregate: 'supply',
    aggregateId: allocation.commitmentId,
    command: {
      type: 'AllocateUnderShortage',
      data: {
        shortageId: trigger.shortageId,
        requested: allocation.requested,
        allocated: allocation.allocated,
        rule: SHORTAGE_RULE,
        at: trigger.at,
      },
    },
  }));
