// What is known of broken chains, cheaply, for the command path and the audit's reads: the breaks
// a verification (or the command handler) found, remembered, and each stream's anchored head to
// compare a loaded head with. A stream is never re-verified whole per command.
import { truncationOf, type AnchoredHead, type ChainBreak } from '../hash-chain.js';
import { StreamNotFound, type EventStore } from '../ports.js';
import type { Anchors } from './anchors.js';

export interface ChainGuard {
  /** Before a stream is loaded: a break known of it, and the head its latest anchor recorded. */
  before(streamId: string): Promise<{ readonly broken?: ChainBreak; readonly anchored?: AnchoredHead }>;
  /** Remembers a break (a verification, or the handler, found it). */
  found(broken: ChainBreak): void;
  /** A verification found the stream whole. */
  forget(streamId: string): void;
  /** The breaks known of these streams: remembered ones, and heads behind their anchored heads. */
  breaksOf(streamIds: readonly string[]): Promise<readonly ChainBreak[]>;
}

/** Remembered breaks at most (a store with more broken streams has other worries). */
const MAX_REMEMBERED = 10_000;

const headOf = async (store: EventStore, streamId: string): Promise<bigint | undefined> => {
  try {
    for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 }))
      return event.revision;
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return undefined;
};

export const createChainGuard = (options: {
  readonly store: EventStore;
  readonly anchors?: Pick<Anchors, 'anchoredHead'>;
}): ChainGuard => {
  const { store, anchors } = options;
  const remembered = new Map<string, ChainBreak>();

  const found = (broken: ChainBreak): void => {
    if (remembered.size >= MAX_REMEMBERED && !remembered.has(broken.streamId)) return;
    remembered.set(broken.streamId, broken);
  };

  const before = async (streamId: string) => {
    const broken = remembered.get(streamId);
    const anchored = await anchors?.anchoredHead(streamId);
    return { ...(broken === undefined ? {} : { broken }), ...(anchored === undefined ? {} : { anchored }) };
  };

  const breaksOf = async (streamIds: readonly string[]): Promise<readonly ChainBreak[]> => {
    const breaks: ChainBreak[] = [];
    for (const streamId of streamIds) {
      const known = await before(streamId);
      // The anchored head first, then the stream's: a head written in between is no break.
      const broken = known.broken ?? truncationOf(streamId, await headOf(store, streamId), known.anchored);
      if (broken === undefined) continue;
      found(broken);
      breaks.push(broken);
    }
    return breaks;
  };

  return { before, found, forget: (streamId) => void remembered.delete(streamId), breaksOf };
};
