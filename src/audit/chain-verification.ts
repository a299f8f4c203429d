// Proof that nothing was altered: one stream's hash chain (the store walks it over the events as
// stored), or every stream of the store, found by reading $all, with a summary of the broken ones.
import { StreamNotFound, type EventStore, type VerifyResult } from '../ports.js';
import { streamNotFound, type StreamNotFoundResult } from './not-found.js';

export type StreamVerification =
  { readonly kind: 'verified'; readonly result: VerifyResult } | StreamNotFoundResult;

export interface BrokenStream {
  readonly streamId: string;
  /** The first revision whose stored hash does not fit its content and predecessor. */
  readonly brokenAt: bigint;
  readonly reason: string;
}

export interface VerificationSummary {
  /** How many streams were verified. */
  readonly streams: number;
  /** True when every chain held. */
  readonly ok: boolean;
  readonly broken: readonly BrokenStream[];
}

/** Called after each stream: `total` once it is known (the streams are counted before the walk). */
export type VerificationProgress = (done: number, total?: number) => void;

export interface VerifyAllOptions {
  readonly onProgress?: VerificationProgress;
}

export const verifyStream = async (store: EventStore, streamId: string): Promise<StreamVerification> => {
  try {
    return { kind: 'verified', result: await store.verify(streamId) };
  } catch (error) {
    if (error instanceof StreamNotFound) return streamNotFound(streamId);
    throw error;
  }
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
  const broken: BrokenStream[] = [];
  options.onProgress?.(0, ids.length);
  for (const [i, streamId] of ids.entries()) {
    const found = brokenOf(await verifyStream(store, streamId));
    if (found !== undefined) broken.push(found);
    options.onProgress?.(i + 1, ids.length);
  }
  return { streams: ids.length, ok: broken.length === 0, broken };
};
