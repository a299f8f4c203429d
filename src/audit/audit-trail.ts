// The audit trail as one object over the ports, for the HTTP routes and the CLI: history of a
// stream, an account's timeline, time travel and hash-chain verification (against the anchors,
// where there are some). Works on any EventStore. What a verification finds broken is
// remembered by the chain guard, so the command path refuses the stream and reads warn of it.
import type { AggregateKind } from '../../domain/kernel/index.js';
import type { ChainBreak } from '../hash-chain.js';
import type { EventStore, SnapshotStore, StreamIndex } from '../ports.js';
import { accountTimeline, type AccountTimeline, type AccountTimelineOptions } from './account-timeline.js';
import type { Anchors } from './anchors.js';
import type { ChainGuard } from './chain-guard.js';
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
  /** The anchored heads one stream's verification compares with. */
  readonly anchors?: Pick<Anchors, 'anchoredHead'>;
  /** Told what verifications find; asked which streams are known broken. */
  readonly guard?: ChainGuard;
}

export interface AuditTrail {
  history(streamId: string, options?: StreamHistoryOptions): Promise<StreamHistory>;
  timeline(accountId: string, options?: AccountTimelineOptions): Promise<AccountTimeline>;
  stateAsOf(kind: AggregateKind, id: string, asOf: AsOf): Promise<StateAsOf>;
  verify(streamId: string): Promise<StreamVerification>;
  verifyAll(options?: VerifyAllOptions): Promise<VerificationSummary>;
  /** The breaks known of these streams (for a warning on what is read of them). */
  chainBreaks(streamIds: readonly string[]): Promise<readonly ChainBreak[]>;
}

export const createAuditTrail = ({
  store,
  snapshots,
  streams,
  anchors,
  guard,
}: AuditTrailDependencies): AuditTrail => ({
  history: (streamId, options) => streamHistory(store, streamId, options),
  timeline: (accountId, options) => accountTimeline(store, streams, accountId, options),
  stateAsOf: (kind, id, asOf) =>
    stateAsOf(snapshots === undefined ? { store } : { store, snapshots }, kind, id, asOf),
  verify: async (streamId) => {
    const verification = await verifyStream(store, streamId, await anchors?.anchoredHead(streamId, true));
    if (verification.kind === 'verified') {
      const { result } = verification;
      if (result.ok) guard?.forget(streamId);
      else guard?.found({ streamId, brokenAt: result.brokenAt, reason: result.reason });
    }
    return verification;
  },
  verifyAll: async (options) => {
    const summary = await verifyAll(store, options);
    for (const broken of summary.broken) guard?.found(broken);
    return summary;
  },
  chainBreaks: async (streamIds) => (guard === undefined ? [] : guard.breaksOf(streamIds)),
});
