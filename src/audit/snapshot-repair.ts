// Read repair: snapshots are written by commands, so a stream written without them (imported,
// or older than the snapshot store) makes every audit question fold it from the start. An audit
// fold that passes a checkpoint revision saves the snapshot there, so the next question is cheap.
import type { AggregateDefinition } from '../commands/aggregates.js';
import { loadAggregate, SNAPSHOT_INTERVAL, type LoadedAggregate } from '../commands/aggregate-loader.js';
import type { EventStore, Json, SnapshotStore } from '../ports.js';
import { eventAt } from './event-at.js';

/**
 * A checkpoint closes an interval of events: revisions 99, 199 … for an interval of 100, where
 * the command handler saves its snapshots too when one event is written at a time.
 */
export const isCheckpoint = (revision: bigint): boolean => (revision + 1n) % SNAPSHOT_INTERVAL === 0n;

/** The checkpoint revisions in (after, upTo]. */
export const checkpointsBetween = (after: bigint | undefined, upTo: bigint): bigint[] => {
  const out: bigint[] = [];
  const covered = (after ?? -1n) + 1n;
  for (
    let c = (covered / SNAPSHOT_INTERVAL + 1n) * SNAPSHOT_INTERVAL - 1n;
    c <= upTo;
    c += SNAPSHOT_INTERVAL
  ) {
    out.push(c);
  }
  return out;
};

/**
 * Saves a snapshot at every checkpoint a load folded past after its starting snapshot (there is
 * none there, or the load would have started from it). Each is reached by a load from the one
 * saved just before, so a repair folds those events once more, once. Returns how many it saved.
 */
export const repairSnapshots = async (
  store: EventStore,
  snapshots: SnapshotStore,
  aggregate: AggregateDefinition,
  id: string,
  folded: Pick<LoadedAggregate, 'snapshotRevision' | 'revision'>,
): Promise<number> => {
  if (folded.revision === undefined) return 0;
  let saved = 0;
  for (const checkpoint of checkpointsBetween(folded.snapshotRevision, folded.revision)) {
    const loaded = await loadAggregate(store, snapshots, aggregate, id, { revision: checkpoint });
    const event = await eventAt(store, loaded.streamId, checkpoint);
    if (loaded.revision !== checkpoint || event === undefined) return saved;
    try {
      await snapshots.save({
        streamId: loaded.streamId,
        revision: checkpoint,
        recordedAt: event.recordedAt,
        stateVersion: aggregate.stateVersion,
        state: loaded.state as Json,
      });
    } catch {
      // A snapshot is a cache: the answer stands without it, the next question just costs more.
      return saved;
    }
    saved += 1;
    // Each step starts from the snapshot saved before it; a store that did not keep that one
    // would make every step fold from the start: stop.
    const kept = await snapshots.latest(loaded.streamId, {
      stateVersion: aggregate.stateVersion,
      maxRevision: checkpoint,
    });
    if (kept?.revision !== checkpoint) return saved;
  }
  return saved;
};
