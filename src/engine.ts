// The engine as the adapters see it: the core's services over whichever stores were wired.
// The composition root (src/app/open-engine.ts) builds it from configuration; the HTTP
// adapter and the jobs take this interface and never name an adapter.
import type { Policy } from '../domain/kernel/index.js';
import type { AuditTrail } from './audit/index.js';
import type { CommandHandler } from './commands/command-handler.js';
import type { Clock, EventStore, Ids, ReadModelStore, SnapshotStore, StreamIndex } from './ports.js';
import type { ProcessManagers } from './consumers/process-managers.js';
import type { Projector } from './consumers/projector/projector.js';
import type { Webhooks } from './consumers/webhooks/webhooks.js';
import type { PersonalData } from './personal-data/personal-data.js';

export interface Engine {
  readonly store: EventStore;
  /** Where the events live: `sqlite:<file>` or the EventStoreDB connection string without credentials. */
  readonly storeDescription: string;
  readonly readModels: ReadModelStore;
  readonly snapshots: SnapshotStore;
  readonly handler: CommandHandler;
  readonly projector: Projector;
  readonly processes: ProcessManagers;
  readonly audit: AuditTrail;
  readonly streamIndex: StreamIndex;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly policy: Policy;
  /** The webhook registry and its deliveries (started by the server). */
  readonly webhooks: Webhooks;
  /** Erasing a contact's personal data (its key), and what an export needs of it. */
  readonly personalData: PersonalData;
  /** Stops the projector and the process managers, then closes the stores. */
  close(): Promise<void>;
}
