// Delivery batches: scheduled inside the window within the tolerance, then shipped and
// delivered, possibly in parts, never more than was scheduled (shipped) or shipped (delivered).
import * as E from 'fp-ts/lib/Either.js';
import { accept, domainError, firstError, within, type DomainError, type Decision } from '../kernel/index.js';
import type { RecordBatchDelivered, RecordBatchShipped, ScheduleBatch } from './commands.js';
import { committedCoversDelivered, scheduleWithinTolerance } from './commitments.js';
import {
  BATCH_ALREADY_SCHEDULED,
  DELIVERED_ABOVE_SHIPPED,
  ETA_OUTSIDE_WINDOW,
  SHIPPED_ABOVE_SCHEDULED,
  UNKNOWN_BATCH,
} from './errors.js';
import type { BatchDelivered, BatchScheduled, BatchShipped, SupplyEvent } from './events.js';
import type { SupplyContext } from './context.js';
import { accountServed, agreementInForce } from './standing.js';
import { batchOf, totalDelivered, totalScheduled, type Batch, type Commitment } from './state.js';

const batchIsNew = (c: Commitment, batchId: string): DomainError | undefined =>
  batchOf(c, batchId) === undefined
    ? undefined
    : domainError(BATCH_ALREADY_SCHEDULED, `The batch ${batchId} is scheduled already`, { batchId });

const etaInsideWindow = (c: Commitment, eta: string): DomainError | undefined =>
  within(c.window, eta)
    ? undefined
    : domainError(
        ETA_OUTSIDE_WINDOW,
        `The ETA ${eta} is outside the window ${c.window.from}…${c.window.to}`,
        {
          eta,
          windowFrom: c.window.from,
          windowTo: c.window.to,
        },
      );

export const scheduleBatch = (
  { data }: ScheduleBatch,
  c: Commitment,
  context: SupplyContext,
): Decision<SupplyEvent> => {
  const error = firstError(
    () => accountServed(context.account),
    () => agreementInForce(context.agreement),
    () => batchIsNew(c, data.batchId),
    () => etaInsideWindow(c, data.eta),
    () => scheduleWithinTolerance(totalScheduled(c) + data.qty, c.committedQty, context.policy),
  );
  if (error !== undefined) return E.left(error);
  const scheduled: BatchScheduled = {
    type: 'BatchScheduled',
    data: {
      commitmentId: c.commitmentId,
      accountId: c.accountId,
      batchId: data.batchId,
      eta: data.eta,
      qty: data.qty,
      policyVersion: context.policy.version,
      at: data.at,
    },
  };
  return accept(scheduled);
};

/** Shipments and deliveries of a known batch: the goods are on the road whatever the agreement does. */
const withBatch = (
  c: Commitment,
  batchId: string,
  decide: (batch: Batch) => Decision<SupplyEvent>,
): Decision<SupplyEvent> => {
  const batch = batchOf(c, batchId);
  return batch === undefined
    ? E.left(domainError(UNKNOWN_BATCH, `No batch ${batchId} is scheduled`, { batchId }))
    : decide(batch);
};

export const recordBatchShipped = ({ data }: RecordBatchShipped, c: Commitment): Decision<SupplyEvent> =>
  withBatch(c, data.batchId, (batch) => {
    const shipped = batch.shipped + data.qty;
    if (shipped > batch.qty) {
      return E.left(
        domainError(
          SHIPPED_ABOVE_SCHEDULED,
          `Shipping ${data.qty} more of batch ${data.batchId} makes ${shipped}, ` +
            `above the ${batch.qty} scheduled`,
          { batchId: data.batchId, qty: data.qty, shipped, scheduled: batch.qty },
        ),
      );
    }
    const event: BatchShipped = {
      type: 'BatchShipped',
      data: {
        commitmentId: c.commitmentId,
        accountId: c.accountId,
        batchId: data.batchId,
        qty: data.qty,
        at: data.at,
      },
    };
    return accept(event);
  });

export const recordBatchDelivered = ({ data }: RecordBatchDelivered, c: Commitment): Decision<SupplyEvent> =>
  withBatch(c, data.batchId, (batch) => {
    const delivered = batch.delivered + data.qty;
    const error = firstError(
      () =>
        delivered <= batch.shipped
          ? undefined
          : domainError(
              DELIVERED_ABOVE_SHIPPED,
              `Delivering ${data.qty} more of batch ${data.batchId} makes ${delivered}, ` +
                `above the ${batch.shipped} shipped`,
              { batchId: data.batchId, qty: data.qty, delivered, shipped: batch.shipped },
            ),
      // The tolerance lets more be scheduled than committed, never delivered: raise the commitment first.
      () => committedCoversDelivered(c.committedQty, totalDelivered(c) + data.qty),
    );
    if (error !== undefined) return E.left(error);
    const event: BatchDelivered = {
      type: 'BatchDelivered',
      data: {
        commitmentId: c.commitmentId,
        accountId: c.accountId,
        batchId: data.batchId,
        qty: data.qty,
        at: data.at,
      },
    };
    return accept(event);
  });
