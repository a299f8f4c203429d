// Loading an aggregate: the latest usable snapshot, then the events after it. The cost of a
// load stays bounded however long the stream grows (snapshots every SNAPSHOT_INTERVAL events).
import type { AggregateKind } from '../../domain/kernel/index.js';
import {
  StreamNotFound,
  type EventStore,
  type Json,
  type SnapshotStore,
  type StoredEvent,
} from '../ports.js';
import { evolveStored, type Aggregate, type DomainCommand, type DomainEvent } from './aggregate.js';
import { withRecent, type AggregateCache } from './aggregate-cache.js';
import { withAggregate, type AggregateDefinition } from './aggregates.js';

export const SNAPSHOT_INTERVAL = 100n;

export interface LoadedAggregate<S = unknown> {
  readonly streamId: string;
  readonly state: S;
  /** The revision of the last event folded in; undefined when the stream has none. */
  readonly revision: bigint | undefined;
  /** The global position of the last event folded in (0n when none). */
  readonly position: bigint;
  /** The revision of the snapshot the load started from, if any. */
  readonly snapshotRevision: bigint | undefined;
  /** The events read by this load (after the snapshot or the cached revision). */
  readonly tail: readonly StoredEvent[];
  /** Ids of the stream's latest events (those read, and those the cache remembered) by revision. */
  readonly recent: ReadonlyMap<string, bigint>;
}

export interface LoadLimit {
  /** Fold up to and including this revision. */
  readonly revision?: bigint;
  /** Fold the events recorded at or before this timestamp. */
  readonly recordedAtOrBefore?: string;
}

/**
 * The current state through the cache: only the events after the cached revision are read.
 * Without a cache entry it is a plain load, which then fills the cache. `trustCache` skips even
 * that read: for a decision whose append names the cached revision as the expected one, a stale
 * entry (another process wrote since) costs a conflict and a fresh load, not a wrong event.
 */
export const loadCurrent = async <
  K extends AggregateKind,
  C extends DomainCommand,
  E extends DomainEvent,
  S,
  X,
>(
  store: EventStore,
  snapshots: SnapshotStore | undefined,
  cache: AggregateCache<S> | undefined,
  aggregate: Aggregate<K, C, E, S, X>,
  id: string,
  { trustCache = false }: { readonly trustCache?: boolean } = {},
): Promise<LoadedAggregate<S>> => {
  const streamId = aggregate.streamId(id);
  const cached = cache?.get(streamId);
  if (cached === undefined) {
    const loaded = await load(store, snapshots, aggregate, id);
    if (cache !== undefined && loaded.revision !== undefined) {
      cache.set(streamId, {
        state: loaded.state,
        revision: loaded.revision,
        position: loaded.position,
        recent: loaded.recent,
      });
    }
    return loaded;
  }
  if (trustCache) {
    const { state, revision, position, recent } = cached;
    return { streamId, state, revision, position, snapshotRevision: undefined, tail: [], recent };
  }
  let { state, revision, position } = cached;
  const read: StoredEvent[] = [];
  for await (const event of store.readStream(streamId, { from: revision + 1n })) {
    state = evolveStored(aggregate, state, event);
    revision = event.revision;
    position = event.globalPosition;
    read.push(event);
  }
  const recent = read.length === 0 ? cached.recent : withRecent(cached.recent, read);
  if (read.length > 0) cache!.set(streamId, { state, revision, position, recent });
  return { streamId, state, revision, position, snapshotRevision: undefined, tail: read, recent };
};

/** Any aggregate's state as of a limit (the audit's time travel, process managers' lookups). */
export const loadAggregate = (
  store: EventStore,
  snapshots: SnapshotStore | undefined,
  aggregate: AggregateDefinition,
  id: string,
  limit: LoadLimit = {},
): Promise<LoadedAggregate> =>
  withAggregate(aggregate, (typed): Promise<LoadedAggregate> => load(store, snapshots, typed, id, limit));

/** The latest snapshot within the limit that has the aggregate's shape, cloned: the fold must not change it. */
const startingSnapshot = async <
  K extends AggregateKind,
  C extends DomainCommand,
  E extends DomainEvent,
  S,
  X,
>(
  snapshots: SnapshotStore | undefined,
  aggregate: Aggregate<K, C, E, S, X>,
  streamId: string,
  limit: LoadLimit,
): Promise<{ readonly state: S; readonly revision: bigint } | undefined> => {
  const snapshot = await snapshots?.latest(streamId, {
    stateVersion: aggregate.stateVersion,
    ...(limit.revision === undefined ? {} : { maxRevision: limit.revision }),
    ...(limit.recordedAtOrBefore === undefined ? {} : { recordedAtOrBefore: limit.recordedAtOrBefore }),
  });
  if (snapshot === undefined) return undefined;
  const state = structuredClone(snapshot.state);
  return aggregate.isState(state) ? { state, revision: snapshot.revision } : undefined;
};

/** One aggregate's state as of a limit, typed by that aggregate. */
export const load = async <K extends AggregateKind, C extends DomainCommand, E extends DomainEvent, S, X>(
  store: EventStore,
  snapshots: SnapshotStore | undefined,
  aggregate: Aggregate<K, C, E, S, X>,
  id: string,
  limit: LoadLimit = {},
): Promise<LoadedAggregate<S>> => {
  const streamId = aggregate.streamId(id);
  const snapshot = await startingSnapshot(snapshots, aggregate, streamId, limit);
  let state: S = snapshot === undefined ? aggregate.decider.initialState : snapshot.state;
  let revision = snapshot?.revision;
  let position = 0n;
  const tail: StoredEvent[] = [];
  const from = snapshot === undefined ? 0n : snapshot.revision + 1n;
  const maxCount = limit.revision === undefined ? undefined : limit.revision - from + 1n;
  if (maxCount === undefined || maxCount > 0n) {
    try {
      for await (const event of store.readStream(streamId, {
        from,
        ...(maxCount === undefined ? {} : { maxCount }),
      })) {
        if (limit.recordedAtOrBefore !== undefined && event.recordedAt > limit.recordedAtOrBefore) break;
        state = evolveStored(aggregate, state, event);
        revision = event.revision;
        position = event.globalPosition;
        tail.push(event);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
  }
  return {
    streamId,
    state,
    revision,
    position,
    snapshotRevision: snapshot?.revision,
    tail,
    recent: withRecent(new Map(), tail),
  };
};

/** Whether an append from `previousRevision` to `revision` crossed a multiple of SNAPSHOT_INTERVAL. */
export const snapshotDue = (
  snapshots: SnapshotStore | undefined,
  previousRevision: bigint | undefined,
  revision: bigint,
): boolean =>
  snapshots !== undefined &&
  (revision + 1n) / SNAPSHOT_INTERVAL > ((previousRevision ?? -1n) + 1n) / SNAPSHOT_INTERVAL;

/**
 * Saves a snapshot when an append crossed a multiple of SNAPSHOT_INTERVAL, so snapshots sit one
 * per interval and time travel always finds one within an interval. A failure only costs speed.
 * (Callers on a hot path ask snapshotDue first: most appends then skip an async call.)
 */
export const snapshotIfDue = async <S>(
  store: EventStore,
  snapshots: SnapshotStore | undefined,
  aggregate: { readonly stateVersion: number },
  streamId: string,
  previousRevision: bigint | undefined,
  state: S,
  revision: bigint,
): Promise<void> => {
  if (snapshots === undefined || !snapshotDue(snapshots, previousRevision, revision)) return;
  try {
    // The store stamped the time; time travel by timestamp must see exactly that.
    let recordedAt: string | undefined;
    for await (const event of store.readStream(streamId, { from: revision, maxCount: 1 })) {
      recordedAt = event.recordedAt;
    }
    if (recordedAt === undefined) return;
    await snapshots.save({
      streamId,
      revision,
      recordedAt,
      stateVersion: aggregate.stateVersion,
      state: state as Json,
    });
  } catch {
    // A snapshot is a cache: failing to save one only costs speed.
  }
};
