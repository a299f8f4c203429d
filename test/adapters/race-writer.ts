// The writer of the concurrency guarantee: appends one event at a time onto a random one of
// the shared streams at the exact revision it last read, re-reading and retrying on conflict.
// Used in-process and inside worker threads (test/adapters/sqlite-race-worker.ts).
import { v4 as uuid } from 'uuid';
import {
  StreamNotFound,
  WrongExpectedRevision,
  type EventStore,
  type ExpectedRevision,
} from '../../src/ports.js';

export interface RacePlan {
  readonly writers: number;
  readonly appendsPerWriter: number;
  readonly streams: readonly string[];
}

export interface RaceOutcome {
  readonly writer: number;
  /** The ids of the events this writer appended successfully. */
  readonly eventIds: readonly string[];
  readonly conflicts: number;
}

const headOf = async (store: EventStore, streamId: string): Promise<ExpectedRevision> => {
  try {
    for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) {
      return event.revision;
    }
    return 'no_stream';
  } catch (error) {
    if (error instanceof StreamNotFound) return 'no_stream';
    throw error;
  }
};

export const raceWriter = async (
  store: EventStore,
  writer: number,
  plan: Pick<RacePlan, 'appendsPerWriter' | 'streams'>,
): Promise<RaceOutcome> => {
  const eventIds: string[] = [];
  let conflicts = 0;
  let seed = writer * 7919 + 1;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  while (eventIds.length < plan.appendsPerWriter) {
    const streamId = plan.streams[Math.floor(random() * plan.streams.length)]!;
    const eventId = uuid();
    let expected = await headOf(store, streamId);
    for (;;) {
      try {
        await store.append(
          streamId,
          [{ eventId, type: 'Raced', data: { writer, n: eventIds.length }, metadata: { schemaVersion: 1 } }],
          { expectedRevision: expected },
        );
        eventIds.push(eventId);
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        conflicts += 1;
        expected = error.actual;
      }
    }
  }
  return { writer, eventIds, conflicts };
};

/** All writers on one store in this process, interleaving at every await. */
export const raceWriters = (store: EventStore, plan: RacePlan): Promise<RaceOutcome[]> =>
  Promise.all(Array.from({ length: plan.writers }, (_, writer) => raceWriter(store, writer, plan)));
