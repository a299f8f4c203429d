// A batch of a projection: the handled events of one page, or of several pages in a row, applied
// to documents it holds; then the changed documents and the new checkpoint committed together.
// Documents are read outside the commit's transaction (the commit is refused when the build's
// checkpoint moved meanwhile): in process (SQLite) a reducer reads at once; across a network
// (PostgreSQL) a read of a document not held yet is fetched, many keys per round trip, and the
// event run again (see batch-context.ts).
import type { ProjectedEvent, Projection } from '../../../projections/projection.js';
import type {
  AsyncBuildTables,
  BuildTables,
  CommitRequest,
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
  readonly tables: BuildTables;
  /** The build's committed documents kept between batches. */
  readonly documents: DocumentCache;
  /** Fault injection: runs inside the transaction, after the rows, before COMMIT. */
  readonly beforeCommit?: (position: bigint) => void;
  /** The id of the event store the events come from, recorded with the checkpoint. */
  readonly store?: string;
}

/**
 * Whether the projection applies an event: one of the types it handles (and, for a partition of
 * a split build, of an account in that partition). The others only move the checkpoint.
 */
export type Applies = (event: StoredEvent) => boolean;

/** A batch opened at a checkpoint: events applied to the documents it holds, written by commit(). */
export interface OpenBatch {
  /** The position of the last event it took (the checkpoint it was opened at before any). */
  readonly position: bigint;
  /**
   * Applies the events after `position` it `applies`; events at or before it (a redelivery) are
   * skipped. At once on tables read in process, as a promise on tables across a network.
   */
  apply(events: readonly StoredEvent[], applies: Applies): void | Promise<void>;
  /** What its documents are reckoned to take in memory; undefined while that is not known yet. */
  heldBytes(): number | undefined;
  /** Writes the changed documents and moves the checkpoint to `position`, in one transaction. */
  commit(): bigint | Promise<bigint>;
}

/**
 * How many events after one that missed a document are run ahead (their writes dropped) only
 * to learn which documents they read, so one round trip fetches them all. Each event of a page
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

/** Opens a batch at the build's checkpoint `from`. A failure (a throw, a rejection) ends it. */
export const openBatch = (target: BatchTarget, from: bigint): OpenBatch =>
  target.tables.reads === 'sync'
    ? openInProcess(target, target.tables, from)
    : openAcrossNetwork(target, target.tables, from);

/** After a failed batch nothing cached is trusted. */
const failing = <T>(target: BatchTarget, work: () => T): T => {
  try {
    return work();
  } catch (error) {
    target.documents.clear();
    throw error;
  }
};

const openInProcess = (target: BatchTarget, tables: SyncBuildTables, from: bigint): OpenBatch => {
  const { projection, documents } = target;
  const batch = batchContext(projection, tables, documents);
  let position = from;
  return {
    get position() {
      return position;
    },
    apply: (events, applies) =>
      failing(target, () => {
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
      }),
    heldBytes: () => batch.heldBytes(),
    commit: () =>
      failing(target, () => {
        // Serialised before the transaction: the file's write lock is held for the writes only.
        const ready = request(target, batch, from, position);
        if (ready !== undefined) tables.transact(ready);
        batch.committed();
        return position;
      }),
  };
};

const openAcrossNetwork = (target: BatchTarget, tables: AsyncBuildTables, from: bigint): OpenBatch => {
  const { projection, documents } = target;
  const batch = batchContext(projection, tables, documents, { empty: from === 0n });
  let position = from;

  const apply = async (events: readonly StoredEvent[], applies: Applies): Promise<void> => {
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
          batch.learn(keys, await tables.fetch(keys));
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
  };

  const failed = (error: unknown): never => {
    documents.clear();
    throw error;
  };

  return {
    get position() {
      return position;
    },
    apply: (events, applies) => apply(events, applies).catch(failed),
    heldBytes: () => batch.heldBytes(),
    commit: async () => {
      const ready = failing(target, () => request(target, batch, from, position));
      if (ready !== undefined) await tables.transact(ready).catch(failed);
      batch.committed();
      return position;
    },
  };
};
