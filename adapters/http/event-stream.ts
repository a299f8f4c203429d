// Server-Sent Events of the log for one client: history first, read from the store at the
// client's own pace (backpressure: it waits for the socket to drain), then live from the shared
// fan-out. The handoff has no gap and no repeat: the client joins the fan-out, reads the store
// once more up to its head, then takes the fan-out's events past the last position it sent.
// A comment every heartbeat keeps proxies from closing an idle stream.
import type { Request, Response } from 'express';
import { matchesFilter, type EventFilter, type EventStore, type StoredEvent } from '../../src/ports.js';
import type { EventFanout } from './event-fanout.js';
import { sseMessage } from './sse-message.js';

export { sseMessage } from './sse-message.js';

/** The streams being served, so a shutdown can end them (a server waits for open responses). */
export class OpenStreams {
  private readonly ends = new Set<() => void>();
  private closing = false;

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

  /** The store's events after `position`, up to its head, at the pace the client reads. */
  const catchUp = async (): Promise<void> => {
    for await (const event of options.store.readAll({ fromPosition: position })) {
      if (ended) return;
      if (!send(event)) await drained(res);
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
