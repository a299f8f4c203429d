// The domain: four deciders, every command and event type with its codec and schema version,
// and the process managers. Nothing here does I/O, reads a clock or makes ids.
import { accountCommands, accountEvents } from './account/index.js';
import { agreementCommands, agreementEvents } from './agreement/index.js';
import { groupCommands, groupEvents } from './group/index.js';
import type { CommandDefinition, EventDefinition } from './kernel/index.js';
import { supplyCommands, supplyEvents } from './supply/index.js';

export { accountDecider } from './account/index.js';
export { agreementDecider } from './agreement/index.js';
export { supplyDecider } from './supply/index.js';
export { groupDecider } from './group/index.js';
export * as process from './process/index.js';

/** Every event type the engine writes, with its data codec and current schema version. */
export const EVENT_TYPES: readonly EventDefinition[] = [
  ...accountEvents,
  ...agreementEvents,
  ...supplyEvents,
  ...groupEvents,
];

/** Every command, with its data codec and whether it creates its aggregate. */
export const COMMAND_TYPES: readonly CommandDefinition[] = [
  ...accountCommands,
  ...agreementCommands,
  ...supplyCommands,
  ...groupCommands,
];
