// The SupplyCommitment decider (stream `supply-<id>`): one promise of a SKU to an account over
// a window. Each command's rules live with their concept; this file only routes.
import * as E from 'fp-ts/lib/Either.js';
import { domainError, notFound, type Decider, type Decision } from '../kernel/index.js';
import { allocateUnderShortage } from './allocations.js';
import { recordBatchDelivered, recordBatchShipped, scheduleBatch } from './batches.js';
import type { CreateCommitment, SupplyCommand } from './commands.js';
import { adjustCommittedQty, closeCommitment, createCommitment } from './commitments.js';
import { COMMITMENT_CLOSED } from './errors.js';
import type { SupplyEvent } from './events.js';
import type { SupplyContext } from './context.js';
import { evolve } from './evolve.js';
import { initialState, type Commitment, type SupplyState } from './state.js';
import { reportStockPosition } from './stock-reports.js';

const decideOpen = (
  command: Exclude<SupplyCommand, CreateCommitment>,
  c: Commitment,
  context: SupplyContext,
): Decision<SupplyEvent> => {
  switch (command.type) {
    case 'AdjustCommittedQty':
      return adjustCommittedQty(command, c, context);
    case 'ScheduleBatch':
      return scheduleBatch(command, c, context);
    case 'RecordBatchShipped':
      return recordBatchShipped(command, c);
    case 'RecordBatchDelivered':
      return recordBatchDelivered(command, c);
    case 'ReportStockPosition':
      return reportStockPosition(command, c);
    case 'AllocateUnderShortage':
      return allocateUnderShortage(command, c, context);
    case 'CloseCommitment':
      return closeCommitment(command, c);
  }
};

const decide = (
  command: SupplyCommand,
  state: SupplyState,
  context: SupplyContext,
): Decision<SupplyEvent> => {
  if (command.type === 'CreateCommitment') return createCommitment(command, state, context);
  // Other commands carry no commitment id (the route has it), so the error cannot name one.
  if (state.status === 'NONE') return E.left(notFound('supply'));
  if (state.status === 'CLOSED') {
    return E.left(
      domainError(COMMITMENT_CLOSED, `The commitment ${state.commitmentId} is closed`, {
        commitmentId: state.commitmentId,
        command: command.type,
      }),
    );
  }
  return decideOpen(command, state, context);
};

export const supplyDecider: Decider<SupplyCommand, SupplyEvent, SupplyState, SupplyContext> = {
  initialState,
  evolve,
  decide,
};
