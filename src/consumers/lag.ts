// How far a consumer is behind, in events: the store's KARE events after its position up to the
// head. Positions are not counts (on EventStoreDB they are bytes of the log), so the lag is
// counted, and counting stops at a cap: a status stays cheap however far behind a consumer is.
import { UnknownPosition, type EventStore } from '../ports.js';

/** The most events a lag counts; a lag at the cap is shown as capped (at least that many). */
export const LAG_CAP = 10_000n;

export interface Lag {
  readonly lag: bigint;
  /** Present when the count stopped at the cap. */
  readonly lagCapped?: true;
}

const counted = async (store: EventStore, after: bigint, upTo: bigint, cap: bigint) => {
  if (store.countEvents !== undefined) return store.countEvents(after, upTo, cap);
  let events = 0n;
  for await (const event of store.readAll({ fromPosition: after, maxCount: cap + 1n })) {
    if (event.globalPosition > upTo) break;
    events += 1n;
    if (events > cap) return { events: cap, capped: true };
  }
  return { events, capped: false };
};

/** The events after `position` up to `head`, up to `cap`. */
export const lagBehind = async (
  store: EventStore,
  position: bigint,
  head: bigint,
  cap: bigint = LAG_CAP,
): Promise<Lag> => {
  if (position >= head) {
    // Past the head is a position this store never issued (another store's checkpoint): all
    // of this store's events are still to come.
    if (position === head || head === 0n) return { lag: 0n };
    return lagBehind(store, 0n, head, cap);
  }
  let count;
  try {
    count = await counted(store, position, head, cap);
  } catch (error) {
    if (!(error instanceof UnknownPosition) || position === 0n) throw error;
    count = await counted(store, 0n, head, cap);
  }
  return count.capped ? { lag: count.events, lagCapped: true } : { lag: count.events };
};
