// Anchors: hash-chained checkpoints of every stream's head, in their own stream (`anchor-store`,
// category `anchor`, which no projection handles and integrators cannot filter on). Each anchor
// event records the heads (revision and hash) that changed since the previous anchor, and a
// store-wide root that chains from the previous anchor's:
//
//   root = sha256(previousRoot ‖ "\n" ‖ for every head, sorted by stream id (UTF-16 order):
//                 canonicalJson([streamId, revision, hash]) ‖ "\n")
//
// (the anchor stream itself is no head of its own). Replaying the anchors gives every stream's
// anchored head, so a stream whose last events, or all of them, were deleted is detected; a root
// kept elsewhere (`kare anchor` prints it) is found among the anchors, or the anchor stream
// itself was rewritten. Anchors are deterministic (no clock in them) and idempotent: an anchor's
// event id is derived from its sequence number, and an anchor with nothing new is not written.
import { hash } from 'node:crypto';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { v5 as uuidv5 } from 'uuid';
import { canonicalJson, type AnchoredHead, type ChainBreak } from '../hash-chain.js';
import { StreamNotFound, WrongExpectedRevision, type EventStore, type StoredEvent } from '../ports.js';
import { DecimalString } from '../position.js';
import { ConsumerRunner, RUNNER_DEFAULTS, type ConsumerStatus } from '../consumers/consumer-runner.js';

export const ANCHOR_STREAM = 'anchor-store';
export const ANCHOR_EVENT = 'StoreAnchored';
/** The namespace of anchor event ids (uuid v5 of the sequence number). Never change it. */
export const ANCHOR_EVENT_ID_NAMESPACE = '2b0f5d1e-7c39-4a8e-b6d4-91e3f0a7c5d2';
/** The previous root of the first anchor. */
export const GENESIS_ROOT = '0'.repeat(64);
/** Heads per anchor event at most: a store with more changed streams is anchored in several events. */
export const MAX_HEADS_PER_ANCHOR = 500;

export const anchorEventId = (sequence: bigint): string =>
  uuidv5(`${ANCHOR_STREAM}:${sequence.toString()}`, ANCHOR_EVENT_ID_NAMESPACE);

const Sha256 = new t.Type<string, string, unknown>(
  'Sha256',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) => (typeof u === 'string' && /^[0-9a-f]{64}$/.test(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** The data of an anchor event. */
export const AnchorData = t.type({
  sequence: DecimalString,
  /** Every event up to this global position is reflected in the heads. */
  position: DecimalString,
  /** How many streams the anchor covers in all (its delta applied to the previous anchor's). */
  streams: t.number,
  heads: t.array(t.type({ streamId: t.string, revision: DecimalString, hash: Sha256 })),
  previousRoot: Sha256,
  root: Sha256,
});
export type AnchorData = t.TypeOf<typeof AnchorData>;

/** The latest anchor, as `kare anchor` and `kare verify` show it. */
export interface AnchorSummary {
  readonly sequence: bigint;
  readonly position: bigint;
  readonly root: string;
  readonly streams: number;
}

interface Head {
  readonly revision: bigint;
  readonly hash: string;
}

const headLine = (streamId: string, head: Head): string =>
  `${canonicalJson([streamId, head.revision.toString(), head.hash])}\n`;

/** The root over `heads` (every stream's, sorted by id) chained from `previousRoot`. */
export const anchorRoot = (previousRoot: string, heads: ReadonlyMap<string, Head>): string => {
  const ids = [...heads.keys()].sort();
  let text = `${previousRoot}\n`;
  for (const id of ids) text += headLine(id, heads.get(id)!);
  return hash('sha256', text, 'hex');
};

const brokenAnchor = (revision: bigint, reason: string): ChainBreak => ({
  streamId: ANCHOR_STREAM,
  brokenAt: revision,
  reason,
});

/** The anchors replayed: every stream's anchored head, the latest anchor, and what did not hold. */
export class AnchorLedger {
  readonly heads = new Map<string, AnchoredHead>();
  /** Every anchor's root, with its sequence. */
  readonly roots = new Map<string, bigint>();
  readonly problems: ChainBreak[] = [];
  latest: AnchorSummary | undefined;
  count = 0;

  constructor(
    /** Recompute each anchor's root and compare (a verification); the writer only follows. */
    private readonly checkRoots: boolean,
  ) {}

  /** The sequence number of the next anchor. */
  get next(): bigint {
    return this.latest === undefined ? 0n : this.latest.sequence + 1n;
  }

  get root(): string {
    return this.latest?.root ?? GENESIS_ROOT;
  }

  /** The root the heads would have with `delta` applied, chained from the latest anchor. */
  rootWith(delta: ReadonlyMap<string, Head>): string {
    const merged = new Map<string, Head>(this.heads);
    for (const [id, head] of delta) merged.set(id, head);
    return anchorRoot(this.root, merged);
  }

  apply(event: StoredEvent): void {
    const decoded = event.type === ANCHOR_EVENT ? AnchorData.decode(event.data) : undefined;
    if (decoded === undefined || isLeft(decoded)) {
      this.problems.push(brokenAnchor(event.revision, `${event.type} at this revision is not an anchor`));
      return;
    }
    const data = decoded.right;
    const previousRoot = this.root;
    if (data.sequence !== event.revision)
      this.problems.push(
        brokenAnchor(
          event.revision,
          `the anchor says it is #${data.sequence.toString()}, not #${event.revision.toString()}`,
        ),
      );
    if (data.previousRoot !== previousRoot)
      this.problems.push(
        brokenAnchor(
          event.revision,
          `the anchor does not chain from the previous anchor's root (${previousRoot})`,
        ),
      );
    for (const head of data.heads)
      this.heads.set(head.streamId, { revision: head.revision, hash: head.hash, sequence: event.revision });
    if (this.checkRoots) {
      if (anchorRoot(data.previousRoot, this.heads) !== data.root)
        this.problems.push(
          brokenAnchor(event.revision, 'the anchor root does not match the heads it covers'),
        );
      if (data.streams !== this.heads.size)
        this.problems.push(
          brokenAnchor(event.revision, `the anchor covers ${this.heads.size} streams, not ${data.streams}`),
        );
    }
    this.count += 1;
    this.roots.set(data.root, event.revision);
    this.latest = {
      sequence: event.revision,
      position: data.position,
      root: data.root,
      streams: data.streams,
    };
  }

  /** Applies the anchors stored after the ones applied. */
  async follow(store: EventStore): Promise<void> {
    try {
      for await (const event of store.readStream(ANCHOR_STREAM, { from: this.next })) this.apply(event);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
  }
}

/** Every anchor of the store replayed, each root recomputed. */
export const replayAnchors = async (store: EventStore): Promise<AnchorLedger> => {
  const ledger = new AnchorLedger(true);
  await ledger.follow(store);
  return ledger;
};

/** When the served engine anchors: after this many events, and this often (0: not by that). */
export interface AnchorSchedule {
  readonly everyEvents: number;
  readonly everyMs: number;
}

export const DEFAULT_ANCHOR_SCHEDULE: AnchorSchedule = { everyEvents: 1000, everyMs: 60_000 };

export interface TakenAnchors {
  /** Anchor events written now (0 when nothing changed since the latest). */
  readonly written: number;
  readonly latest: AnchorSummary | undefined;
}

export interface Anchors {
  /** Anchors the heads that changed since the latest anchor, now. */
  take(): Promise<TakenAnchors>;
  /** The latest anchor in the store. */
  latest(): Promise<AnchorSummary | undefined>;
  /** The head the latest anchors recorded for the stream (the anchors are reread at most every refreshMs, or now when `fresh`). */
  anchoredHead(streamId: string, fresh?: boolean): Promise<AnchoredHead | undefined>;
  /** Anchors in the background by the schedule, on the consumer runner and a timer; failures are retried. */
  start(schedule?: AnchorSchedule, onError?: (error: unknown) => void): void;
  stop(): Promise<void>;
  status(): Promise<ConsumerStatus | undefined>;
}

export interface AnchorsOptions {
  readonly store: EventStore;
  /** Told of a failed anchor in the background (the job retries). */
  readonly onError?: (error: unknown) => void;
  /** How stale the anchored heads the command path sees may be (default 1000 ms). */
  readonly refreshMs?: number;
}

/** The anchor stream does not hold: no anchor is written on top of it until it is looked at. */
export class AnchorStreamBroken extends Error {
  override readonly name = 'AnchorStreamBroken';
}

const MAX_CONFLICTS = 5;

export const createAnchors = (options: AnchorsOptions): Anchors => {
  const { store } = options;
  let onError = options.onError ?? (() => undefined);
  const refreshMs = options.refreshMs ?? 1000;
  const ledger = new AnchorLedger(false);
  let syncedAt = -Infinity;
  let syncing: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let runner: ConsumerRunner | undefined;
  let timer: NodeJS.Timeout | undefined;

  const sync = (): Promise<void> => {
    syncing ??= ledger.follow(store).then(
      () => {
        syncedAt = Date.now();
        syncing = undefined;
      },
      (error: unknown) => {
        syncing = undefined;
        throw error;
      },
    );
    return syncing;
  };

  /** Writes one anchor of `delta` covering every event up to `through`; false when another writer was first. */
  const write = async (delta: ReadonlyMap<string, Head>, through: bigint): Promise<boolean> => {
    const sequence = ledger.next;
    let streams = ledger.heads.size;
    for (const id of delta.keys()) if (!ledger.heads.has(id)) streams += 1;
    const heads = [...delta.keys()].sort().map((streamId) => {
      const head = delta.get(streamId)!;
      return { streamId, revision: head.revision.toString(), hash: head.hash };
    });
    const root = ledger.rootWith(delta);
    try {
      await store.append(
        ANCHOR_STREAM,
        [
          {
            eventId: anchorEventId(sequence),
            type: ANCHOR_EVENT,
            data: {
              sequence: sequence.toString(),
              position: through.toString(),
              streams,
              heads,
              previousRoot: ledger.root,
              root,
            },
            metadata: { schemaVersion: 1, actor: 'kare:anchors' },
          },
        ],
        { expectedRevision: sequence === 0n ? 'no_stream' : sequence - 1n },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      await sync();
      return false;
    }
    // What is stored is the anchor, whoever wrote it (the same derived id makes another writer's
    // anchor look like this one's retry): follow the stream, and compare with what was sent.
    await sync();
    return ledger.roots.get(root) === sequence;
  };

  const takeNow = async (): Promise<TakenAnchors> => {
    pending = 0;
    await sync();
    let written = 0;
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt += 1) {
      const [problem] = ledger.problems;
      if (problem !== undefined)
        throw new AnchorStreamBroken(
          `the anchor stream is broken at anchor #${problem.brokenAt.toString()} (${problem.reason}): run kare verify`,
        );
      const start = ledger.latest?.position ?? 0n;
      let through = start;
      const delta = new Map<string, Head>();
      const from = ledger.latest === undefined ? {} : { fromPosition: start };
      for await (const event of store.readAll(from)) {
        through = event.globalPosition;
        if (event.streamId === ANCHOR_STREAM) continue;
        const known = delta.get(event.streamId) ?? ledger.heads.get(event.streamId);
        if (known !== undefined && known.revision >= event.revision) continue;
        delta.set(event.streamId, { revision: event.revision, hash: event.hash });
      }
      // A large delta goes out in anchors of at most MAX_HEADS_PER_ANCHOR heads. Only the last
      // one claims to cover the events up to `through`: after a crash between two of them the
      // next take starts from the old position again and anchors what is left.
      const ids = [...delta.keys()];
      let conflict = false;
      for (let i = 0; i < ids.length && !conflict; i += MAX_HEADS_PER_ANCHOR) {
        const chunk = new Map(ids.slice(i, i + MAX_HEADS_PER_ANCHOR).map((id) => [id, delta.get(id)!]));
        const last = i + MAX_HEADS_PER_ANCHOR >= ids.length;
        if (await write(chunk, last ? through : start)) written += 1;
        else conflict = true;
      }
      if (!conflict) return { written, latest: ledger.latest };
    }
    throw new Error(
      `other writers kept anchoring ${ANCHOR_STREAM} first; gave up after ${MAX_CONFLICTS} attempts`,
    );
  };

  const take = (): Promise<TakenAnchors> => {
    const run = queue.then(takeNow);
    queue = run.catch(() => undefined);
    return run;
  };

  const start = (
    schedule: AnchorSchedule = DEFAULT_ANCHOR_SCHEDULE,
    told?: (error: unknown) => void,
  ): void => {
    if (runner !== undefined || timer !== undefined) return;
    if (told !== undefined) onError = told;
    const { everyEvents, everyMs } = schedule;
    if (everyEvents > 0) {
      runner = new ConsumerRunner(
        store,
        {
          name: 'anchors',
          // The latest anchor is the checkpoint: the events after it are the ones not anchored.
          checkpoint: {
            load: async () => {
              await sync();
              return ledger.latest?.position;
            },
            save: () => undefined,
          },
          handle: async (events) => {
            for (const event of events) if (event.streamId !== ANCHOR_STREAM) pending += 1;
            if (pending >= everyEvents) await take();
          },
        },
        {
          ...RUNNER_DEFAULTS,
          backoff: { initialMs: 1000, maxMs: 30_000 },
          onFailure: (error) => onError(error),
        },
      );
      runner.start();
    }
    if (everyMs > 0) {
      timer = setInterval(() => {
        if (runner === undefined || pending > 0) take().catch((error: unknown) => onError(error));
      }, everyMs);
      timer.unref();
    }
  };

  return {
    take,
    latest: async () => {
      await sync();
      return ledger.latest;
    },
    anchoredHead: async (streamId, fresh = false) => {
      if (fresh || Date.now() - syncedAt >= refreshMs) await sync();
      return ledger.heads.get(streamId);
    },
    start,
    stop: async () => {
      clearInterval(timer);
      timer = undefined;
      await runner?.stop();
      runner = undefined;
      await queue;
    },
    status: async () => runner?.status(),
  };
};
