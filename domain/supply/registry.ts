// The supply commands and events as the application sees them: the HTTP routes, the JSON
// Schemas and the store's validation are generated from these lists.
import { definitionsOf, type CommandDefinition, type EventDefinition } from '../kernel/index.js';
import {
  AdjustCommittedQtyData,
  AllocateUnderShortageData,
  CloseCommitmentData,
  CreateCommitmentData,
  RecordBatchDeliveredData,
  RecordBatchShippedData,
  ReportStockPositionData,
  ScheduleBatchData,
} from './commands.js';
import {
  BatchDeliveredData,
  BatchScheduledData,
  BatchShippedData,
  CommitmentClosedData,
  CommitmentCreatedData,
  CommittedQtyAdjustedData,
  StockPositionReportedData,
  SupplyAllocatedData,
} from './events.js';

const { command, event } = definitionsOf('supply');

export const supplyCommands: readonly CommandDefinition[] = [
  command('CreateCommitment', CreateCommitmentData, true),
  command('AdjustCommittedQty', AdjustCommittedQtyData),
  command('ScheduleBatch', ScheduleBatchData),
  command('RecordBatchShipped', RecordBatchShippedData),
  command('RecordBatchDelivered', RecordBatchDeliveredData),
  command('ReportStockPosition', ReportStockPositionData),
  command('AllocateUnderShortage', AllocateUnderShortageData),
  command('CloseCommitment', CloseCommitmentData),
];

export const supplyEvents: readonly EventDefinition[] = [
  event('CommitmentCreated', CommitmentCreatedData),
  event('CommittedQtyAdjusted', CommittedQtyAdjustedData),
  event('BatchScheduled', BatchScheduledData),
  event('BatchShipped', BatchShippedData),
  event('BatchDelivered', BatchDeliveredData),
  event('StockPositionReported', StockPositionReportedData),
  event('SupplyAllocated', SupplyAllocatedData),
  event('CommitmentClosed', CommitmentClosedData),
];
