// An account's timeline: every event of its own stream and of its agreements' and commitments'
// streams, in global-position order, a page at a time after a position cursor. Each stream is
// sought to the cursor (binary search) and read forward no further than the page needs.
import { accountStream } from '../../domain/kernel/index.js';
import type { EventStore, StoredEvent, StreamIndex } from '../ports.js';
import { mergeByPosition } from './merge-by-position.js';
import type { AccountNotFoundResult } from './not-found.js';
import { pageSize } from './page-size.js';
import { revisionAfterPosition } from './revision-after-position.js';

export interface AccountTimelineOptions {
  /** The cursor: events strictly after this global position. Default: from the first event. */
  readonly after?: bigint;
  /** Events per page (default 100, at most 1000). */
  readonly limit?: number;
}

export interface AccountTimelinePage {
  readonly kind: 'page';
  readonly accountId: string;
  /** The streams merged: the account's own first, then its agreements' and commitments'. */
  readonly streams: readonly string[];
  readonly events: readonly StoredEvent[];
  /** The `after` of the next page; undefined when this page reached the end. */
  readonly next: bigint | undefined;
}

export type AccountTimeline = AccountTimelinePage | AccountNotFoundResult;

const take = async <T>(iterable: AsyncIterable<T>, count: number): Promise<T[]> => {
  const out: T[] = [];
  if (count <= 0) return out;
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= count) break;
  }
  return out;
};

/** The account's streams; its own always, even when the index has not caught up with it yet. */
const streamsOfAccount = async (index: StreamIndex, accountId: string): Promise<string[]> => [
  ...new Set([accountStream(accountId), ...(await index.streamsOf(accountId))]),
];

export const accountTimeline = async (
  store: EventStore,
  index: StreamIndex,
  accountId: string,
  options: AccountTimelineOptions = {},
): Promise<AccountTimeline> => {
  const streams = await streamsOfAccount(index, accountId);
  const starts = await Promise.all(
    streams.map((streamId) => revisionAfterPosition(store, streamId, options.after)),
  );
  if (starts[0] === 'no_stream') return { kind: 'account_not_found', accountId };

  const limit = pageSize(options.limit);
  // No stream can give more than a page (plus the one that tells a next page exists).
  const sources = streams.flatMap((streamId, i) => {
    const from = starts[i];
    return typeof from === 'bigint' ? [store.readStream(streamId, { from, maxCount: limit + 1 })] : [];
  });
  const read = await take(mergeByPosition(sources), limit + 1);
  const events = read.slice(0, limit);
  const next = read.length > limit ? events.at(-1)?.globalPosition : undefined;
  return { kind: 'page', accountId, streams, events, next };
};
