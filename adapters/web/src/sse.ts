// Server-Sent Events over fetch, not EventSource: EventSource cannot send the Authorization
// header. Resumes after a dropped connection from the last id seen (Last-Event-ID), as the API
// promises, after the server's `retry:` delay.
import { queryString, type Query } from './api.js';
import { storedKey } from './session.js';

export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

export interface SseHandlers {
  readonly onMessage: (message: SseMessage) => void;
  readonly onState: (state: 'connecting' | 'open' | 'closed') => void;
}

/** Parses one message block (the lines between blank lines). */
export const parseBlock = (block: string): SseMessage | { readonly retry: number } | undefined => {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  let retry: number | undefined;
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  if (data.length > 0) return { id, event, data: data.join('\n') };
  return retry === undefined ? undefined : { retry };
};

/** Follows `path` until the returned function is called. */
export const follow = (path: string, query: Query, handlers: SseHandlers): (() => void) => {
  const abort = new AbortController();
  let lastId: string | undefined;
  let retryMs = 1000;
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      handlers.onState('connecting');
      try {
        const headers = new Headers({ Accept: 'text/event-stream' });
        const key = storedKey();
        if (key !== undefined) headers.set('Authorization', `Bearer ${key}`);
        if (lastId !== undefined) headers.set('Last-Event-ID', lastId);
        const response = await fetch(
          `${path}${queryString(lastId === undefined ? query : { ...query, from: undefined })}`,
          {
            headers,
            signal: abort.signal,
          },
        );
        if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
        handlers.onState('open');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          const blocks = buffer.split(/\r?\n\r?\n/);
          buffer = blocks.pop() ?? '';
          for (const block of blocks) {
            const parsed = parseBlock(block);
            if (parsed === undefined) continue;
            if ('retry' in parsed) retryMs = parsed.retry;
            else {
              if (parsed.id !== undefined) lastId = parsed.id;
              handlers.onMessage(parsed);
            }
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      handlers.onState('closed');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => abort.abort();
};
