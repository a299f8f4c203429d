// ESDB has no index by event id, and dedupes ids only within one stream right after the
// expected revision. To reject an id already stored elsewhere (another stream, or deeper in
// the same one) without scanning, every event id gets a small index stream of its own,
// `kare:eventid-<id>`, whose last event names the place (stream, revision) the id was
// reserved for. An append reserves its ids just before writing, one index append per event
// (in parallel); a new id costs that one write and no read.
//
// A reservation can outlive a failed append (a lost race, a crash); it is then stale: the
// event is not stored where it says. The next append of that id finds out by reading that
// one place, and takes the reservation over (expecting the index stream's revision, so two
// takers can't both win). The one window left: an append that reserved but has not written
// yet looks stale to a concurrent append of the same id to another place — a caller reusing
// an id concurrently in two places, which derived ids don't do.

/** Where an event is, or is about to be, stored. */
export interface Place {
  readonly streamId: string;
  readonly revision: bigint;
}

export interface Reservation {
  readonly place: Place;
  /** The revision of the reservation in the id's index stream, to take it over. */
  readonly indexRevision: bigint;
}

export interface ReservationIo {
  /** Appends a reservation expecting that revision of the index stream; false when it was not that. */
  write(eventId: string, place: Place, expected: bigint | 'no_stream'): Promise<boolean>;
  latest(eventId: string): Promise<Reservation | undefined>;
  /** The id of the event stored at that place, if there is one. */
  storedIdAt(place: Place): Promise<string | undefined>;
}

export const RESERVATION_STREAM_PREFIX = 'kare:eventid-';
export const RESERVATION_TYPE = 'KareEventIdReserved';

export const reservationStream = (eventId: string): string => `${RESERVATION_STREAM_PREFIX}${eventId}`;

/** What a reservation event carries (revisions as decimal strings, as everywhere in JSON). */
export const reservationData = (place: Place): { streamId: string; revision: string } => ({
  streamId: place.streamId,
  revision: place.revision.toString(),
});

export const placeOf = (data: unknown): Place | undefined => {
  const { streamId, revision } = (data ?? {}) as { streamId?: unknown; revision?: unknown };
  if (typeof streamId !== 'string' || typeof revision !== 'string' || !/^\d+$/.test(revision))
    return undefined;
  return { streamId, revision: BigInt(revision) };
};

const MAX_TRIES = 10;

/**
 * Reserves `eventId` for `place`. Returns undefined when it is ours (new, already ours, or
 * taken over from a stale reservation), or the place where the id is actually stored.
 */
export const reserve = async (
  io: ReservationIo,
  eventId: string,
  place: Place,
): Promise<Place | undefined> => {
  let expected: bigint | 'no_stream' = 'no_stream';
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    if (await io.write(eventId, place, expected)) return undefined;
    const latest = await io.latest(eventId);
    if (latest === undefined) {
      expected = 'no_stream';
      continue;
    }
    const { place: reserved } = latest;
    if (reserved.streamId === place.streamId && reserved.revision === place.revision) return undefined;
    if ((await io.storedIdAt(reserved)) === eventId) return reserved;
    expected = latest.indexRevision;
  }
  throw new Error(`Could not reserve event id ${eventId}: its index stream keeps changing`);
};
