// One batch of events through a projection: apply the handled ones to a cached context, then
// commit the changed documents and the new checkpoint together. On tables read in process
// (SQLite) it all runs synchronously; on tables across a network (PostgreSQL) a reducer's read
// of a document not cached yet is fetched, many keys per round trip, and the event run again
// (see batch-context.ts).
import type { ProjectedEvent, Projection } from '../../../projections/projection.js';
import type {
  AsyncBuildTables,
  BuildTables,
  CommitRequest,
  FetchDocuments,
  StoredEvent,
  SyncBuildTables,
} from '../../ports.js';
import { batchContext, type BatchContext } from './batch-context.js';
import type { DocumentCache } from './document-cache.js';

/** A reducer threw: names the event, so the failed state says where the projection is stuck. */
export class ProjectionFailed extends Error {
  override readonly name = 'ProjectionFailed';
  constructor(
    readonly projection: string,
    readonly event: Pick<StoredEvent, 'type' | 'streamId' | 'globalPosition'>,
    cause: unknown,
  ) {
    super(
      `${projection} failed on ${event.type} at position ${event.globalPosition} (${event.streamId}): ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
  }
}

export interface BatchTarget {
  readonly projection: Projection;
  /**
   * Whether the projection applies this event: one of the types it handles (and, for a partition
   * of a split build, of an account in that partition). Others only move the checkpoint.
   */
  readonly applies: (event: StoredEvent) => boolean;
  readonly tables: BuildTables;
  /** The build's committed documents kept between batches. */
  readonly documents: DocumentCache;
  /** Fault injection: runs inside the transaction, after the rows, before COMMIT. */
  readonly beforeCommit?: (position: bigint) => void;
  /** The id of the event store the events come from, recorded with the checkpoint. */
  readonly store?: string;
}

/**
 * How many events after one that missed a document are run ahead (their writes dropped) only
 * to learn which documents they read, so one round trip fetches them all. Each event of a batch
 * is run ahead at most once.
 */
export const LOOK_AHEAD = 1000;

const request = (
  target: BatchTarget,
  batch: BatchContext,
  from: bigint,
  to: bigint,
): CommitRequest | undefined => {
  if (to === from) return undefined;
  const { beforeCommit, store } = target;
  return {
    changes: batch.changes(),
    from,
    to,
    ...(store === undefined ? {} : { store }),
    ...(beforeCommit === undefined ? {} : { beforeCommit: () => beforeCommit(to) }),
  };
};

/**
 * Applies the events after `from` and commits; returns the new checkpoint (at once on tables
 * read in process, as a promise on tables across a network). Events at or before `from` (a
 * redelivery) are skipped; those it doesn't apply only move the checkpoint.
 */
export const applyBatch = (
  target: BatchTarget,
  events: readonly StoredEvent[],
  from: bigint,
): bigint | Promise<bigint> =>
  target.tables.reads === 'sync'
    ? applyInProcess(target, target.tables, events, from)
    : applyAcrossNetwork(target, target.tables, events, from);

const applyInProcess = (
  target: BatchTarget,
  tables: SyncBuildTables,
  events: readonly StoredEvent[],
  from: bigint,
): bigint => {
  const { projection, applies, documents } = target;
  const batch = batchContext(projection, tables, documents);
  let position = from;
  try {
    tables.transact(() => {
      for (const event of events) {
        if (event.globalPosition <= position) continue;
        if (applies(event)) {
          try {
            projection.apply(event as unknown as ProjectedEvent, batch.context);
          } catch (cause) {
            throw new ProjectionFailed(projection.name, event, cause);
          }
        }
        position = event.globalPosition;
      }
      return request(target, batch, from, position);
    });
  } catch (error) {
    documents.clear();
    throw error;
  }
  batch.committed();
  return position;
};

/** Runs an event over held writes; undefined when it ran through, else what it threw. */
const attempt = (
  projection: Projection,
  event: StoredEvent,
  batch: BatchContext,
): { error: unknown } | undefined => {
  try {
    projection.apply(event as unknown as ProjectedEvent, batch.context);
    return undefined;
  } catch (error) {
    return { error };
  }
};

const applyAcrossNetwork = async (
  target: BatchTarget,
  tables: AsyncBuildTables,
  events: readonly StoredEvent[],
  from: bigint,
): Promise<bigint> => {
  const { projection, applies, documents } = target;
  const batch = batchContext(projection, tables, documents, { empty: from === 0n });
  let position = from;
  /** Events before this index have been run ahead already. */
  let lookedAhead = 0;

  const lookAhead = (after: number): void => {
    const end = Math.min(events.length, after + 1 + LOOK_AHEAD);
    batch.stage();
    for (let j = Math.max(after + 1, lookedAhead); j < end; j += 1) {
      const event = events[j]!;
      // What a reducer throws on a guess (a document it read as missing) is no failure yet.
      if (event.globalPosition > position && applies(event)) attempt(projection, event, batch);
    }
    batch.drop();
    lookedAhead = Math.max(lookedAhead, end);
  };

  const run = async (fetch: FetchDocuments): Promise<CommitRequest | undefined> => {
    let i = 0;
    while (i < events.length) {
      const event = events[i]!;
      if (event.globalPosition <= position) {
        i += 1;
        continue;
      }
      if (applies(event)) {
        batch.stage();
        const failure = attempt(projection, event, batch);
        if (batch.missed()) {
          // Ran on a guess: drop its writes, fetch what it (and the events after it) read, run it again.
          batch.drop();
          lookAhead(i);
          const keys = batch.takeMissed();
          batch.learn(keys, await fetch(keys));
          continue;
        }
        if (failure !== undefined) {
          batch.drop();
          throw new ProjectionFailed(projection.name, event, failure.error);
        }
        batch.keep();
      }
      position = event.globalPosition;
      i += 1;
    }
    return request(target, batch, from, position);
  };

  try {
    await tables.transact(run);
  } catch (error) {
    documents.clear();
    throw error;
  }
  batch.committed();
  return position;
};
