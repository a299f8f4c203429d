// Server-Sent Events of the log for one client: history first, read from the store a page at a
// time at the client's own pace (backpressure: it waits for the socket to drain), the pages
// shared with other replays and served in turns (`HistoryReplays`), then live from the shared
// fan-out. The handoff has no gap and no repeat: the client joins the fan-out, reads the store
// once more up to its head, then takes the fan-out's events past the last position it sent.
// A comment every heartbeat keeps proxies from closing an idle stream.
import type { Request, Response } from 'express';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { matchesFilter, type EventFilter, type EventStore, type StoredEvent } from '../../src/ports.js';
import type { EventFanout } from './event-fanout.js';
import { sseMessage } from './sse-message.js';

export { sseMessage } from './sse-message.js';

export interface HistoryReplayOptions {
  /** Events a replay reads at a time (default 500). */
  readonly pageSize?: number;
  /** Pages served in a turn of the event loop, over all replays (default 2); the others wait their turn. */
  readonly concurrentPages?: number;
  /** Bytes of SSE messages kept for other replays to share (default 4 MiB). */
  readonly sharedBytes?: number;
}

type Page = readonly (readonly [StoredEvent, string])[];

/**
 * The history replays of every event stream. Twenty clients catching up from position 0 used to
 * read and serialise the whole log twenty times, each in long runs that never gave the event
 * loop back (a page of the store comes without I/O), so a one-row read made meanwhile waited
 * 14.6 s. Now a replay reads a page at a time; a page another replay read from the same position
 * is taken from a small cache, serialised once for all; and pages are served in turns, at most
 * `concurrentPages` in a turn of the event loop, so the requests that came meanwhile go between.
 * It serves one store (the server's); a page of another is read, not shared.
 */
export class HistoryReplays {
  readonly pageSize: number;
  private store: EventStore | undefined;
  private readonly concurrentPages: number;
  private readonly sharedBytes: number;
  /** Full pages by the position they follow, oldest first; a short page is the log's end, never kept. */
  private readonly shared = new Map<bigint, { readonly page: Promise<Page>; bytes: number }>();
  private sharedTotal = 0;
  private reading = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: HistoryReplayOptions = {}) {
    this.pageSize = options.pageSize ?? 500;
    this.concurrentPages = options.concurrentPages ?? 2;
    this.sharedBytes = options.sharedBytes ?? 4 * 1024 * 1024;
  }

  /** The events after `after` (at most a page), each with its SSE message, when its turn comes. */
  async page(store: EventStore, after: bigint): Promise<Page> {
    await nextTurn();
    await this.take();
    try {
      this.store ??= store;
      if (store !== this.store) return await this.read(store, after);
      const kept = this.shared.get(after);
      if (kept !== undefined) return await kept.page;
      const page = this.read(store, after);
      this.keep(after, page);
      return await page;
    } finally {
      this.give();
    }
  }

  private async read(store: EventStore, after: bigint): Promise<Page> {
    const page: (readonly [StoredEvent, string])[] = [];
    for await (const event of store.readAll({ fromPosition: after, maxCount: this.pageSize }))
      page.push([event, sseMessage(event)]);
    return page;
  }

  private keep(after: bigint, page: Promise<Page>): void {
    const entry = { page, bytes: 0 };
    this.shared.set(after, entry);
    const forget = (): void => {
      if (this.shared.get(after) !== entry) return;
      this.shared.delete(after);
      this.sharedTotal -= entry.bytes;
    };
    page.then((events) => {
      if (events.length < this.pageSize) return forget();
      entry.bytes = events.reduce((sum, [, message]) => sum + message.length, 0);
      this.sharedTotal += entry.bytes;
      // Over budget, the oldest pages go; the newest stays, for the replays right behind this one.
      for (const [position, oldest] of this.shared) {
        if (this.sharedTotal <= this.sharedBytes || oldest === entry) break;
        this.shared.delete(position);
        this.sharedTotal -= oldest.bytes;
      }
    }, forget);
  }

  /** A place among the pages served in this turn, or a wait for one. */
  private async take(): Promise<void> {
    if (this.reading < this.concurrentPages) {
      this.reading += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the place to the next replay on the next turn of the loop, so I/O goes between. */
  private give(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.reading -= 1;
    else setImmediate(next);
  }
}

/** The streams being served, so a shutdown can end them (a server waits for open responses). */
export class OpenStreams {
  private readonly ends = new Set<() => void>();
  private closing = false;

  /** The streams' history replays: shared pages, taken in turns. */
  constructor(readonly replays: HistoryReplays = new HistoryReplays()) {}

  get size(): number {
    return this.ends.size;
  }

  /** Registers how to end a stream; returns its removal. After endAll, a new stream ends at once. */
  add(end: () => void): () => void {
    if (this.closing) {
      queueMicrotask(end);
      return () => undefined;
    }
    this.ends.add(end);
    return () => this.ends.delete(end);
  }

  /** Ends every stream, and every one opened from now on: the server is shutting down. */
  endAll(): void {
    this.closing = true;
    for (const end of [...this.ends]) end();
  }
}

export interface EventStreamOptions {
  readonly store: EventStore;
  readonly fanout: EventFanout;
  readonly streams: OpenStreams;
  readonly heartbeatMs: number;
  /** Deliver the events strictly after this position; default: from the first event. */
  readonly fromPosition?: bigint;
  readonly filter: EventFilter;
  /** Told when reading the history fails (the client reconnects with Last-Event-ID). */
  readonly onError?: (error: unknown) => void;
}

/**
 * A live client that lets this much pile up unread is dropped rather than buffered without
 * bound: it reconnects with Last-Event-ID and catches up from the store at its own pace.
 */
export const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

/** What a replay may have written that the client has not taken yet, before it waits for the client. */
const REPLAY_AHEAD_BYTES = 1024 * 1024;

/** Resolves when the client has taken what was written, or is gone. */
const drained = (res: Response): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

/** Streams until the client goes away or the server ends the stream. */
export const streamEvents = async (
  req: Request,
  res: Response,
  options: EventStreamOptions,
): Promise<void> => {
  req.socket.setNoDelay(true);
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // Tells nginx-style proxies not to buffer the stream.
    'X-Accel-Buffering': 'no',
  });
  // The first bytes go out at once, so the client knows it is subscribed before any event.
  res.write('retry: 1000\n\n');

  let position = options.fromPosition ?? 0n;
  let ended = false;
  let leave: () => void = () => undefined;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), options.heartbeatMs);
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    leave();
    if (!res.writableEnded) res.end();
    finished();
  };
  const unregister = options.streams.add(end);
  res.on('close', end);
  if (req.socket.destroyed) end();

  /** Sends an event past the last position sent (and moves the position even when filtered out). */
  const send = (event: StoredEvent, message?: string): boolean => {
    if (ended || event.globalPosition <= position) return true;
    position = event.globalPosition;
    if (!matchesFilter(event, options.filter)) return true;
    return res.write(message ?? sseMessage(event));
  };

  /** The store's events after `position`, up to its head, a page at a time at the pace the client reads. */
  const catchUp = async (): Promise<void> => {
    const { replays } = options.streams;
    while (!ended) {
      const page = await replays.page(options.store, position);
      if (ended) return;
      // One write a page: what this client takes of it, in order.
      const text: string[] = [];
      for (const [event, message] of page) {
        if (event.globalPosition <= position) continue;
        position = event.globalPosition;
        if (matchesFilter(event, options.filter)) text.push(message);
      }
      if (text.length > 0) res.write(text.join(''));
      if (page.length < replays.pageSize) return;
      // A client that reads slower than the log is replayed waits here, a page or so ahead of it.
      if (res.writableLength > REPLAY_AHEAD_BYTES) await drained(res);
    }
  };

  try {
    await catchUp();
    // Join the live part, holding its events back while the store is read once more: what was
    // committed before joining comes from the store, the rest from the fan-out, none twice.
    const held: [StoredEvent, string][] = [];
    let live = false;
    if (!ended) {
      leave = await options.fanout.join({
        deliver: (event, message) => {
          if (!live) {
            held.push([event, message]);
            return;
          }
          send(event, message);
          if (res.writableLength > MAX_UNREAD_BYTES) end();
        },
        end,
      });
      if (ended) leave();
    }
    await catchUp();
    for (const [event, message] of held) send(event, message);
    live = true;
  } catch (error) {
    if (!ended) options.onError?.(error);
    end();
  }
  await done;
  unregister();
};
