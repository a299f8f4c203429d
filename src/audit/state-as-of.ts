// Time travel: the state of an aggregate as it was at a revision, or at a moment of the store's
// transaction time (the events recorded at or before it). Loads start from the nearest snapshot;
// what could not be answered is a typed result, never an exception.
import { AGGREGATES, type AggregateDefinition } from '../commands/aggregates.js';
import { loadAggregate, SNAPSHOT_INTERVAL, type LoadedAggregate } from '../commands/aggregate-loader.js';
import type { AggregateKind } from '../../domain/kernel/index.js';
import type { EventStore, SnapshotStore } from '../ports.js';
import { eventAt } from './event-at.js';
import { streamNotFound, type StreamNotFoundResult } from './not-found.js';
import { repairSnapshots } from './snapshot-repair.js';

/** A revision of the stream, or a moment (ISO 8601; normalised to UTC milliseconds). */
export type AsOf = { readonly revision: bigint } | { readonly recordedAt: string };

export interface StateAt {
  readonly kind: 'state';
  readonly streamId: string;
  readonly state: unknown;
  /** The revision of the last event folded in. */
  readonly revision: bigint;
  /** When that event was recorded. */
  readonly recordedAt: string;
  readonly position: bigint;
}

export type StateAsOf =
  | StateAt
  | StreamNotFoundResult
  | {
      readonly kind: 'revision_beyond_end';
      readonly streamId: string;
      readonly requested: bigint;
      readonly lastRevision: bigint;
    }
  | { readonly kind: 'invalid_revision'; readonly streamId: string; readonly requested: bigint }
  | {
      readonly kind: 'before_first_event';
      readonly streamId: string;
      readonly requested: string;
      readonly firstRecordedAt: string;
    }
  | { readonly kind: 'invalid_timestamp'; readonly streamId: string; readonly requested: string };

export interface StateAsOfDependencies {
  readonly store: EventStore;
  /** Where loads start from; also where read repair saves what it passes. */
  readonly snapshots?: SnapshotStore;
}

/**
 * Stored times are `toISOString()` strings, compared as strings; a moment written another way
 * (`…T09:00:00Z`, `+08:00`, a bare date) is brought to that form so the comparison stays right.
 */
const normalisedMoment = (moment: string): string | undefined => {
  const time = Date.parse(moment);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

const stateAt = async (store: EventStore, loaded: LoadedAggregate, revision: bigint): Promise<StateAsOf> => {
  // The load may have ended on its snapshot, folding nothing: the event itself gives time and place.
  const last = await eventAt(store, loaded.streamId, revision);
  if (last === undefined) return streamNotFound(loaded.streamId);
  return {
    kind: 'state',
    streamId: loaded.streamId,
    state: loaded.state,
    revision,
    recordedAt: last.recordedAt,
    position: last.globalPosition,
  };
};

const loadToRevision = async (
  { store, snapshots }: StateAsOfDependencies,
  aggregate: AggregateDefinition,
  id: string,
  revision: bigint,
): Promise<LoadedAggregate> => {
  const loaded = await loadAggregate(store, snapshots, aggregate, id, { revision });
  if (snapshots !== undefined) await repairSnapshots(store, snapshots, aggregate, id, loaded);
  return loaded;
};

/**
 * Folds the events recorded at or before `moment`. Unbounded, a load would read the stream in the
 * store's large pages to find where the moment falls; here it reads one interval past the nearest
 * snapshot at a time, and read repair leaves a snapshot at the end of each, so the next starts there.
 */
const loadToMoment = async (
  { store, snapshots }: StateAsOfDependencies,
  aggregate: AggregateDefinition,
  id: string,
  moment: string,
): Promise<LoadedAggregate> => {
  if (snapshots === undefined)
    return loadAggregate(store, undefined, aggregate, id, { recordedAtOrBefore: moment });
  const streamId = aggregate.streamId(id);
  let previous: bigint | undefined;
  for (;;) {
    const start = await snapshots.latest(streamId, {
      stateVersion: aggregate.stateVersion,
      recordedAtOrBefore: moment,
    });
    const from = start?.revision ?? -1n;
    // Each step must start further than the last; a store that does not keep what repair saves
    // (failing, or forgetful) gets one plain load instead.
    if (previous !== undefined && from <= previous)
      return loadAggregate(store, snapshots, aggregate, id, { recordedAtOrBefore: moment });
    previous = from;
    const bound = from + SNAPSHOT_INTERVAL;
    const loaded = await loadAggregate(store, snapshots, aggregate, id, {
      recordedAtOrBefore: moment,
      revision: bound,
    });
    await repairSnapshots(store, snapshots, aggregate, id, loaded);
    // Short of the bound: the moment (or the stream's end) stopped the fold, and that is the answer.
    if (loaded.revision === undefined || loaded.revision < bound) return loaded;
  }
};

const asOfRevision = async (
  dependencies: StateAsOfDependencies,
  aggregate: AggregateDefinition,
  id: string,
  requested: bigint,
): Promise<StateAsOf> => {
  const streamId = aggregate.streamId(id);
  if (requested < 0n) return { kind: 'invalid_revision', streamId, requested };
  const loaded = await loadToRevision(dependencies, aggregate, id, requested);
  if (loaded.revision === undefined) return streamNotFound(streamId);
  if (loaded.revision < requested)
    return { kind: 'revision_beyond_end', streamId, requested, lastRevision: loaded.revision };
  return stateAt(dependencies.store, loaded, loaded.revision);
};

const asOfMoment = async (
  dependencies: StateAsOfDependencies,
  aggregate: AggregateDefinition,
  id: string,
  requested: string,
): Promise<StateAsOf> => {
  const streamId = aggregate.streamId(id);
  const moment = normalisedMoment(requested);
  if (moment === undefined) return { kind: 'invalid_timestamp', streamId, requested };
  const loaded = await loadToMoment(dependencies, aggregate, id, moment);
  if (loaded.revision !== undefined) return stateAt(dependencies.store, loaded, loaded.revision);
  const first = await eventAt(dependencies.store, streamId, 0n);
  return first === undefined
    ? streamNotFound(streamId)
    : { kind: 'before_first_event', streamId, requested, firstRecordedAt: first.recordedAt };
};

/** The state of the aggregate `kind`/`id` as of a revision or a moment. */
export const stateAsOf = (
  dependencies: StateAsOfDependencies,
  kind: AggregateKind,
  id: string,
  asOf: AsOf,
): Promise<StateAsOf> =>
  'revision' in asOf
    ? asOfRevision(dependencies, AGGREGATES[kind], id, asOf.revision)
    : asOfMoment(dependencies, AGGREGATES[kind], id, asOf.recordedAt);
