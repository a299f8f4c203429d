// One stream's events as an auditor reads them, a page at a time: each stored event carries
// who and why (metadata: actor, commandId, correlationId, causationId, policyVersion), when
// (recordedAt), where (revision, globalPosition) and the hash that chains it to its predecessor.
import { StreamNotFound, type Direction, type EventStore, type StoredEvent } from '../ports.js';
import { streamNotFound, type StreamNotFoundResult } from './not-found.js';
import { pageSize } from './page-size.js';

export interface StreamHistoryOptions {
  /** The first revision of the page (inclusive). Default: the start, or the end when backwards. */
  readonly from?: bigint;
  /** Events per page (default 100, at most 1000). */
  readonly limit?: number;
  readonly direction?: Direction;
}

export interface StreamHistoryPage {
  readonly kind: 'page';
  readonly streamId: string;
  readonly direction: Direction;
  readonly events: readonly StoredEvent[];
  /** The `from` of the next page in the same direction; undefined when this page is the last. */
  readonly next: bigint | undefined;
}

export type StreamHistory = StreamHistoryPage | StreamNotFoundResult;

export const streamHistory = async (
  store: EventStore,
  streamId: string,
  options: StreamHistoryOptions = {},
): Promise<StreamHistory> => {
  const direction = options.direction ?? 'forwards';
  const limit = pageSize(options.limit);
  const read: StoredEvent[] = [];
  try {
    // One more than the page: whether it arrives says if there is a next page.
    for await (const event of store.readStream(streamId, {
      direction,
      maxCount: limit + 1,
      ...(options.from === undefined ? {} : { from: options.from }),
    })) {
      read.push(event);
    }
  } catch (error) {
    if (error instanceof StreamNotFound) return streamNotFound(streamId);
    throw error;
  }
  const events = read.slice(0, limit);
  const following = read[limit];
  return { kind: 'page', streamId, direction, events, next: following?.revision };
};
