// The append rules every store applies the same way: the expected-revision check and the
// recognition of an idempotent retry. Stores call these inside their write transaction.
import { WrongExpectedRevision, type AppendResult, type ExpectedRevision, type NewEvent } from './ports.js';

/** Throws WrongExpectedRevision unless a stream whose last revision is `current` meets `expected`. */
export const checkExpectedRevision = (
  streamId: string,
  current: bigint | undefined,
  expected: ExpectedRevision,
): void => {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) throw new WrongExpectedRevision(streamId, expected, current ?? 'no_stream');
};

export interface StoredLocation {
  readonly streamId: string;
  readonly revision: bigint;
  readonly globalPosition: bigint;
}

/**
 * A retry of an append that already happened: every event id is stored, in this stream, at
 * consecutive revisions in the same order, where the expected revision put them. Returns the
 * original result, or undefined when this is not such a retry (the caller then checks the
 * expected revision and rejects ids stored elsewhere with DuplicateEventId).
 */
export const findIdempotentAppend = (
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  lookup: (eventId: string) => StoredLocation | undefined,
): AppendResult | undefined => {
  const first = events[0] === undefined ? undefined : lookup(events[0].eventId);
  if (first === undefined || first.streamId !== streamId) return undefined;
  const placed =
    expected === 'any' ||
    expected === 'stream_exists' ||
    (expected === 'no_stream' && first.revision === 0n) ||
    (typeof expected === 'bigint' && first.revision === expected + 1n);
  if (!placed) return undefined;
  let last = first;
  for (let i = 1; i < events.length; i += 1) {
    const stored = lookup(events[i]!.eventId);
    if (
      stored === undefined ||
      stored.streamId !== streamId ||
      stored.revision !== first.revision + BigInt(i)
    ) {
      return undefined;
    }
    last = stored;
  }
  return { nextRevision: last.revision, position: last.globalPosition };
};
