// A small Server-Sent Events client over node:http for tests: messages and comments as they
// arrive, and a way to drop the connection the way a network would.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface SseMessage {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

export interface EventStreamClient {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The next message (waits for it); rejects when the stream ends first or after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** The next `n` messages. */
  take(n: number, timeoutMs?: number): Promise<SseMessage[]>;
  /** The next comment line (`: heartbeat`), without the colon. */
  nextComment(timeoutMs?: number): Promise<string>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** Drops the connection. */
  close(): void;
}

class Queue<T> {
  private readonly items: T[] = [];
  private readonly waiters: { resolve: (item: T) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter === undefined) this.items.push(item);
    else waiter.resolve(item);
  }

  fail(error: Error): void {
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  shift(timeoutMs: number, what: string): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }
}

/** Parses one block (the lines between blank lines) into a message, a comment or nothing. */
const parseBlock = (block: string, messages: Queue<SseMessage>, comments: Queue<string>): void => {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length > 0)
    messages.push({
      ...(id === undefined ? {} : { id }),
      ...(event === undefined ? {} : { event }),
      data: data.join('\n'),
    });
};

export const openEventStream = (
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStreamClient> =>
  new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const messages = new Queue<SseMessage>();
      const comments = new Queue<string>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.search(/\r?\n\r?\n/); end !== -1; end = buffer.search(/\r?\n\r?\n/)) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          parseBlock(block, messages, comments);
        }
      });
      const ended = new Promise<void>((done) => {
        const finish = (): void => {
          messages.fail(new Error('the stream ended'));
          comments.fail(new Error('the stream ended'));
          done();
        };
        res.on('end', finish);
        res.on('close', finish);
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        next: (timeoutMs = 5000) => messages.shift(timeoutMs, 'message'),
        take: async (n, timeoutMs = 5000) => {
          const taken: SseMessage[] = [];
          while (taken.length < n)
            taken.push(await messages.shift(timeoutMs, `message ${taken.length + 1} of ${n}`));
          return taken;
        },
        nextComment: (timeoutMs = 5000) => comments.shift(timeoutMs, 'comment'),
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
