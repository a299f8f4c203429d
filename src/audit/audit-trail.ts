// The audit trail as one object over the ports, for the HTTP routes and the CLI: history of a
// stream, an account's timeline, time travel and hash-chain verification. Works on any EventStore.
import type { AggregateKind } from '../../domain/kernel/index.js';
import type { EventStore, SnapshotStore, StreamIndex } from '../ports.js';
import { accountTimeline, type AccountTimeline, type AccountTimelineOptions } from './account-timeline.js';
import {
  verifyAll,
  verifyStream,
  type StreamVerification,
  type VerificationSummary,
  type VerifyAllOptions,
} from './chain-verification.js';
import { stateAsOf, type AsOf, type StateAsOf } from './state-as-of.js';
import { streamHistory, type StreamHistory, type StreamHistoryOptions } from './stream-history.js';

export interface AuditTrailDependencies {
  readonly store: EventStore;
  /** Time travel starts from these, and read repair fills them in. */
  readonly snapshots?: SnapshotStore;
  /** Which streams belong to an account. */
  readonly streams: StreamIndex;
}

export interface AuditTrail {
  history(streamId: string, options?: StreamHistoryOptions): Promise<StreamHistory>;
  timeline(accountId: string, options?: AccountTimelineOptions): Promise<AccountTimeline>;
  stateAsOf(kind: AggregateKind, id: string, asOf: AsOf): Promise<StateAsOf>;
  verify(streamId: string): Promise<StreamVerification>;
  verifyAll(options?: VerifyAllOptions): Promise<VerificationSummary>;
}

export const createAuditTrail = ({ store, snapshots, streams }: AuditTrailDependencies): AuditTrail => ({
  history: (streamId, options) => streamHistory(store, streamId, options),
  timeline: (accountId, options) => accountTimeline(store, streams, accountId, options),
  stateAsOf: (kind, id, asOf) =>
    stateAsOf(snapshots === undefined ? { store } : { store, snapshots }, kind, id, asOf),
  verify: (streamId) => verifyStream(store, streamId),
  verifyAll: (options) => verifyAll(store, options),
});
