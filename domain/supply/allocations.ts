// A shortage cut recorded on the commitment: how much of what the account asked for it gets,
// as decided by the shortage allocation (see shortage-allocation.ts) under a named rule.
import * as E from 'fp-ts/lib/Either.js';
import { accept, domainError, firstError, FULL_BP, type Decision } from '../kernel/index.js';
import type { AllocateUnderShortage } from './commands.js';
import {
  ALLOCATED_ABOVE_REMAINING,
  ALLOCATED_ABOVE_REQUESTED,
  SHORTAGE_ALREADY_ALLOCATED,
} from './errors.js';
import type { SupplyAllocated, SupplyEvent } from './events.js';
import type { SupplyContext } from './context.js';
import { accountServed } from './standing.js';
import { hasAllocation, totalDelivered, type Commitment } from './state.js';

/** allocated × 10 000 ÷ requested, rounded down; nothing requested is nothing cut (10 000). */
export const fillRatioBp = (requested: number, allocated: number): number =>
  requested === 0 ? FULL_BP : Math.floor((allocated * FULL_BP) / requested);

/** What the commitment still owes: committed − delivered (earlier allocations are not subtracted). */
export const remainingCommitted = (c: Commitment): number => c.committedQty - totalDelivered(c);

/**
 * What a new shortage may still allocate: committed − delivered − what earlier shortages
 * allocated that is not delivered yet (those units are promised already), never below 0.
 */
export const remainingAllocatable = (c: Commitment): number =>
  Math.max(0, remainingCommitted(c) - c.allocatedUndelivered);

export const allocateUnderShortage = (
  { data }: AllocateUnderShortage,
  c: Commitment,
  context: SupplyContext,
): Decision<SupplyEvent> => {
  const { shortageId, requested, allocated } = data;
  const remaining = remainingAllocatable(c);
  const error = firstError(
    () => accountServed(context.account),
    () =>
      hasAllocation(c, shortageId)
        ? domainError(SHORTAGE_ALREADY_ALLOCATED, `The shortage ${shortageId} is allocated already`, {
            shortageId,
          })
        : undefined,
    () =>
      allocated <= requested
        ? undefined
        : domainError(
            ALLOCATED_ABOVE_REQUESTED,
            `Allocated ${allocated} is above the ${requested} requested`,
            {
              shortageId,
              requested,
              allocated,
            },
          ),
    () =>
      allocated <= remaining
        ? undefined
        : domainError(
            ALLOCATED_ABOVE_REMAINING,
            `Allocated ${allocated} is above the ${remaining} still to allocate` +
              ' (committed − delivered − allocated earlier and not yet delivered)',
            {
              shortageId,
              allocated,
              remaining,
              committed: c.committedQty,
              delivered: totalDelivered(c),
              allocatedUndelivered: c.allocatedUndelivered,
            },
          ),
  );
  if (error !== undefined) return E.left(error);
  const event: SupplyAllocated = {
    type: 'SupplyAllocated',
    data: {
      commitmentId: c.commitmentId,
      accountId: c.accountId,
      shortageId,
      requested,
      allocated,
      fillRatioBp: fillRatioBp(requested, allocated),
      rule: data.rule,
      at: data.at,
    },
  };
  return accept(event);
};
