// Recently used aggregates stay in memory with the revision they were folded to. A load then
// reads only the events after that revision (usually none), so a busy aggregate costs one
// indexed query instead of a fold from its snapshot, or none when the append's expected revision
// is the only check (command-handler.ts): the store has the last word.
//
// The cache is bounded in bytes (its states' JSON length), not in entries: a book's working set
// is its streams, and a cache smaller than the streams touched in one cycle (a month end visits
// every account) misses on every one of them, LRU being its own worst case for a cycle.

export interface CachedAggregate<S> {
  readonly state: S;
  readonly revision: bigint;
  readonly position: bigint;
  /** Ids of the stream's latest events and their revisions: a repeated command finds its events here. */
  readonly recent: ReadonlyMap<string, bigint>;
}

export const RECENT_EVENT_IDS = 64;

/**
 * The default budget of one aggregate's cache, in characters of its states' JSON: the 10,000
 * account demo book's largest kinds (accounts, commitments) hold about 40 MB each, all of it
 * touched every month.
 */
export const DEFAULT_AGGREGATE_CACHE_BYTES = 64 * 1024 * 1024;

/** A state is measured again once its stream has grown this many revisions since: sizes drift slowly. */
export const REMEASURE_AFTER = 16n;

/** Each recent event id costs about this much beside the state (the id, a bigint, the map's slot). */
const RECENT_ID_BYTES = 64;

export interface AggregateCacheLimits {
  /** The budget in characters of the cached states' JSON (plus their recent ids). */
  readonly maxBytes?: number;
  /** At most this many entries (default: no limit but the bytes). */
  readonly maxEntries?: number;
}

interface Sized<S> {
  readonly entry: CachedAggregate<S>;
  readonly bytes: number;
  /** The revision the state was last measured at. */
  readonly measuredAt: bigint;
  /** The state's JSON length then. */
  readonly stateBytes: number;
}

/** The state's JSON length; a state that cannot be written as JSON is not kept (Infinity). */
const jsonLength = (state: unknown): number => {
  try {
    return JSON.stringify(state)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
};

/** The cache of one aggregate's streams, typed by its state. */
export class AggregateCache<S> {
  private readonly entries = new Map<string, Sized<S>>();
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  private total = 0;

  /** A number is a limit of entries (under the default bytes), as the command handler's `cacheSize`. */
  constructor(limits: number | AggregateCacheLimits = {}) {
    const { maxBytes = DEFAULT_AGGREGATE_CACHE_BYTES, maxEntries = Number.POSITIVE_INFINITY } =
      typeof limits === 'number' ? { maxEntries: limits } : limits;
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  /** The entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Their estimated size, in the budget's units. */
  get bytes(): number {
    return this.total;
  }

  get(streamId: string): CachedAggregate<S> | undefined {
    const sized = this.entries.get(streamId);
    if (sized !== undefined) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(streamId);
      this.entries.set(streamId, sized);
    }
    return sized?.entry;
  }

  set(streamId: string, entry: CachedAggregate<S>): void {
    const previous = this.entries.get(streamId);
    this.remove(streamId);
    const remeasure = previous === undefined || entry.revision - previous.measuredAt >= REMEASURE_AFTER;
    const stateBytes = remeasure ? jsonLength(entry.state) : previous.stateBytes;
    const measuredAt = remeasure ? entry.revision : previous.measuredAt;
    const bytes = stateBytes + entry.recent.size * RECENT_ID_BYTES;
    if (!(bytes <= this.maxBytes)) return;
    this.entries.set(streamId, { entry, bytes, measuredAt, stateBytes });
    this.total += bytes;
    while (this.total > this.maxBytes || this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  delete(streamId: string): void {
    this.remove(streamId);
  }

  private remove(streamId: string): void {
    const sized = this.entries.get(streamId);
    if (sized === undefined) return;
    this.entries.delete(streamId);
    this.total -= sized.bytes;
  }
}

/** The recent ids after adding events, keeping the latest RECENT_EVENT_IDS. */
export const withRecent = (
  recent: ReadonlyMap<string, bigint>,
  events: readonly { readonly eventId: string; readonly revision: bigint }[],
): ReadonlyMap<string, bigint> => {
  const next = new Map(recent);
  for (const event of events) next.set(event.eventId, event.revision);
  while (next.size > RECENT_EVENT_IDS) next.delete(next.keys().next().value!);
  return next;
};
