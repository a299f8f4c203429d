// Proof that nothing was altered: one stream's hash chain (the store walks it over the events as
// stored), or every stream of the store, found by reading $all, with a summary of the broken ones.
// Where anchors were taken (anchors.ts), each anchored head must still be there with its hash: a
// stream whose last events were deleted, or that was dropped whole, is broken too.
import { truncationOf, type AnchoredHead, type ChainBreak } from '../hash-chain.js';
import { StreamNotFound, type EventStore, type VerifyResult } from '../ports.js';
import { replayAnchors, type AnchorSummary } from './anchors.js';
import { streamNotFound, type StreamNotFoundResult } from './not-found.js';

export type StreamVerification =
  { readonly kind: 'verified'; readonly result: VerifyResult } | StreamNotFoundResult;

/** A broken stream: `brokenAt` is the first revision whose hash does not fit, or that is missing. */
export type BrokenStream = ChainBreak;

/** What the anchors say, when there are any. */
export interface AnchorCheck {
  /** Anchors replayed. */
  readonly anchors: number;
  /** Undefined when there is none (only a root was asked for). */
  readonly latest: AnchorSummary | undefined;
  /** The root asked for (`kare verify --anchor`): the sequence of the anchor that has it, if one has. */
  readonly root?: { readonly given: string; readonly sequence: bigint | undefined };
}

export interface VerificationSummary {
  /** How many streams were verified (those of $all, and those only the anchors know). */
  readonly streams: number;
  /** True when every chain held, every anchored head is there and the anchors chain. */
  readonly ok: boolean;
  readonly broken: readonly BrokenStream[];
  /** Present when the store has anchors, or a root was asked for. */
  readonly anchors?: AnchorCheck;
}

/** Called after each stream: `total` once it is known (the streams are counted before the walk). */
export type VerificationProgress = (done: number, total?: number) => void;

export interface VerifyAllOptions {
  readonly onProgress?: VerificationProgress;
  /** A root kept elsewhere: the summary says which anchor has it, if one does. */
  readonly root?: string;
}

/** The hash of the stream's event at a revision, or undefined when there is none. */
const hashAt = async (store: EventStore, streamId: string, revision: bigint): Promise<string | undefined> => {
  for await (const event of store.readStream(streamId, { from: revision, maxCount: 1 }))
    return event.revision === revision ? event.hash : undefined;
  return undefined;
};

/** A chain that held, against its anchored head: still there, with the hash the anchor recorded. */
const anchoredBreak = async (
  store: EventStore,
  result: Extract<VerifyResult, { ok: true }>,
  anchored: AnchoredHead | undefined,
): Promise<ChainBreak | undefined> => {
  if (anchored === undefined) return undefined;
  const { streamId } = result;
  const truncated = truncationOf(streamId, result.events - 1n, anchored);
  if (truncated !== undefined) return truncated;
  const last = result.events - 1n;
  const found =
    last === anchored.revision ? result.headHash : await hashAt(store, streamId, anchored.revision);
  if (found === anchored.hash) return undefined;
  return {
    streamId,
    brokenAt: anchored.revision,
    reason: `revision ${anchored.revision.toString()} is not the event anchor #${anchored.sequence.toString()} recorded (another hash)`,
  };
};

/** One stream's chain, and its head against the head an anchor recorded (when given). */
export const verifyStream = async (
  store: EventStore,
  streamId: string,
  anchored?: AnchoredHead,
): Promise<StreamVerification> => {
  let result: VerifyResult;
  try {
    result = await store.verify(streamId);
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
    const dropped = truncationOf(streamId, undefined, anchored);
    if (dropped === undefined) return streamNotFound(streamId);
    return { kind: 'verified', result: { ok: false, ...dropped } };
  }
  const broken = result.ok ? await anchoredBreak(store, result, anchored) : undefined;
  return { kind: 'verified', result: broken === undefined ? result : { ok: false, ...broken } };
};

/** Every stream id in the store, in the order of its first event. */
const streamIds = async (store: EventStore): Promise<readonly string[]> => {
  const seen = new Set<string>();
  for await (const event of store.readAll()) seen.add(event.streamId);
  return [...seen];
};

const brokenOf = (verification: StreamVerification): BrokenStream | undefined => {
  if (verification.kind === 'stream_not_found') {
    // Listed by $all a moment ago: a stream that vanished is as broken as a chain can be.
    return { streamId: verification.streamId, brokenAt: 0n, reason: 'the stream has disappeared' };
  }
  const { result } = verification;
  return result.ok
    ? undefined
    : { streamId: result.streamId, brokenAt: result.brokenAt, reason: result.reason };
};

export const verifyAll = async (
  store: EventStore,
  options: VerifyAllOptions = {},
): Promise<VerificationSummary> => {
  const ids = await streamIds(store);
  const ledger = await replayAnchors(store);
  const listed = new Set(ids);
  // Anchored, yet not in $all: dropped whole.
  const dropped = [...ledger.heads.keys()].filter((id) => !listed.has(id));
  const total = ids.length + dropped.length;
  const broken: BrokenStream[] = [];
  options.onProgress?.(0, total);
  for (const [i, streamId] of ids.entries()) {
    const found = brokenOf(await verifyStream(store, streamId, ledger.heads.get(streamId)));
    if (found !== undefined) broken.push(found);
    options.onProgress?.(i + 1, total);
  }
  for (const [i, streamId] of dropped.entries()) {
    broken.push(truncationOf(streamId, undefined, ledger.heads.get(streamId))!);
    options.onProgress?.(ids.length + i + 1, total);
  }
  broken.push(...ledger.problems);
  const summary = { streams: total, ok: broken.length === 0, broken };
  if (ledger.latest === undefined && options.root === undefined) return summary;
  const root =
    options.root === undefined
      ? {}
      : { root: { given: options.root, sequence: ledger.roots.get(options.root) } };
  return { ...summary, anchors: { anchors: ledger.count, latest: ledger.latest, ...root } };
};
