// One batch of events through a projection: apply the handled ones to a cached context, then
// commit the changed documents and the new checkpoint together.
import type { ProjectedEvent, Projection } from '../../../projections/projection.js';
import type { BuildTables, StoredEvent } from '../../ports.js';
import { batchContext } from './batch-context.js';
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
  readonly handles: ReadonlySet<string>;
  readonly tables: BuildTables;
  /** The build's committed documents kept between batches. */
  readonly documents: DocumentCache;
  /** Fault injection: runs inside the transaction, after the rows, before COMMIT. */
  readonly beforeCommit?: (position: bigint) => void;
  /** The id of the event store the events come from, recorded with the checkpoint. */
  readonly store?: string;
}

/**
 * Applies the events after `from` and commits; returns the new checkpoint. Events at or before
 * `from` (a redelivery) are skipped; unhandled ones only move the checkpoint.
 */
export const applyBatch = (target: BatchTarget, events: readonly StoredEvent[], from: bigint): bigint => {
  const { projection, handles, tables, documents, beforeCommit, store } = target;
  const batch = batchContext(projection, tables, documents);
  let position = from;
  try {
    tables.transact(() => {
      for (const event of events) {
        if (event.globalPosition <= position) continue;
        if (handles.has(event.type)) {
          try {
            projection.apply(event as unknown as ProjectedEvent, batch.context);
          } catch (cause) {
            throw new ProjectionFailed(projection.name, event, cause);
          }
        }
        position = event.globalPosition;
      }
      if (position === from) return undefined;
      const to = position;
      return {
        changes: batch.changes(),
        from,
        to,
        ...(store === undefined ? {} : { store }),
        ...(beforeCommit === undefined ? {} : { beforeCommit: () => beforeCommit(to) }),
      };
    });
  } catch (error) {
    documents.clear();
    throw error;
  }
  batch.committed();
  return position;
};
