// One stored event by its revision: time travel reports when the state's last event was recorded.
import { StreamNotFound, type EventStore, type StoredEvent } from '../ports.js';

/** The event at `revision`; undefined when the stream is missing or shorter. */
export const eventAt = async (
  store: EventStore,
  streamId: string,
  revision: bigint,
): Promise<StoredEvent | undefined> => {
  try {
    for await (const event of store.readStream(streamId, { from: revision, maxCount: 1 })) {
      return event.revision === revision ? event : undefined;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return undefined;
};
