// Recently used aggregates stay in memory with the revision they were folded to. A load then
// reads only the events after that revision (usually none), so a busy aggregate costs one
// indexed query instead of a fold from its snapshot, or none when the append's expected revision
// is the only check (command-handler.ts): the store has the last word.

export interface CachedAggregate<S> {
  readonly state: S;
  readonly revision: bigint;
  readonly position: bigint;
  /** Ids of the stream's latest events and their revisions: a repeated command finds its events here. */
  readonly recent: ReadonlyMap<string, bigint>;
}

export const RECENT_EVENT_IDS = 64;

/** The cache of one aggregate's streams, typed by its state. */
export class AggregateCache<S> {
  private readonly entries = new Map<string, CachedAggregate<S>>();

  constructor(private readonly maxEntries = 2000) {}

  get(streamId: string): CachedAggregate<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry !== undefined) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: CachedAggregate<S>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
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
