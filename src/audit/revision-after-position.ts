// Where a stream's part of a global-position cursor begins. Revisions are contiguous from 0 and
// positions grow with them, so a binary search finds the first revision past a position in
// O(log n) one-event reads, instead of reading the stream from its start.
import { StreamNotFound, type EventStore, type StoredEvent } from '../ports.js';

/** The first revision whose position is after `after`, 'end' when none is, 'no_stream' when it has no event. */
export type RevisionAfterPosition = bigint | 'end' | 'no_stream';

const eventAt = async (
  store: EventStore,
  streamId: string,
  from: bigint,
  direction: 'forwards' | 'backwards',
): Promise<StoredEvent | undefined> => {
  for await (const event of store.readStream(streamId, { from, direction, maxCount: 1 })) return event;
  return undefined;
};

const lastEvent = async (store: EventStore, streamId: string): Promise<StoredEvent | undefined> => {
  try {
    for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 }))
      return event;
    return undefined;
  } catch (error) {
    if (error instanceof StreamNotFound) return undefined;
    throw error;
  }
};

export const revisionAfterPosition = async (
  store: EventStore,
  streamId: string,
  after: bigint | undefined,
): Promise<RevisionAfterPosition> => {
  const last = await lastEvent(store, streamId);
  if (last === undefined) return 'no_stream';
  if (after === undefined) return 0n;
  if (last.globalPosition <= after) return 'end';
  // Invariant: the answer lies in [low, high]; the event at `high` is known to be after.
  let low = 0n;
  let high = last.revision;
  while (low < high) {
    const middle = (low + high) / 2n;
    const probe = await eventAt(store, streamId, middle, 'forwards');
    if (probe !== undefined && probe.globalPosition > after) high = middle;
    else low = middle + 1n;
  }
  return low;
};
